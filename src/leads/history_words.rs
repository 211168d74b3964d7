//! A lead's history in words a salesperson understands: each audit event becomes one
//! short sentence (in Chinese, the language of the sales office). Pure, so every action's
//! wording is tested here.

use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

use crate::audit::AuditAction;

/// Chinese names of the lead fields an edit can change.
fn field_label(field: &str) -> &str {
    match field {
        "name" => "姓名",
        "phone" => "电话",
        "wechat_id" => "微信",
        "gender" => "性别",
        "age_band" => "年龄段",
        "birthday" => "生日",
        "occupation" => "职业",
        "family_structure" => "家庭结构",
        "residence_district" => "居住区域",
        "work_district" => "工作区域",
        "source_channel" => "来源渠道",
        "channel_detail" => "渠道明细",
        "budget_min_fen" => "预算下限",
        "budget_max_fen" => "预算上限",
        "down_payment_fen" => "首付",
        "intended_layouts" => "意向户型",
        "area_min_sqm" => "面积下限",
        "area_max_sqm" => "面积上限",
        "purpose" => "购房目的",
        "expected_move_in" => "期望入住",
        "decision_maker" => "决策人",
        "decision_cycle_days" => "决策周期",
        "concerns" => "关注点",
        "doubts" => "疑虑",
        "tags" => "标签",
        "id_number" => "身份证号",
        "marketing_consent" => "营销授权",
        "consent_channel" => "授权渠道",
        "consent_at" => "授权时间",
        "status" => "状态",
        "lost_reason" => "流失原因",
        other => other,
    }
}

fn channel_label(channel: &str) -> &str {
    match channel {
        "phone" => "电话",
        "wechat" => "微信",
        "visit" => "到访",
        "show_flat" => "看样板房",
        "sms" => "短信",
        "video" => "视频",
        _ => "其他方式",
    }
}

fn cause_label(cause: &str) -> &str {
    match cause {
        "created" => "登记",
        "follow_up" => "跟进",
        "profile_change" => "资料变更",
        "intent_change" => "意向房号变更",
        "subscription" => "认筹",
        "rules_change" => "评级规则调整",
        "recompute" => "定期重算",
        "override" => "手动调整",
        other => other,
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => "空".to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "空".to_owned(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

fn name_of(value: &Value, names: &HashMap<Uuid, String>) -> String {
    value
        .as_str()
        .and_then(|s| s.parse::<Uuid>().ok())
        .and_then(|id| names.get(&id).cloned())
        .unwrap_or_else(|| "某人".to_owned())
}

/// The user ids an event mentions (old and new owners), for one name lookup.
pub fn mentioned_users(changes: &Value) -> Vec<Uuid> {
    let owners = ["old", "new"].iter().filter_map(|k| changes["owner_id"][k].as_str()?.parse().ok());
    let assignee = changes["assignee_id"]["new"].as_str().and_then(|a| a.parse().ok());
    owners.chain(assignee).collect()
}

fn complaint_category(category: Option<&str>) -> &'static str {
    match category {
        Some("quality") => "房屋质量",
        Some("delivery") => "交付",
        Some("service") => "服务",
        Some("contract") => "合同",
        Some("property_management") => "物业",
        _ => "其他",
    }
}

fn severity_label(severity: Option<&str>) -> &'static str {
    match severity {
        Some("critical") => "特急",
        Some("high") => "紧急",
        Some("low") => "一般偏低",
        _ => "一般",
    }
}

/// One sentence for one event (an action this version does not know reads as itself). `actor` is the display name of who did it ("系统" for the
/// system); `names` resolves the owners an event mentions.
pub fn describe(action: &str, changes: &Value, actor: &str, names: &HashMap<Uuid, String>) -> String {
    let old_owner = || name_of(&changes["owner_id"]["old"], names);
    let new_owner = || name_of(&changes["owner_id"]["new"], names);
    match AuditAction::parse(action) {
        Some(AuditAction::LeadCreate) => format!("{actor} 登记了客户"),
        Some(AuditAction::LeadUpdate) => {
            let Some(fields) = changes.as_object() else { return format!("{actor} 修改了客户资料") };
            let parts: Vec<String> = fields
                .iter()
                .map(|(field, change)| match (change.get("old"), change.get("new")) {
                    (Some(old), Some(new)) => format!("{} {} → {}", field_label(field), text(old), text(new)),
                    _ => field_label(field).to_owned(),
                })
                .collect();
            format!("{actor} 修改了 {}", parts.join("；"))
        }
        Some(AuditAction::LeadDelete) => format!("{actor} 删除了客户"),
        Some(AuditAction::LeadClaim) => format!("{actor} 从公海领取了客户"),
        Some(AuditAction::LeadTransfer) => {
            let reason = changes["reason"].as_str().map(|r| format!("（原因：{r}）")).unwrap_or_default();
            format!("{actor} 将客户从 {} 转给 {}{reason}", old_owner(), new_owner())
        }
        Some(AuditAction::LeadHandover) => format!("{actor} 将客户从 {} 交接给 {}", old_owner(), new_owner()),
        Some(AuditAction::LeadAssign) => {
            format!("{actor} 在前台将到访客户从 {} 分配给 {}（轮排）", old_owner(), new_owner())
        }
        Some(AuditAction::LeadAttribute) => format!("{actor} 确认客户由渠道带访，归属渠道"),
        Some(AuditAction::LeadReveal) => {
            let field = if changes["field"] == "id_number" { "身份证号" } else { "电话" };
            format!("{actor} 查看了{field}明文（用途：{}）", text(&changes["purpose"]))
        }
        Some(AuditAction::LeadGradeChange) => format!(
            "等级 {} → {}（{}）",
            changes["grade"]["old"].as_str().unwrap_or("无"),
            text(&changes["grade"]["new"]),
            cause_label(changes["cause"].as_str().unwrap_or(""))
        ),
        Some(AuditAction::LeadGradeOverride) => {
            format!("{actor} 将等级设为 {}（原因：{}）", text(&changes["grade"]["new"]), text(&changes["reason"]))
        }
        Some(AuditAction::LeadGradeOverrideClear) => format!("{actor} 取消了手动等级"),
        Some(AuditAction::FollowUpCreate) => {
            format!("{actor} 记录了一次{}跟进", channel_label(changes["channel"]["new"].as_str().unwrap_or("")))
        }
        Some(AuditAction::FollowUpUpdate) => format!("{actor} 修改了一条跟进记录"),
        Some(AuditAction::LeadIntents) => format!("{actor} 更新了意向房号"),
        Some(AuditAction::ReservationCreate) => format!("{actor} 为客户认购了房号"),
        Some(AuditAction::ReservationCancel) => format!("{actor} 取消了认购"),
        Some(AuditAction::ReservationSign) => {
            format!("{actor} 办理了签约（合同号 {}）", text(&changes["contract_no"]["new"]))
        }
        Some(AuditAction::SubscriptionCreate) => {
            format!("{actor} 登记了认筹（排号 {}）", text(&changes["queue_no"]["new"]))
        }
        Some(AuditAction::SubscriptionRefund) => format!("{actor} 办理了退筹（原因：{}）", text(&changes["reason"])),
        Some(AuditAction::ComplaintFile) => format!(
            "{actor} 登记了一件客诉（{}，{}）",
            complaint_category(changes["category"]["new"].as_str()),
            severity_label(changes["severity"]["new"].as_str())
        ),
        Some(AuditAction::ComplaintAcknowledge) => format!("{actor} 响应了客诉"),
        Some(AuditAction::ComplaintStart) => format!("{actor} 开始处理客诉"),
        Some(AuditAction::ComplaintResolve) => format!("{actor} 解决了客诉"),
        Some(AuditAction::ComplaintClose) => {
            format!("{actor} 关闭了客诉（客户满意度 {}/5）", text(&changes["satisfaction"]["new"]))
        }
        Some(AuditAction::ComplaintReopen) => format!("{actor} 重新打开了客诉"),
        Some(AuditAction::ComplaintAssign) => {
            format!("{actor} 将客诉指派给 {}", name_of(&changes["assignee_id"]["new"], names))
        }
        Some(AuditAction::ComplaintBreach) => match changes["deadline"]["new"].as_str() {
            Some("acknowledge") => "客诉超过响应时限，已通知项目经理".to_owned(),
            _ => "客诉超过解决时限，已通知项目经理".to_owned(),
        },
        _ => format!("{actor}：{action}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_lead_action_reads_as_a_sentence() {
        let (wang, li) = (Uuid::now_v7(), Uuid::now_v7());
        let names = HashMap::from([(wang, "王丽".to_owned()), (li, "李娜".to_owned())]);
        let transfer = json!({"owner_id": {"old": wang, "new": li}, "reason": "休假"});
        let table = [
            ("lead.create", json!({}), "周经理 登记了客户"),
            ("lead.transfer", transfer.clone(), "周经理 将客户从 王丽 转给 李娜（原因：休假）"),
            ("lead.handover", transfer.clone(), "周经理 将客户从 王丽 交接给 李娜"),
            ("lead.assign", transfer, "周经理 在前台将到访客户从 王丽 分配给 李娜（轮排）"),
            ("lead.attribute", json!({}), "周经理 确认客户由渠道带访，归属渠道"),
            (
                "lead.update",
                json!({"budget_max_fen": {"old": 100, "new": 200}, "tags": {"old": [], "new": ["多孩家庭"]}}),
                "周经理 修改了 预算上限 100 → 200；标签 空 → 多孩家庭",
            ),
            (
                "lead.reveal",
                json!({"field": "id_number", "purpose": "签约核验"}),
                "周经理 查看了身份证号明文（用途：签约核验）",
            ),
            (
                "lead.grade_change",
                json!({"grade": {"old": "C", "new": "A"}, "cause": "follow_up"}),
                "等级 C → A（跟进）",
            ),
            ("follow_up.create", json!({"channel": {"new": "visit"}}), "周经理 记录了一次到访跟进"),
            ("lead.claim", json!({}), "周经理 从公海领取了客户"),
            ("subscription.create", json!({"queue_no": {"new": 7}}), "周经理 登记了认筹（排号 7）"),
            ("reservation.sign", json!({"contract_no": {"new": "HT-1"}}), "周经理 办理了签约（合同号 HT-1）"),
            (
                "complaint.file",
                json!({"category": {"new": "quality"}, "severity": {"new": "critical"}}),
                "周经理 登记了一件客诉（房屋质量，特急）",
            ),
            ("complaint.assign", json!({"assignee_id": {"old": null, "new": li}}), "周经理 将客诉指派给 李娜"),
            ("complaint.close", json!({"satisfaction": {"new": 4}}), "周经理 关闭了客诉（客户满意度 4/5）"),
            ("complaint.breach", json!({"deadline": {"new": "acknowledge"}}), "客诉超过响应时限，已通知项目经理"),
        ];
        for (action, changes, sentence) in table {
            assert_eq!(describe(action, &changes, "周经理", &names), sentence, "{action}");
        }
        assert_eq!(mentioned_users(&json!({"owner_id": {"old": wang, "new": li}})), vec![wang, li]);
    }
}
