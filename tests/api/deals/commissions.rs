//! Commissions (结佣): accrued when a channel's buyer signs, payable at the rule's milestone,
//! paid by finance, clawed back when the deal is cancelled; what a channel agent sees.

use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{items, site, Reply, Site};

/// A channel serving the site's project, one of its agents, and its rule for the project.
async fn channel_with_rule(site: &Site, rule: Value) -> (Uuid, String) {
    let channel = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.agent", channel).await;
    let set = set_rule(site, &site.manager, channel, rule).await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    (channel, agent)
}

async fn set_rule(site: &Site, token: &str, channel: Uuid, mut rule: Value) -> Reply {
    rule["project_id"] = json!(site.project);
    site.app.call(Method::PUT, &format!("/channels/{channel}/commission-rules"), Some(token), Some(rule)).await
}

/// The agent reports a buyer, the buyer arrives at the desk and goes to 王丽 (on duty):
/// the lead, the channel's, and the report.
async fn reported_lead(site: &Site, agent: &str, phone: &str) -> (Uuid, Uuid) {
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.wang]).await;
    let report = site.report(agent, "赵先生", phone).await;
    assert_eq!(report.status, StatusCode::CREATED, "{:?}", report.body);
    let visit = site.visit(&desk, json!({"phone": phone, "came_with": "channel_report"})).await;
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    (visit.id("lead_id"), report.id("id"))
}

async fn commissions(site: &Site, token: &str, query: &str) -> Reply {
    site.app.get(&format!("/projects/{}/commissions{query}", site.project), token).await
}

#[tokio::test]
async fn a_reported_buyers_deal_earns_the_channel_and_a_cancel_claws_it_back() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let (channel, agent) =
        channel_with_rule(&site, json!({"kind": "percent", "value": 150, "milestone": "signed"})).await;
    let (lead, report) = reported_lead(&site, &agent, "13912346001").await;

    let signed = site.sign(site.reserve(units["1201"], lead).await, 356_000_000, None).await;
    assert_eq!(signed.status, StatusCode::OK, "{:?}", signed.body);
    let deal = signed.id("deal_id");

    let listed = commissions(&site, &finance, &format!("?channel_id={channel}&status=payable")).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    let commission = &items(&listed)[0];
    assert_eq!(
        (commission["amount_fen"].as_i64(), commission["deal_id"].clone(), commission["lead_id"].clone()),
        (Some(5_340_000), json!(deal), json!(lead)),
        "1.5 % of the price, payable at signing"
    );
    let id = commission["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(site.app.get(&format!("/channel-reports/{report}"), &agent).await.body["status"], "deal");

    // The agent sees their channel's commission: amounts, status, the unit and the day, no buyer.
    let by_agent = commissions(&site, &agent, "").await;
    assert_eq!(by_agent.status, StatusCode::OK, "{:?}", by_agent.body);
    let seen = &items(&by_agent)[0];
    assert_eq!(
        (seen["room"].as_str(), seen["signed_on"].as_str(), seen["status"].as_str()),
        (Some("1201"), Some("2026-11-25"), Some("payable"))
    );
    assert_eq!((seen["lead_id"].clone(), seen["payee_lead_id"].clone()), (Value::Null, Value::Null));
    assert!(!by_agent.body.to_string().contains("13912346001") && !by_agent.body.to_string().contains("赵先生"));
    assert_eq!(site.app.get(&format!("/commissions/{id}"), &agent).await.status, StatusCode::OK);
    let agent_on_deal = site.app.get(&format!("/deals/{deal}"), &agent).await;
    assert_eq!((agent_on_deal.status, agent_on_deal.code()), (StatusCode::FORBIDDEN, "deal.role_forbidden"));
    let by_sales = commissions(&site, &site.wang, "").await;
    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "commission.forbidden"));

    // Finance pays it; only a payable commission is paid, and only by finance.
    let before_signing = json!({"paid_at": "2026-11-24T06:00:00Z", "reference": "ZZ-20261124-01"});
    let early = site.app.post(&format!("/commissions/{id}/pay"), &finance, before_signing).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "paid the day before the signing: {:?}", early.body);
    assert_eq!(early.body["errors"][0]["field"], "paid_at");
    let pay = json!({"paid_at": "2026-11-28T06:00:00Z", "reference": "ZZ-20261128-01"});
    let by_manager = site.app.post(&format!("/commissions/{id}/pay"), &site.manager, pay.clone()).await;
    let paid = site.app.post(&format!("/commissions/{id}/pay"), &finance, pay.clone()).await;
    let twice = site.app.post(&format!("/commissions/{id}/pay"), &finance, pay).await;
    assert_eq!((by_manager.status, by_manager.code()), (StatusCode::FORBIDDEN, "commission.finance_only"));
    assert_eq!((paid.status, paid.body["status"].as_str()), (StatusCode::OK, Some("paid")), "{:?}", paid.body);
    assert_eq!(paid.body["paid_reference"], "ZZ-20261128-01");
    assert_eq!((twice.status, twice.code()), (StatusCode::CONFLICT, "commission.not_payable"));

    // 退房 after payment: the commission is clawed back, the report arrived again.
    let cancel = site
        .app
        .post(&format!("/deals/{deal}/cancel"), &site.manager, json!({"reason": "客户反悔", "refund_fen": 0}))
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{:?}", cancel.body);
    let after = site.app.get(&format!("/commissions/{id}"), &finance).await;
    assert_eq!(after.body["status"], "clawed_back");
    assert!(after.body["clawed_back_at"].is_string());
    assert_eq!(site.app.get(&format!("/channel-reports/{report}"), &agent).await.body["status"], "arrived");
    let actions = site.app.audit_actions();
    for action in [
        "channel.commission_rule",
        "commission.accrue",
        "commission.payable",
        "commission.pay",
        "commission.claw_back",
        "report.deal",
    ] {
        assert!(actions.contains(&action.to_owned()), "{action}");
    }
    let report_moves = site.app.get(&format!("/audit-events?action=report.deal&entity_id={report}"), &site.admin).await;
    let moves: Vec<_> = items(&report_moves).iter().map(|e| e["changes"]["status"]["new"].clone()).collect();
    assert_eq!(moves, [json!("arrived"), json!("deal")], "newest first: signed to deal, cancelled back to arrived");
}

#[tokio::test]
async fn a_collected_percent_milestone_waits_for_the_money_and_follows_a_change_of_unit() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let rule = json!({"kind": "percent", "value": 100, "milestone": "collected_percent", "milestone_percent": 30});
    let (_, agent) = channel_with_rule(&site, rule).await;
    let (lead, _) = reported_lead(&site, &agent, "13912346002").await;
    let deal = site.sign(site.reserve(units["1201"], lead).await, 356_000_000, None).await.id("deal_id");
    let status = || async { items(&commissions(&site, &finance, "").await)[0].clone() };
    assert_eq!(status().await["status"], "accrued");
    assert_eq!(status().await["amount_fen"], 3_560_000);

    // 换房 to a dearer unit before the milestone: the commission follows the new price.
    let change = json!({"to_unit_id": units["1202"], "price_fen": 400_000_000_i64, "reason": "客户改选大户型"});
    assert_eq!(
        site.app.post(&format!("/deals/{deal}/change-unit"), &site.manager, change).await.status,
        StatusCode::OK
    );
    assert_eq!(status().await["amount_fen"], 4_000_000);
    let repriced = site.app.get("/audit-events?action=commission.reprice", &site.admin).await;
    assert_eq!(
        items(&repriced)[0]["changes"]["amount_fen"],
        json!({"old": 3_560_000, "new": 4_000_000}),
        "the trail says what the change of unit did to the channel's money"
    );
    site.pay(&finance, deal, 119_999_999, "bank_transfer", "2026-11-26T03:00:00Z", "SK-1").await;
    assert_eq!(status().await["status"], "accrued", "one fen short of 30 %");
    let paid = site.pay(&finance, deal, 1, "cash", "2026-11-26T04:00:00Z", "SK-2").await;
    assert_eq!(paid.status, StatusCode::CREATED);
    let reached = status().await;
    assert_eq!((reached["status"].as_str(), reached["payable_at"].is_string()), (Some("payable"), true));
}

#[tokio::test]
async fn a_commission_rule_is_the_managers_and_says_what_it_means() {
    let site = site().await;
    let channel = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.agent", channel).await;

    let without_percent = set_rule(
        &site,
        &site.manager,
        channel,
        json!({"kind": "fixed", "value": 2_000_000, "milestone": "collected_percent"}),
    )
    .await;
    let by_agent =
        set_rule(&site, &agent, channel, json!({"kind": "fixed", "value": 2_000_000, "milestone": "signed"})).await;
    let by_sales =
        set_rule(&site, &site.wang, channel, json!({"kind": "fixed", "value": 2_000_000, "milestone": "signed"})).await;
    let fixed =
        set_rule(&site, &site.manager, channel, json!({"kind": "fixed", "value": 2_000_000, "milestone": "signed"}))
            .await;
    let replaced =
        set_rule(&site, &site.manager, channel, json!({"kind": "fixed", "value": 2_500_000, "milestone": "signed"}))
            .await;
    let listed = site.app.get(&format!("/channels/{channel}/commission-rules"), &site.manager).await;

    assert_eq!(without_percent.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", without_percent.body);
    assert_eq!(by_agent.status, StatusCode::FORBIDDEN);
    assert_eq!(by_sales.status, StatusCode::NOT_FOUND, "a salesperson does not see the registry");
    assert_eq!(fixed.status, StatusCode::OK, "{:?}", fixed.body);
    assert_eq!(replaced.body["value"], 2_500_000);
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    let rules = listed.body.as_array().or_else(|| listed.body["items"].as_array()).expect("rules");
    assert_eq!((rules.len(), rules[0]["value"].as_i64()), (1, Some(2_500_000)), "one rule per channel and project");
}

#[tokio::test]
async fn managers_setting_a_first_rule_at_once_all_succeed_one_after_the_other() {
    let site = site().await;
    let channel = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let puts = (1..=5).map(|n| {
        set_rule(&site, &site.manager, channel, json!({"kind": "fixed", "value": n * 100_000, "milestone": "signed"}))
    });
    let replies = join_all(puts).await;

    for reply in &replies {
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    }
    let mut versions: Vec<_> = replies.iter().filter_map(|r| r.body["version"].as_i64()).collect();
    versions.sort_unstable();
    assert_eq!(versions, [1, 2, 3, 4, 5], "each write replaced the one before");
    let listed = site.app.get(&format!("/channels/{channel}/commission-rules"), &site.manager).await;
    let rules = listed.body.as_array().or_else(|| listed.body["items"].as_array()).expect("rules");
    let last = replies.iter().find(|r| r.body["version"] == 5).map(|r| r.body["value"].clone());
    assert_eq!((rules.len(), Some(rules[0]["value"].clone())), (1, last), "the last write stands");
    let created = site.app.get("/audit-events?action=channel.commission_rule&limit=10", &site.admin).await;
    let firsts = items(&created).iter().filter(|e| e["changes"]["value"]["old"].is_null()).count();
    assert_eq!((items(&created).len(), firsts), (5, 1), "one creation, four replacements, each in the trail");
}

#[tokio::test]
async fn a_referred_buyers_deal_rewards_the_referring_owner_through_the_programme() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let programme = site
        .app
        .post(
            "/channels",
            &site.manager,
            json!({"name": "老带新计划", "kind": "referral", "project_ids": [site.project]}),
        )
        .await
        .id("id");
    let rule =
        set_rule(&site, &site.manager, programme, json!({"kind": "fixed", "value": 1_000_000, "milestone": "signed"}))
            .await;
    assert_eq!(rule.status, StatusCode::OK, "{:?}", rule.body);
    // An owner (a signed buyer) brings a friend to the desk; the friend signs too.
    let owner_deal = site.deal(units["1201"], 1, 356_000_000, None).await;
    let owner = site.deal_view(owner_deal).await["lead_id"].clone();
    assert!(items(&commissions(&site, &finance, "").await).is_empty(), "the owner came through nobody");
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.wang]).await;
    let visit = site
        .visit(
            &desk,
            json!({"phone": "13912347001", "name": "新朋友", "came_with": "referral", "referrer_phone": "13600000001"}),
        )
        .await;
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    let friend = visit.id("lead_id");

    let signed = site.sign(site.reserve(units["801"], friend).await, 340_000_000, None).await;
    assert_eq!(signed.status, StatusCode::OK, "{:?}", signed.body);

    let listed = commissions(&site, &finance, "").await;
    let reward = &items(&listed)[0];
    assert_eq!(
        (reward["channel_id"].clone(), reward["payee_lead_id"].clone(), reward["lead_id"].clone()),
        (json!(programme), owner, json!(friend)),
        "the referring owner is the payee"
    );
    assert_eq!((reward["amount_fen"].as_i64(), reward["status"].as_str()), (Some(1_000_000), Some("payable")));
    let id = reward["id"].as_str().unwrap_or_default().to_owned();
    let paid = site
        .app
        .post(
            &format!("/commissions/{id}/pay"),
            &finance,
            json!({"paid_at": "2026-11-28T06:00:00Z", "reference": "购物卡 No.8812"}),
        )
        .await;
    assert_eq!((paid.status, paid.body["paid_reference"].as_str()), (StatusCode::OK, Some("购物卡 No.8812")));
}
