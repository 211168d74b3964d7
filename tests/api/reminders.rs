//! What time tells: reports expire, planned follow-ups go overdue, leads go neglected,
//! instalments fall overdue, consenting buyers have birthdays. Each is found by a scheduled
//! job, told once as an event of the change feed, and lands in the right person's inbox.

use chrono::{Datelike, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::events::feed::{all_events, of_type};
use crate::helpers::{items, site_with, LeadFacts, Site};
use crate::jobs::run_job;
use crate::notifications::inbox;

/// A site whose scheduler and notifier look every 50 ms and whose projects' mornings start
/// at midnight, so reminders are told whatever the hour the tests run.
async fn reminding_site() -> Site {
    site_with(&[("ANCHANG_JOBS_POLL_MS", "50"), ("ANCHANG_NOTIFY_POLL_MS", "50"), ("ANCHANG_REMINDER_HOUR", "0")]).await
}

fn of_kind<'a>(inbox: &'a [Value], kind: &str) -> Vec<&'a Value> {
    inbox.iter().filter(|n| n["kind"] == kind).collect()
}

#[tokio::test]
async fn an_agent_hears_when_the_buyer_arrives_and_when_a_report_expires() {
    let site = reminding_site().await;
    let channel = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (agent_id, agent) = site.agent(&site.manager, "zhang.agent", channel).await;
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.li]).await;
    let arriving = site.report(&agent, "赵先生", "13912347001").await;
    let lapsing = site.report(&agent, "钱女士", "13912347002").await;
    assert_eq!((arriving.status, lapsing.status), (StatusCode::CREATED, StatusCode::CREATED), "{:?}", lapsing.body);
    let visit = site.visit(&desk, json!({"phone": "13912347001", "came_with": "channel_report"})).await;
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    site.app.lapse_report(lapsing.id("id"));

    let expiry = run_job(&site, "report_expiry").await;
    let told = inbox(&site, &agent, 2).await;
    let again = run_job(&site, "report_expiry").await;

    assert_eq!(expiry["last_summary"], json!({"expired": 1}));
    assert_eq!(again["last_summary"], json!({"expired": 0}), "told once");
    let arrived = of_kind(&told, "report_arrived");
    let expired = of_kind(&told, "report_expired");
    assert_eq!((arrived.len(), expired.len()), (1, 1), "{told:?}");
    assert_eq!(
        (arrived[0]["resource_id"].clone(), arrived[0]["title"].as_str()),
        (arriving.body["id"].clone(), Some("您报备的客户已到访"))
    );
    assert_eq!(expired[0]["resource_id"], lapsing.body["id"]);
    let report = site.app.get(&format!("/channel-reports/{}", lapsing.id("id")), &agent).await;
    assert_eq!(report.body["status"], "expired");
    let events = all_events(&site, &site.manager, "&type=report.expired").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["changes"]["status"], json!({"old": "valid", "new": "expired"}));
    assert_eq!(events[0]["changes"]["agent_id"]["new"], json!(agent_id));
    assert_eq!(events[0]["actor"], json!({"id": null, "role": null}), "time did it, not a person");
    assert!(site.app.audit_actions().contains(&"report.expire".to_owned()));
}

#[tokio::test]
async fn a_new_report_of_a_lapsed_one_expires_it_and_tells_the_first_agent() {
    let site = reminding_site().await;
    let channel = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (_, first) = site.agent(&site.manager, "zhang.agent", channel).await;
    let (_, second) = site.agent(&site.manager, "liu.agent", channel).await;
    let old = site.report(&first, "赵先生", "13912347011").await;
    site.app.lapse_report(old.id("id"));

    let new = site.report(&second, "赵先生", "13912347011").await;

    assert_eq!(new.status, StatusCode::CREATED, "{:?}", new.body);
    let told = inbox(&site, &first, 1).await;
    assert_eq!(
        (told[0]["kind"].as_str(), told[0]["resource_id"].clone()),
        (Some("report_expired"), old.body["id"].clone())
    );
    assert_eq!(all_events(&site, &site.admin, "&type=report.expired").await.len(), 1);
    assert_eq!(run_job(&site, "report_expiry").await["last_summary"]["expired"], 0, "already told");
}

#[tokio::test]
async fn the_overdue_scan_tells_owners_managers_and_finance_once() {
    let site = reminding_site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (finance_id, finance) = site.finance().await;
    let late = site.lead(&site.wang, "赵先生", "13800007001").await;
    let silent = site.lead(&site.li, "钱女士", "13800007002").await;
    let fresh = site.lead(&site.wang, "孙先生", "13800007003").await;
    let now = anchang::db::now();
    site.app
        .set_lead(late, LeadFacts { next_follow_up_at: Some(Some(now - Duration::days(1))), ..LeadFacts::default() });
    site.app
        .set_lead(silent, LeadFacts { last_interaction_at: Some(now - Duration::days(31)), ..LeadFacts::default() });
    let plan = json!({"kind": "installments", "installments": [
        {"due_at": "2026-12-01", "amount_fen": 31_000_000}, {"due_at": "2027-06-30", "amount_fen": 300_000_000}]});
    let deal = site.deal(units["301"], 3, 331_000_000, Some(plan)).await;

    let first = run_job(&site, "overdue_scan").await;
    let wang = inbox(&site, &site.wang, 1).await;
    let manager = inbox(&site, &site.manager, 2).await;
    let finance_told = inbox(&site, &finance, 1).await;
    let second = run_job(&site, "overdue_scan").await;

    assert_eq!(first["last_summary"], json!({"follow_ups_overdue": 1, "leads_neglected": 1, "payments_overdue": 1}));
    assert_eq!(second["last_summary"], json!({"follow_ups_overdue": 0, "leads_neglected": 0, "payments_overdue": 0}));
    let overdue = of_kind(&wang, "follow_up_overdue");
    assert_eq!((overdue.len(), overdue[0]["resource_id"].clone()), (1, json!(late)), "{wang:?}");
    assert!(wang.iter().all(|n| n["resource_id"] != json!(fresh)));
    let neglected = of_kind(&manager, "lead_neglected");
    assert_eq!(
        (neglected[0]["resource_id"].clone(), neglected[0]["title"].as_str()),
        (json!(silent), Some("一位客户已30天无人跟进"))
    );
    let owing = of_kind(&manager, "payment_overdue");
    assert_eq!((owing[0]["resource_type"].as_str(), owing[0]["resource_id"].clone()), (Some("deal"), json!(deal)));
    assert_eq!(of_kind(&finance_told, "payment_overdue")[0]["resource_id"], json!(deal), "finance hears too");
    assert!(
        of_kind(&inbox(&site, &site.li, 0).await, "lead_neglected").is_empty(),
        "the managers' alert, not the owner's"
    );

    let events = all_events(&site, &site.manager, "").await;
    let follow_up = of_type(&events, "follow_up.overdue");
    assert_eq!(follow_up[0]["resource"], json!({"type": "lead", "id": late}));
    assert_eq!(follow_up[0]["changes"]["owner_id"], json!(site.wang_id));
    assert_eq!(of_type(&events, "lead.neglected")[0]["changes"]["days"], 30);
    let payment = of_type(&events, "payment.overdue");
    assert_eq!(
        (payment[0]["changes"]["overdue_fen"].as_i64(), payment[0]["changes"]["oldest_overdue_on"].as_str()),
        (Some(31_000_000), Some("2026-12-01"))
    );
    let _ = finance_id;
}

#[tokio::test]
async fn a_birthday_is_told_to_the_owner_only_with_marketing_consent() {
    let site = reminding_site().await;
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    let born = today.with_year(1990).unwrap_or(today).to_string();
    let consenting = site
        .register(
            &site.wang,
            "赵先生",
            "13800007101",
            json!({"birthday": born, "marketing_consent": {"granted": true, "channel": "wechat"}}),
        )
        .await;
    let refusing = site
        .register(
            &site.wang,
            "钱女士",
            "13800007102",
            json!({"birthday": born, "marketing_consent": {"granted": false}}),
        )
        .await;
    assert_eq!(
        (consenting.status, refusing.status),
        (StatusCode::CREATED, StatusCode::CREATED),
        "{:?}",
        consenting.body
    );

    let first = run_job(&site, "care_reminders").await;
    let told = inbox(&site, &site.wang, 1).await;
    let second = run_job(&site, "care_reminders").await;

    assert_eq!(
        (first["last_summary"]["birthdays"].as_i64(), second["last_summary"]["birthdays"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        (told[0]["kind"].as_str(), told[0]["resource_id"].clone(), told[0]["title"].as_str()),
        (Some("care_reminder"), consenting.body["id"].clone(), Some("今天是您一位客户的生日"))
    );
    let events = all_events(&site, &site.manager, "&type=care.reminder").await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (events[0]["changes"]["occasion"].as_str(), events[0]["changes"]["consent_channel"].as_str()),
        (Some("birthday"), Some("wechat"))
    );
    assert_eq!(events[0]["changes"]["on"], json!(today));
    assert!(items(&site.app.get("/me/notifications", &site.li).await).is_empty());
}
