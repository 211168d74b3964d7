//! Recording follow-ups, their effects on the lead, corrections and timelines.

use anchang::db::Id;
use anchang::schema::follow_ups;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use super::{contact, time_of, utc};
use crate::helpers::{items, site};

#[tokio::test]
async fn a_visit_moves_the_lead_in_the_same_transaction() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let happened = (Utc::now() - Duration::hours(2)).format("%Y-%m-%dT%H:%M:%SZ").to_string();

    let recorded =
        site.follow_up(&site.wang, lead, contact("visit", "customer", json!({"happened_at": happened}))).await;

    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    let id = recorded.id("id");
    assert_eq!(recorded.header("location"), Some(format!("/api/v1/follow-ups/{id}").as_str()));
    let progress = &recorded.body["lead"];
    assert_eq!((progress["status"].as_str(), progress["visit_count"].as_i64()), (Some("visited"), Some(1)));
    assert_eq!(time_of(&progress["last_interaction_at"]), utc(&happened));
    assert_eq!(time_of(&progress["next_follow_up_at"]), utc(&happened) + Duration::days(14), "ungraded: C's 14 days");
    assert!(time_of(&progress["protected_until"]) > Utc::now().naive_utc() + Duration::days(29));
    let read = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    assert_eq!(read.body["status"], "visited");
    assert_eq!(read.body["last_contact_channel"], "visit");
    assert_eq!(read.body["version"], progress["version"]);
    assert!(site.app.audit_actions().contains(&"follow_up.create".to_owned()));
}

#[tokio::test]
async fn calls_count_only_when_the_buyer_calls_and_a_given_plan_wins() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let next = (Utc::now() + Duration::days(2)).format("%Y-%m-%dT%H:%M:%SZ").to_string();

    let outbound =
        site.follow_up(&site.wang, lead, contact("phone", "salesperson", json!({"duration_seconds": 95}))).await;
    let inbound = site
        .follow_up(
            &site.wang,
            lead,
            contact("phone", "customer", json!({"next_follow_up_at": next, "next_purpose": "push_progress"})),
        )
        .await;
    let viewing = site.follow_up(&site.wang, lead, contact("show_flat", "customer", json!({}))).await;

    assert_eq!(outbound.body["lead"]["status"], "contacted");
    assert_eq!(outbound.body["lead"]["call_count"], 0);
    assert_eq!(inbound.body["lead"]["call_count"], 1);
    assert_eq!(time_of(&inbound.body["lead"]["next_follow_up_at"]), utc(&next));
    assert_eq!(inbound.body["lead"]["next_purpose"], "push_progress");
    let after = &viewing.body["lead"];
    assert_eq!((after["show_flat_visits"].as_i64(), after["visit_count"].as_i64()), (Some(1), Some(0)));
    assert_eq!(after["status"], "visited");
}

#[tokio::test]
async fn the_grades_cadence_sets_the_next_date_and_managers_tune_it() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let graded = site
        .app
        .call(
            reqwest::Method::PUT,
            &format!("/leads/{lead}/grade"),
            Some(&site.wang),
            Some(json!({"grade": "A", "reason": "全款客户，本月决策"})),
        )
        .await;
    assert_eq!(graded.status, StatusCode::OK, "{:?}", graded.body);
    let cadence = format!("/projects/{}/cadence", site.project);

    let default = site.app.get(&cadence, &site.wang).await;
    let by_sales = site
        .app
        .call(
            reqwest::Method::PUT,
            &cadence,
            Some(&site.wang),
            Some(json!({"a_days": 2, "b_days": 7, "c_days": 14, "d_days": 30})),
        )
        .await;
    let unordered = site
        .app
        .call(
            reqwest::Method::PUT,
            &cadence,
            Some(&site.manager),
            Some(json!({"a_days": 9, "b_days": 7, "c_days": 14, "d_days": 30})),
        )
        .await;
    let tuned = site
        .app
        .call(
            reqwest::Method::PUT,
            &cadence,
            Some(&site.manager),
            Some(json!({"a_days": 2, "b_days": 7, "c_days": 14, "d_days": 30})),
        )
        .await;
    let recorded = site.follow_up(&site.wang, lead, contact("wechat", "salesperson", json!({}))).await;

    assert_eq!((default.body["a_days"].as_i64(), default.body["customised"].as_bool()), (Some(3), Some(false)));
    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "project.manager_only"));
    assert_eq!(unordered.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unordered.body["errors"][0]["field"], "b_days");
    assert_eq!((tuned.status, tuned.body["customised"].as_bool()), (StatusCode::OK, Some(true)));
    let happened = time_of(&recorded.body["happened_at"]);
    assert_eq!(time_of(&recorded.body["lead"]["next_follow_up_at"]), happened + Duration::days(2));
    assert!(site.app.audit_actions().contains(&"project.cadence_update".to_owned()));
}

#[tokio::test]
async fn impossible_contacts_are_422_and_others_leads_are_404() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let future = (Utc::now() + Duration::hours(1)).to_rfc3339();
    let before = (Utc::now() - Duration::days(2)).to_rfc3339();

    let in_future =
        site.follow_up(&site.wang, lead, contact("phone", "customer", json!({"happened_at": future}))).await;
    let plan_in_past =
        site.follow_up(&site.wang, lead, contact("phone", "customer", json!({"next_follow_up_at": before}))).await;
    let bad_channel = site.follow_up(&site.wang, lead, contact("pigeon", "customer", json!({}))).await;
    let blank = site.follow_up(&site.wang, lead, contact("phone", "customer", json!({"content": "  "}))).await;
    let by_colleague = site.follow_up(&site.li, lead, contact("phone", "customer", json!({}))).await;
    let timeline_of_colleague = site.app.get(&format!("/leads/{lead}/follow-ups"), &site.li).await;

    for (reply, field) in [
        (&in_future, "happened_at"),
        (&plan_in_past, "next_follow_up_at"),
        (&bad_channel, "channel"),
        (&blank, "content"),
    ] {
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {:?}", reply.body);
        assert_eq!(reply.body["errors"][0]["field"], field);
    }
    assert_eq!((by_colleague.status, by_colleague.code()), (StatusCode::NOT_FOUND, "lead.not_found"));
    assert_eq!(timeline_of_colleague.status, StatusCode::NOT_FOUND);
    let read = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    assert_eq!(
        (read.body["status"].as_str(), read.body["version"].as_i64()),
        (Some("new"), Some(1)),
        "nothing changed"
    );
}

#[tokio::test]
async fn the_lock_checks_the_session_and_a_session_that_is_gone_is_told_so_first() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let (_, desk) = site.app.sign_in_new("qian.t", "receptionist", &[site.project]).await;
    let recorded = site.follow_up(&site.wang, lead, contact("phone", "customer", json!({}))).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    assert_eq!(recorded.body["author_display_name"], "wang.li", "the name the lock read");
    let at_the_desk = site.follow_up(&desk, lead, contact("phone", "customer", json!({}))).await;
    assert_eq!((at_the_desk.status, at_the_desk.code()), (StatusCode::FORBIDDEN, "lead.role_forbidden"));

    site.app.post(&format!("/users/{}/freeze", site.wang_id), &site.admin, json!({})).await;
    site.app.post(&format!("/users/{}/freeze", site.li_id), &site.admin, json!({})).await;
    let own = site.follow_up(&site.wang, lead, contact("phone", "customer", json!({}))).await;
    let blank = site.follow_up(&site.wang, lead, contact("phone", "customer", json!({"content": "  "}))).await;
    let colleagues = site.follow_up(&site.li, lead, contact("phone", "customer", json!({}))).await;

    for (reply, what) in [(&own, "their own lead"), (&blank, "a blank note"), (&colleagues, "someone else's lead")] {
        assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "auth.token_revoked"), "{what}");
    }
    let timeline = site.app.get(&format!("/leads/{lead}/follow-ups"), &site.manager).await;
    assert_eq!(items(&timeline).len(), 1, "only the contact made before the freeze");
}

#[tokio::test]
async fn only_the_author_corrects_and_only_for_24_hours() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let recorded = site.follow_up(&site.wang, lead, contact("phone", "customer", json!({}))).await;
    let id = recorded.id("id");
    let path = format!("/follow-ups/{id}");
    let new_plan = (Utc::now() + Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();

    let corrected = site
        .app
        .patch(&path, &site.wang, json!({"version": 1, "customer_feedback": "想要南向", "next_follow_up_at": new_plan}))
        .await;
    let stale = site.app.patch(&path, &site.wang, json!({"version": 1, "content": "改"})).await;
    let by_manager = site.app.patch(&path, &site.manager, json!({"version": 2, "content": "改"})).await;
    let by_colleague = site.app.patch(&path, &site.li, json!({"version": 2, "content": "改"})).await;
    let fact = site.app.patch(&path, &site.wang, json!({"version": 2, "channel": "visit"})).await;

    assert_eq!(corrected.status, StatusCode::OK, "{:?}", corrected.body);
    assert_eq!(corrected.body["customer_feedback"], "想要南向");
    let lead_now = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    assert_eq!(time_of(&lead_now.body["next_follow_up_at"]), utc(&new_plan), "the lead's plan followed");
    assert_eq!((stale.status, stale.code()), (StatusCode::PRECONDITION_FAILED, "follow_up.version_conflict"));
    assert_eq!((by_manager.status, by_manager.code()), (StatusCode::FORBIDDEN, "follow_up.author_only"));
    assert_eq!((by_colleague.status, by_colleague.code()), (StatusCode::NOT_FOUND, "follow_up.not_found"));
    assert_eq!(fact.status, StatusCode::UNPROCESSABLE_ENTITY, "channel is a fact");

    let mut pooled = site.app.db();
    diesel::update(follow_ups::table.filter(follow_ups::id.eq(Id(id))))
        .set(follow_ups::created_at.eq(anchang::db::now() - Duration::hours(25)))
        .execute(&mut pooled.conn)
        .expect("aged");
    let late = site.app.patch(&path, &site.wang, json!({"version": 2, "content": "改"})).await;
    assert_eq!((late.status, late.code()), (StatusCode::FORBIDDEN, "follow_up.locked"));
    assert!(site.app.audit_actions().iter().filter(|a| *a == "follow_up.update").count() == 1);
}

#[tokio::test]
async fn timelines_page_newest_first_and_managers_review_the_team() {
    let site = site().await;
    let wang_lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let li_lead = site.lead(&site.li, "李先生", "13900139000").await;
    for hours in [5, 3, 1] {
        let at = (Utc::now() - Duration::hours(hours)).to_rfc3339();
        site.follow_up(
            &site.wang,
            wang_lead,
            contact("wechat", "salesperson", json!({"happened_at": at, "content": format!("{hours}h")})),
        )
        .await;
    }
    site.follow_up(&site.li, li_lead, contact("phone", "customer", json!({}))).await;

    let first = site.app.get(&format!("/leads/{wang_lead}/follow-ups?limit=2"), &site.wang).await;
    let cursor = first.body["next_cursor"].as_str().unwrap_or_default().to_owned();
    let second = site.app.get(&format!("/leads/{wang_lead}/follow-ups?limit=2&cursor={cursor}"), &site.wang).await;
    let team = site.app.get(&format!("/follow-ups?project_id={}", site.project), &site.manager).await;
    let only_li = site.app.get(&format!("/follow-ups?owner_id={}", site.li_id), &site.manager).await;
    let own = site.app.get("/follow-ups", &site.wang).await;

    let contents = |reply: &crate::helpers::Reply| {
        items(reply).iter().map(|f| f["content"].as_str().unwrap_or("").to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(contents(&first), vec!["1h", "3h"]);
    assert_eq!(contents(&second), vec!["5h"]);
    assert!(second.body["next_cursor"].is_null());
    assert_eq!(items(&team).len(), 4);
    assert_eq!(items(&only_li).len(), 1);
    assert_eq!(items(&own).len(), 3, "a salesperson reviews only their own contacts");
    assert_eq!(items(&first)[0]["author_display_name"], "wang.li");
}
