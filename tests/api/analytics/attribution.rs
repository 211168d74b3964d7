//! Attribution at the time: each fact counts for the salesperson and the channel the buyer
//! had when it happened — a later hand-over or a corrected source leaves past numbers alone —
//! and an upheld appeal (or a broker's confirmed arrival) credits the buyer's record to the
//! channel on purpose.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use super::{at, report, row, visit};
use crate::helpers::{LeadFacts, Site};

fn salesperson(day: &Value, user: Uuid) -> &Value {
    let rows = day["by_salesperson"].as_array();
    rows.and_then(|rows| rows.iter().find(|r| r["user_id"] == json!(user))).map_or(&Value::Null, |r| &r["figures"])
}

fn channel<'a>(day: &'a Value, source: &str) -> &'a Value {
    let rows = day["by_channel"].as_array();
    rows.and_then(|rows| rows.iter().find(|r| r["source_channel"] == source)).map_or(&Value::Null, |r| &r["figures"])
}

/// 甲, registered by 王丽 on 25 November as a walk-in, visited and paid a deposit with her.
async fn wangs_buyer(site: &Site, phone: &str) -> Uuid {
    let lead = site.lead(&site.wang, "甲", phone).await;
    site.app.set_lead(lead, LeadFacts { created_at: Some(at("2026-11-25T01:00:00Z")), ..Default::default() });
    visit(site, &site.wang, lead, "visit", "customer", "2026-11-25T02:00:00Z").await;
    let deposit = json!({"deposit_fen": 5_000_000, "paid_at": "2026-11-25T03:00:00Z", "receipt_no": "RC-甲"});
    let paid = site.app.post(&format!("/leads/{lead}/subscriptions"), &site.wang, deposit).await;
    assert_eq!(paid.status, StatusCode::CREATED, "{:?}", paid.body);
    lead
}

#[tokio::test]
async fn a_fact_counts_for_who_held_the_buyer_when_it_happened() {
    let site = crate::helpers::site().await;
    let lead = wangs_buyer(&site, "13800007001").await;
    // A buyer lost before moves were kept has a row from nowhere to lost (migration 000028):
    // a loss, not a second registration.
    {
        use anchang::schema::lead_status_moves;
        use diesel::prelude::*;
        diesel::insert_into(lead_status_moves::table)
            .values((
                lead_status_moves::lead_id.eq(anchang::db::Id(lead)),
                lead_status_moves::moved_at.eq(at("2026-11-25T05:00:00Z")),
                lead_status_moves::to_status.eq("lost"),
                lead_status_moves::project_id.eq(anchang::db::Id(site.project)),
                lead_status_moves::owner_id.eq(anchang::db::Id(site.wang_id)),
                lead_status_moves::source_channel.eq("walk_in"),
            ))
            .execute(&mut site.app.db().conn)
            .expect("a legacy loss");
    }
    let before = report(&site, &site.manager, "date=2026-11-25").await;

    // Later 甲 goes to 李娜, and the source is corrected to an online platform.
    let moved = json!({"to_user_id": site.li_id, "reason": "王丽休假"});
    assert_eq!(site.app.post(&format!("/leads/{lead}/transfer"), &site.manager, moved).await.status, StatusCode::OK);
    let version = site.app.get(&format!("/leads/{lead}"), &site.li).await.body["version"].clone();
    let source = json!({"version": version, "source_channel": "online_platform"});
    let edited = site.app.patch(&format!("/leads/{lead}"), &site.li, source).await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    visit(&site, &site.li, lead, "visit", "salesperson", "2026-11-25T08:00:00Z").await;
    let after = report(&site, &site.manager, "date=2026-11-25").await;
    let cohort = site
        .app
        .get(
            &format!("/projects/{}/analytics/funnel?from=2026-11-25&to=2026-11-25&group_by=owner", site.project),
            &site.manager,
        )
        .await;

    let wang = salesperson(&after, site.wang_id);
    assert_eq!(
        (wang["new_leads"].as_i64(), wang["first_visits"].as_i64(), wang["subscriptions"].as_i64()),
        (Some(1), Some(1), Some(1)),
        "王丽 keeps what she did with 甲: {after:#}"
    );
    assert_eq!(salesperson(&after, site.li_id)["return_visits"], 1, "李娜's own visit is hers");
    assert_eq!(salesperson(&after, site.li_id)["new_leads"], 0);
    let walk_in = channel(&after, "walk_in");
    assert_eq!(
        (walk_in["new_leads"].as_i64(), walk_in["first_visits"].as_i64(), walk_in["subscriptions"].as_i64()),
        (Some(1), Some(1), Some(1)),
        "what happened while 甲 was a walk-in stays a walk-in's"
    );
    assert_eq!(channel(&after, "online_platform")["return_visits"], 1);
    assert_eq!(channel(&after, "online_platform")["new_leads"], 0);
    assert_eq!(channel(&before, "walk_in"), walk_in, "re-running the day gives the day's answer");
    assert_eq!(row(&cohort.body, &site.wang_id.to_string())["stages"]["leads"], 1, "{:?}", cohort.body);
    assert_eq!(row(&cohort.body, &site.wang_id.to_string())["stages"]["subscribed"], 1);
    assert!(row(&cohort.body, &site.li_id.to_string()).is_null(), "the cohort is counted by who registered it");
}

#[tokio::test]
async fn an_upheld_appeal_credits_the_buyers_whole_record_to_the_channel() {
    let site = crate::helpers::site().await;
    let partner = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.agent", partner).await;
    let lead = wangs_buyer(&site, "13800007002").await;
    let refused = site.report(&agent, "甲", "13800007002").await;
    assert_eq!(refused.body["code"], "report.prior_visit", "she visited first: {:?}", refused.body);
    let before = report(&site, &site.manager, "date=2026-11-25").await;

    let path = format!("/channel-reports/{}/appeals", refused.id("report_id"));
    let appeal = site.app.post(&path, &agent, json!({"reason": "客户由我带看"})).await;
    let decision = format!("/appeals/{}/decision", appeal.id("id"));
    let upheld = site.app.post(&decision, &site.manager, json!({"decision": "upheld", "note": "监控确认"})).await;
    assert_eq!((upheld.status, upheld.body["lead_id"].clone()), (StatusCode::OK, json!(lead)), "{:?}", upheld.body);
    let after = report(&site, &site.manager, "date=2026-11-25").await;
    let partners = site
        .app
        .get(
            &format!(
                "/projects/{}/analytics/funnel?from=2026-11-25&to=2026-11-25&group_by=channel_partner",
                site.project
            ),
            &site.manager,
        )
        .await;

    assert_eq!(channel(&before, "walk_in")["new_leads"], 1, "a walk-in until the ruling: {before:#}");
    let broker = channel(&after, "broker");
    assert_eq!(
        (broker["new_leads"].as_i64(), broker["first_visits"].as_i64(), broker["subscriptions"].as_i64()),
        (Some(1), Some(1), Some(1)),
        "the ruling credits 甲's registration, visit and deposit to the channel: {after:#}"
    );
    assert!(channel(&after, "walk_in").is_null(), "nothing of 甲 is left a walk-in's");
    let by_channel = after["by_channel"].as_array().and_then(|r| r.iter().find(|r| r["source_channel"] == "broker"));
    assert_eq!(by_channel.map(|r| r["channel_id"].clone()), Some(json!(partner)));
    assert_eq!(salesperson(&after, site.wang_id)["new_leads"], 1, "王丽 keeps the buyer's numbers");
    let stages = &row(&partners.body, &partner.to_string())["stages"];
    assert_eq!((stages["leads"].as_i64(), stages["subscribed"].as_i64()), (Some(1), Some(1)), "{:?}", partners.body);
}

#[tokio::test]
async fn a_brokers_buyer_is_the_channels_from_the_arrival_on() {
    let site = crate::helpers::site().await;
    let partner = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.agent", partner).await;
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.wang]).await;
    assert_eq!(site.report(&agent, "赵先生", "13800007003").await.status, StatusCode::CREATED);

    let arrived = site.visit(&desk, json!({"phone": "13800007003", "came_with": "channel_report"})).await;
    assert_eq!(arrived.status, StatusCode::CREATED, "{:?}", arrived.body);
    let today = report(&site, &site.manager, "").await;

    let broker = channel(&today, "broker");
    assert_eq!(
        (broker["new_leads"].as_i64(), broker["first_visits"].as_i64()),
        (Some(1), Some(1)),
        "registered at the desk on the broker's report: the channel's newcomer and first visit: {today:#}"
    );
    assert!(channel(&today, "walk_in").is_null());
}
