//! Segments (客群): saved criteria, the buyers they hold in each scope, and their summary.

use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use super::visit;
use crate::helpers::{items, site, Reply, Site};

async fn buyer(site: &Site, token: &str, name: &str, phone: &str, profile: Value) -> Uuid {
    let reply = site.register(token, name, phone, profile).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id("id")
}

async fn save(site: &Site, token: &str, body: Value) -> Reply {
    site.app.post(&format!("/projects/{}/segments", site.project), token, body).await
}

fn names(reply: &Reply) -> Vec<String> {
    items(reply).iter().filter_map(|l| l["name"].as_str().map(str::to_owned)).collect()
}

/// 甲 and 丙 are upgraders from 浦东 who can spend 3,000,000 yuan and want 3 or 4 rooms; 乙's
/// budget stops short, 丁 buys for themself. 甲 and 乙 are 王丽's, 丙 and 丁 李娜's.
async fn pudong_buyers(site: &Site) -> [Uuid; 4] {
    let a = buyer(site, &site.wang, "甲", "13800006001", json!({"purpose": "upgrade", "residence_district": "浦东新区",
        "budget_min_fen": 300_000_000, "budget_max_fen": 500_000_000, "intended_layouts": ["3房"], "age_band": "35_44"}))
    .await;
    let b = buyer(
        site,
        &site.wang,
        "乙",
        "13800006002",
        json!({"purpose": "upgrade", "residence_district": "浦东新区",
        "budget_max_fen": 250_000_000, "intended_layouts": ["4房"]}),
    )
    .await;
    let c = buyer(
        site,
        &site.li,
        "丙",
        "13800006003",
        json!({"purpose": "upgrade", "residence_district": " 浦东新区",
        "budget_min_fen": 400_000_000, "intended_layouts": ["4房", "别墅"]}),
    )
    .await;
    let d = buyer(
        site,
        &site.li,
        "丁",
        "13800006004",
        json!({"purpose": "self_use", "residence_district": "浦东新区",
        "budget_min_fen": 350_000_000, "intended_layouts": ["3房"]}),
    )
    .await;
    visit(site, &site.wang, a, "visit", "customer", "2026-11-24T02:00:00Z").await;
    visit(site, &site.wang, a, "visit", "customer", "2026-11-25T02:00:00Z").await;
    [a, b, c, d]
}

fn upgraders() -> Value {
    json!({"name": "浦东改善客", "description": "改善型、预算三百万以上",
        "criteria": {"purpose": "upgrade", "residence_district": "浦东新区", "budget_min_fen": 300_000_000,
                     "intended_layouts": ["3房", "4房"]}})
}

#[tokio::test]
async fn a_segment_holds_the_buyers_meeting_its_criteria_in_each_callers_scope() {
    let site = site().await;
    pudong_buyers(&site).await;
    let saved = save(&site, &site.manager, upgraders()).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{:?}", saved.body);
    let segment = saved.id("id");
    let path = format!("/projects/{}/segments/{segment}", site.project);
    let frequent = save(&site, &site.manager, json!({"name": "常来的", "criteria": {"min_visits": 2}})).await;

    let for_manager = site.app.get(&format!("{path}/leads"), &site.manager).await;
    let for_wang = site.app.get(&format!("{path}/leads"), &site.wang).await;
    let for_li = site.app.get(&format!("{path}/leads?limit=1"), &site.li).await;
    let summary = site.app.get(&format!("{path}/summary"), &site.manager).await;
    let wang_summary = site.app.get(&format!("{path}/summary"), &site.wang).await;
    let regulars =
        site.app.get(&format!("/projects/{}/segments/{}/leads", site.project, frequent.id("id")), &site.manager).await;
    let first = site.app.get(&format!("/projects/{}/segments?limit=1", site.project), &site.wang).await;
    let cursor = first.body["next_cursor"].as_str().unwrap_or_default().to_owned();
    let second =
        site.app.get(&format!("/projects/{}/segments?limit=1&cursor={cursor}", site.project), &site.wang).await;

    assert_eq!(saved.body["criteria"]["intended_layouts"], json!(["3房", "4房"]));
    assert_eq!(names(&for_manager), vec!["丙", "甲"], "newest first; 乙's budget and 丁's purpose do not fit");
    assert_eq!(names(&for_wang), vec!["甲"], "a salesperson sees their own buyers");
    assert_eq!(names(&for_li), vec!["丙"]);
    assert_eq!(for_manager.body["items"][0]["phone_masked"], false);
    assert_eq!(names(&regulars), vec!["甲"]);
    assert_eq!(
        (summary.body["leads"].as_i64(), summary.body["visited"].as_i64(), summary.body["visit_rate"].as_f64()),
        (Some(2), Some(1), Some(0.5)),
        "{:?}",
        summary.body
    );
    assert_eq!((summary.body["signed"].as_i64(), summary.body["conversion"].as_f64()), (Some(0), Some(0.0)));
    assert_eq!(
        (summary.body["average_budget_fen"].as_i64(), summary.body["with_budget"].as_i64()),
        (Some(400_000_000), Some(2)),
        "甲's range 3–5 million has its middle at 4; 丙 gave only the lower end, 4"
    );
    let graded: i64 =
        summary.body["grades"].as_array().expect("grades").iter().filter_map(|g| g["leads"].as_i64()).sum();
    assert_eq!(graded, 2);
    assert_eq!((wang_summary.body["own_only"].as_bool(), wang_summary.body["leads"].as_i64()), (Some(true), Some(1)));
    let by_name: Vec<&str> = items(&first).iter().chain(items(&second)).filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(by_name, vec!["常来的", "浦东改善客"], "salespeople read the saved segments, a page at a time, by name");
    assert!(second.body["next_cursor"].is_null());
}

#[tokio::test]
async fn managers_keep_segments_and_everyone_else_is_refused() {
    let site = site().await;
    let created = save(&site, &site.manager, upgraders()).await;
    let segment = created.id("id");
    let path = format!("/projects/{}/segments/{segment}", site.project);
    let by_sales = save(&site, &site.wang, json!({"name": "我的客户"})).await;
    let same_name = save(&site, &site.manager, json!({"name": " 浦东改善客 "})).await;
    let contradictory = save(
        &site,
        &site.manager,
        json!({"name": "x", "criteria": {"budget_min_fen": 5, "budget_max_fen": 1,
            "created_from": "2026-12-01T00:00:00Z", "created_to": "2026-11-01T00:00:00Z"}}),
    )
    .await;
    let unknown = save(&site, &site.manager, json!({"name": "x", "criteria": {"grade_in": ["A"]}})).await;
    let (_, desk) = site.desk().await;
    let by_desk = site.app.get(&format!("/projects/{}/segments", site.project), &desk).await;
    let other = site.app.create_project(&site.admin, "江畔花园").await;
    let elsewhere = site.app.get(&format!("/projects/{other}/segments/{segment}"), &site.admin).await;
    let replace = |body: Value| {
        let (site, path) = (&site, &path);
        async move { site.app.call(Method::PUT, path, Some(&site.manager), Some(body)).await }
    };
    let replaced = replace(json!({"name": "浦东改善客", "criteria": {"purpose": "upgrade"}, "version": 1})).await;
    let stale = replace(json!({"name": "浦东改善客", "version": 1})).await;
    let by_wang = site.app.call(Method::PUT, &path, Some(&site.wang), Some(json!({"name": "y", "version": 2}))).await;
    let deleted = site.app.delete(&path, &site.manager).await;
    let gone = site.app.get(&path, &site.manager).await;

    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "project.manager_only"));
    assert_eq!((same_name.status, same_name.code()), (StatusCode::CONFLICT, "segment.name_taken"));
    assert_eq!(contradictory.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<&str> =
        contradictory.body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    fields.sort();
    assert_eq!(fields, vec!["criteria.budget_max_fen", "criteria.created_to"], "{:?}", contradictory.body);
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "a misspelt criterion is not silently every buyer");
    assert_eq!((by_desk.status, by_desk.code()), (StatusCode::FORBIDDEN, "analytics.forbidden"));
    assert_eq!((elsewhere.status, elsewhere.code()), (StatusCode::NOT_FOUND, "segment.not_found"));
    assert_eq!((replaced.status, replaced.body["version"].as_i64()), (StatusCode::OK, Some(2)), "{:?}", replaced.body);
    assert_eq!(replaced.body["criteria"], json!({"purpose": "upgrade"}), "a replacement clears what it leaves out");
    assert_eq!((stale.status, stale.code()), (StatusCode::PRECONDITION_FAILED, "segment.version_conflict"));
    assert_eq!(by_wang.status, StatusCode::FORBIDDEN);
    assert_eq!((deleted.status, gone.status), (StatusCode::NO_CONTENT, StatusCode::NOT_FOUND));
    let actions = site.app.audit_actions();
    for action in ["segment.create", "segment.update", "segment.delete"] {
        assert!(actions.contains(&action.to_owned()), "{action} is audited");
    }
}

#[tokio::test]
async fn two_managers_saving_one_name_at_once_get_one_segment() {
    let site = site().await;
    let (_, second) = site.app.sign_in_new("sun.jl", "manager", &[site.project]).await;
    let tokens = [site.manager.clone(), second.clone(), site.manager.clone(), second];

    let replies = join_all(tokens.iter().map(|token| save(&site, token, json!({"name": "高意向"})))).await;

    let mut statuses: Vec<StatusCode> = replies.iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::CREATED, StatusCode::CONFLICT, StatusCode::CONFLICT, StatusCode::CONFLICT]);
    let listed = site.app.get(&format!("/projects/{}/segments", site.project), &site.manager).await;
    assert_eq!(items(&listed).len(), 1);
}
