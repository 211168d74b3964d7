//! The audit trail: an event for every change, nothing for a refused one, visibility per
//! role, CSV export, a lead's history in words, and the tamper-evident chain.

use anchang::db::AnyConnection;
use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::follow_ups::contact;
use crate::helpers::{items, site, Site};

/// The guards on the trail, on its chain's bookkeeping row and on its waiting events, on
/// SQLite.
const SQLITE_GUARDS: [&str; 8] = [
    "audit_pending_no_update",
    "audit_pending_no_delete",
    "audit_events_no_update",
    "audit_events_no_delete",
    "audit_chain_no_insert",
    "audit_chain_no_delete",
    "audit_chain_head_forward",
    "audit_chain_anchor_by_purge",
];

/// Runs SQL behind the application's back, as someone with database access would;
/// `bypass` first disables the guards (a superuser can).
pub fn tamper(site: &Site, sql: &str, bypass: bool) -> QueryResult<usize> {
    let mut pooled = site.app.db();
    if bypass {
        match &mut pooled.conn {
            AnyConnection::Pg(pg) => {
                diesel::sql_query("SET session_replication_role = replica").execute(pg)?;
            }
            AnyConnection::Sqlite(sqlite) => {
                for trigger in SQLITE_GUARDS {
                    diesel::sql_query(format!("DROP TRIGGER IF EXISTS {trigger}")).execute(sqlite)?;
                }
            }
        }
    }
    let result = diesel::sql_query(sql).execute(&mut pooled.conn);
    if let AnyConnection::Pg(pg) = &mut pooled.conn {
        let _ = diesel::sql_query("SET session_replication_role = origin").execute(pg);
    }
    result
}

#[tokio::test]
async fn every_kind_of_change_is_recorded_with_who_and_from_where() {
    let site = site().await;
    site.app.login("wang.li", "wrong-password").await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    site.follow_up(&site.wang, lead, contact("visit", "customer", json!({}))).await;
    site.app
        .post(&format!("/leads/{lead}/reveal"), &site.manager, json!({"field": "phone", "purpose": "回访核实"}))
        .await;
    site.app
        .post(&format!("/leads/{lead}/transfer"), &site.manager, json!({"to_user_id": site.li_id, "reason": "休假"}))
        .await;
    site.app.post(&format!("/users/{}/freeze", site.wang_id), &site.manager, json!({})).await;
    site.app
        .post(
            &format!("/projects/{}/objections", site.project),
            &site.manager,
            json!({"category": "price", "objection": "贵", "answer": "值"}),
        )
        .await;

    let actions = site.app.audit_actions();
    for expected in [
        "auth.login",
        "auth.login_failed",
        "project.create",
        "user.create",
        "lead.create",
        "follow_up.create",
        "lead.grade_change",
        "lead.reveal",
        "lead.transfer",
        "user.freeze",
        "objection.create",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} missing from {actions:?}");
    }
    let transfers = site.app.get("/audit-events?action=lead.transfer", &site.admin).await;
    let event = &items(&transfers)[0];
    assert_eq!(event["changes"]["owner_id"]["new"], json!(site.li_id));
    assert_eq!(event["changes"]["reason"], "休假");
    assert_eq!(event["actor_display_name"], "zhou.jl");
    assert_eq!(event["ip"], "127.0.0.1");
    assert!(event["request_id"].is_string());
    assert_eq!(event["project_id"], json!(site.project));
}

#[tokio::test]
async fn a_refused_change_leaves_no_event() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    let before = site.app.audit_actions().len();

    let duplicate = site.register(&site.li, "王太太", "13800138000", json!({})).await;
    let invalid = site.register(&site.li, "王太太", "12345", json!({})).await;

    assert_eq!((duplicate.status, invalid.status), (StatusCode::CONFLICT, StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(site.app.audit_actions().len(), before);
    assert_eq!(site.app.get("/audit/verify", &site.admin).await.body["ok"], true);
}

#[tokio::test]
async fn managers_read_their_projects_events_admins_all_salespeople_none() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    site.app
        .post(
            "/leads",
            &site.admin,
            json!({"project_id": other, "name": "别处", "phone": "13900139000", "source_channel": "event"}),
        )
        .await;

    let manager = site.app.get("/audit-events?limit=100", &site.manager).await;
    let admin = site.app.get("/audit-events?limit=100", &site.admin).await;
    let sales = site.app.get("/audit-events", &site.wang).await;
    let foreign = site.app.get(&format!("/audit-events?project_id={other}"), &site.manager).await;
    let verify_by_manager = site.app.get("/audit/verify", &site.manager).await;

    let projects: Vec<&serde_json::Value> = items(&manager).iter().map(|e| &e["project_id"]).collect();
    assert!(!projects.is_empty() && projects.iter().all(|p| **p == json!(site.project)), "{projects:?}");
    assert!(items(&admin).iter().any(|e| e["project_id"] == json!(other)));
    assert!(items(&admin).iter().any(|e| e["action"] == "auth.login"), "events outside projects too");
    assert_eq!((sales.status, sales.code()), (StatusCode::FORBIDDEN, "audit.forbidden"));
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(verify_by_manager.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_export_is_csv_and_is_itself_recorded() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    site.lead(&site.wang, "李先生", "13900139000").await;

    let response = site
        .app
        .client
        .get(
            site.app
                .api(&format!("/audit-events/export?entity_type=lead&action=lead.create&project_id={}", site.project)),
        )
        .bearer_auth(&site.manager)
        .send()
        .await
        .expect("sent");
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = response.text().await.expect("body");

    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
    assert_eq!(header[..6], ["seq", "occurred_at", "actor_id", "actor_display_name", "actor_role", "action"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| &r[5] == "lead.create" && r[12].contains("****")), "phones stay masked: {body}");
    let exports = site.app.get("/audit-events?action=audit.export", &site.manager).await;
    assert_eq!(items(&exports)[0]["changes"]["rows"], 2);
}

#[tokio::test]
async fn an_export_never_hands_a_spreadsheet_a_formula() {
    let site = site().await;
    let body = serde_json::json!({"project_id": site.project, "name": "王女士", "phone": "13800138000", "source_channel": "walk_in"});
    let created = site
        .app
        .client
        .post(site.app.api("/leads"))
        .bearer_auth(&site.wang)
        .header("User-Agent", "=HYPERLINK(\"http://evil\")")
        .header("X-Request-Id", "=1+1")
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_ne!(created.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("=1+1"), "a fresh id");

    let path = format!("/audit-events/export?action=lead.create&project_id={}", site.project);
    let csv = site.app.client.get(site.app.api(&path)).bearer_auth(&site.manager).send().await.expect("sent");
    let body = csv.text().await.expect("body");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let row = reader.records().next().expect("a row").expect("readable");

    assert_eq!(&row[11], "'=HYPERLINK(\"http://evil\")", "the user agent is text, not a formula");
    assert!(!row[9].starts_with('='), "the forged request id was never kept");
}

#[tokio::test]
async fn a_leads_history_reads_in_words_for_its_owner_and_managers() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    site.follow_up(&site.wang, lead, contact("visit", "customer", json!({}))).await;
    site.app
        .post(&format!("/leads/{lead}/transfer"), &site.manager, json!({"to_user_id": site.li_id, "reason": "休假"}))
        .await;

    let for_new_owner = site.app.get(&format!("/leads/{lead}/history"), &site.li).await;
    let for_old_owner = site.app.get(&format!("/leads/{lead}/history"), &site.wang).await;

    let summaries: Vec<&str> = items(&for_new_owner).iter().filter_map(|e| e["summary"].as_str()).collect();
    assert_eq!(summaries[0], "zhou.jl 将客户从 wang.li 转给 li.na（原因：休假）");
    assert!(summaries.contains(&"wang.li 记录了一次到访跟进"), "{summaries:?}");
    assert_eq!(summaries.last().copied(), Some("wang.li 登记了客户"));
    assert_eq!(for_old_owner.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_trail_refuses_updates_and_deletes() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;

    let update = tamper(&site, "UPDATE audit_events SET action = 'lead.nothing' WHERE seq = 1", false);
    let delete = tamper(&site, "DELETE FROM audit_events WHERE seq = 1", false);

    assert!(update.is_err(), "UPDATE must be refused");
    assert!(delete.is_err(), "DELETE must be refused");
    assert_eq!(site.app.get("/audit/verify", &site.admin).await.body["ok"], true);
}

#[tokio::test]
async fn verify_finds_the_altered_event() {
    let site = site().await;
    for (name, phone) in [("王女士", "13800138000"), ("李先生", "13900139000"), ("赵女士", "13700137000")] {
        site.lead(&site.wang, name, phone).await;
    }
    let intact = site.app.get("/audit/verify", &site.admin).await;
    let checked = intact.body["checked"].as_i64().unwrap_or(0);
    assert_eq!(intact.body["ok"], true, "{:?}", intact.body);
    assert!(checked >= 8, "{:?}", intact.body);
    let (cli_ok, _) = site.app.cli(&["audit", "verify"]);
    assert!(cli_ok);

    let target = checked - 3;
    tamper(
        &site,
        &format!("UPDATE audit_events SET changes = '{{\"name\":{{\"new\":\"改过\"}}}}' WHERE seq = {target}"),
        true,
    )
    .expect("a superuser can");
    let broken = site.app.get("/audit/verify", &site.admin).await;
    let (cli_ok, out) = site.app.cli(&["audit", "verify"]);

    assert_eq!(broken.body["ok"], false);
    assert_eq!(broken.body["first_bad_seq"], target);
    assert!(!cli_ok, "{out}");
}

#[tokio::test]
async fn verify_finds_a_removed_event_and_a_cut_off_tail() {
    let site = site().await;
    for (name, phone) in [("王女士", "13800138000"), ("李先生", "13900139000")] {
        site.lead(&site.wang, name, phone).await;
    }
    let last = site.app.get("/audit/verify", &site.admin).await.body["checked"].as_i64().unwrap_or(0);

    tamper(&site, &format!("DELETE FROM audit_events WHERE seq = {}", last - 2), true).expect("deleted");
    let gap = site.app.get("/audit/verify", &site.admin).await;
    assert_eq!(
        (gap.body["ok"].as_bool(), gap.body["first_bad_seq"].as_i64()),
        (Some(false), Some(last - 2)),
        "{:?}",
        gap.body
    );

    let tail_site = site;
    tamper(&tail_site, &format!("DELETE FROM audit_events WHERE seq >= {}", last - 2), true).expect("deleted");
    let cut = tail_site.app.get("/audit/verify", &tail_site.admin).await;
    assert_eq!(cut.body["ok"], false, "{:?}", cut.body);
    let bad = cut.body["first_bad_seq"].as_i64().unwrap_or(0);
    assert!(bad <= last + 1, "{:?}", cut.body);
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    let site = site().await;

    let phones: Vec<String> = (0..16).map(|i| format!("1380000{i:04}")).collect();
    let registrations = join_all(phones.iter().enumerate().map(|(i, phone)| {
        let token = if i % 2 == 0 { &site.wang } else { &site.li };
        site.register(token, "客户", phone, json!({}))
    }))
    .await;

    assert!(registrations.iter().all(|r| r.status == StatusCode::CREATED));
    let verify = site.app.get("/audit/verify", &site.admin).await;
    assert_eq!(verify.body["ok"], true, "{:?}", verify.body);
    let events = site.app.get("/audit-events?limit=100", &site.admin).await;
    let mut seqs: Vec<i64> = items(&events).iter().filter_map(|e| e["seq"].as_i64()).collect();
    seqs.sort();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "no gaps: {seqs:?}");
}

#[tokio::test]
async fn a_purge_removes_only_events_past_retention_and_the_rest_still_verifies() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    let recorded = site.app.get("/audit/verify", &site.admin).await.body["checked"].as_i64().unwrap_or(0);

    let (ok, out) = site.app.cli(&["audit", "purge"]);
    let nothing: serde_json::Value = serde_json::from_str(out.trim()).unwrap_or_default();
    assert!(ok, "{out}");
    assert_eq!(nothing["purged"], 0, "everything is younger than 180 days");

    // As if the retention period had passed for everything recorded so far.
    let purged = {
        let mut pooled = site.app.db();
        anchang::audit::service::purge_before(&mut pooled.conn, anchang::db::now() + chrono::Duration::seconds(1))
            .expect("purged")
    };
    site.lead(&site.wang, "李先生", "13900139000").await;
    let after = site.app.get("/audit/verify", &site.admin).await;

    assert_eq!(purged.purged, recorded, "a purge that removed nothing records nothing");
    assert_eq!(after.body["ok"], true, "{:?}", after.body);
    let actions = site.app.audit_actions();
    assert_eq!(actions.first().map(String::as_str), Some("audit.purge"));
    assert!(tamper(&site, &format!("DELETE FROM audit_events WHERE seq = {}", purged.anchor_seq + 2), false).is_err());
}
