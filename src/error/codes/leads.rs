//! Leads, follow-ups, grades and the objection library.

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
    "follow_up.author_only" 403
        "Only the author may correct a follow-up."
        "只有记录人本人可以修改这条跟进记录。";
    "follow_up.locked" 403
        "A follow-up can be corrected for 24 hours only."
        "跟进记录只能在 24 小时内修改。";
    "follow_up.not_found" 404
        "No such follow-up."
        "跟进记录不存在。";
    "follow_up.version_conflict" 412
        "The follow-up changed since you read it; reload and try again."
        "该跟进记录已被修改，请刷新后重试。";
    "grade.no_override" 404
        "This lead's grade is not overridden."
        "该客户的等级没有手动调整。";
    "grading.rules_changed" 409
        "The rules changed meanwhile; reload and save again."
        "评级规则已被他人修改，请刷新后重新保存。";
    "lead.already_claimed" 409
        "Someone holds this lead; it is not in the pool."
        "该客户已被他人领取，不在公海中。";
    "lead.claim_forbidden" 403
        "Only salespeople and managers may claim leads."
        "只有置业顾问和经理可以领取客户。";
    "lead.duplicate_phone" 409
        "A lead with this phone is already registered in the project."
        "该手机号已在本楼盘登记过客户（撞单）。";
    "lead.handover_target_not_member" 422
        "The salesperson taking over must be a member of every project the leads belong to."
        "接手的置业顾问必须是这些客户所属全部楼盘的成员。";
    "lead.import_size" 422
        "A lead import must hold 1 to 5,000 rows."
        "一次导入的客户须为 1 至 5000 条。";
    "lead.in_sale" 409
        "The lead holds a reservation or a signed deal; cancel it before deleting the lead."
        "该客户有认购或已签约的房源，请先撤销认购或办理退房，再删除客户。";
    "lead.invalid_id_number" 422
        "The ID number is not valid."
        "身份证号码无效，请核对。";
    "lead.invalid_phone" 422
        "The phone number is not an 11-digit mainland mobile number."
        "手机号码无效，须为 11 位大陆手机号。";
    "lead.manager_only" 403
        "Only managers may delete leads or move them between salespeople."
        "只有经理可以删除客户或在置业顾问之间调配客户。";
    "lead.no_id_number" 404
        "No ID number is recorded for this lead."
        "该客户未登记身份证号。";
    "lead.not_found" 404
        "No such lead."
        "客户不存在。";
    "lead.not_subscribed" 409
        "Only subscribed leads may reserve."
        "只有已认筹的客户才能选房认购。";
    "lead.owner_changed" 409
        "The lead changed hands meanwhile; reload and try again."
        "该客户的归属已变更，请刷新后重试。";
    "lead.reservation_limit" 409
        "The lead already holds as many units as allowed."
        "该客户认购的房源已达上限。";
    "lead.reveal_forbidden" 403
        "Only the owner and managers may reveal personal data."
        "只有客户的置业顾问和经理可以查看完整个人信息。";
    "lead.role_forbidden" 403
        "Your role does not work with leads."
        "您的角色无权查看客户。";
    "lead.version_conflict" 412
        "The lead changed since you read it; reload and try again."
        "客户资料已被修改，请刷新后重试。";
    "objection.not_found" 404
        "No such objection."
        "该异议处理条目不存在。";
    "objection.version_conflict" 412
        "The entry changed since you read it; reload and try again."
        "该异议处理条目已被修改，请刷新后重试。";
};
