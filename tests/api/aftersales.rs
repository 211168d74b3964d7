//! Complaints (客诉) after the sale: the state machine and who may move it, deadlines per
//! severity that breach and are told once, the project's list, the lead's story, and the
//! boundaries (another salesperson's buyer is 404; the desk, finance and agents 403).

use chrono::{DateTime, Duration, Utc};
use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{items, site, site_with, Reply, Site};
use crate::jobs::run_job;
use crate::notifications::inbox;

mod care;
mod surveys;

fn complaint(severity: &str) -> Value {
    json!({"category": "quality", "severity": severity, "channel": "phone",
           "description": "交房后主卧墙面渗水，客户要求一周内修复"})
}

async fn file(site: &Site, token: &str, lead: Uuid, body: Value) -> Reply {
    site.app.post(&format!("/leads/{lead}/complaints"), token, body).await
}

async fn step(site: &Site, token: &str, case: Uuid, action: &str, body: Value) -> Reply {
    site.app.post(&format!("/complaints/{case}/{action}"), token, body).await
}

fn moment(value: &Value) -> DateTime<Utc> {
    value.as_str().and_then(|t| t.parse().ok()).expect("a moment")
}

fn deadline<'a>(case: &'a Value, which: &str) -> &'a Value {
    let found = case["deadlines"].as_array().and_then(|d| d.iter().find(|d| d["deadline"] == which));
    found.unwrap_or(&Value::Null)
}

#[tokio::test]
async fn a_complaint_goes_from_open_to_closed_with_who_did_what_and_can_be_reopened() {
    let site = site().await;
    let lead = site.lead(&site.wang, "赵先生", "13800009001").await;

    let filed = file(&site, &site.wang, lead, complaint("high")).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{:?}", filed.body);
    let case = filed.id("id");
    assert_eq!(filed.header("location"), Some(format!("/api/v1/complaints/{case}").as_str()));
    let received = moment(&filed.body["received_at"]);
    assert_eq!(
        (moment(&deadline(&filed.body, "acknowledge")["due_at"]), moment(&deadline(&filed.body, "resolve")["due_at"])),
        (received + Duration::hours(4), received + Duration::hours(72)),
        "high: 4 hours to acknowledge, 72 to resolve, by default"
    );
    assert_eq!((filed.body["status"].as_str(), filed.body["breached"].as_bool()), (Some("open"), Some(false)));
    assert_eq!(
        (filed.body["lead_name"].as_str(), filed.body["owner_id"].clone()),
        (Some("赵先生"), json!(site.wang_id))
    );

    let assigned =
        step(&site, &site.manager, case, "assign", json!({"assignee_id": site.li_id, "note": "李娜跟进"})).await;
    let acknowledged = step(&site, &site.wang, case, "acknowledge", json!({"note": "已致电客户"})).await;
    let started_by_owner = step(&site, &site.wang, case, "start", json!({})).await;
    let started = step(&site, &site.li, case, "start", json!({})).await;
    let no_cause = step(&site, &site.li, case, "resolve", json!({"resolution": "已修复"})).await;
    let resolved =
        step(&site, &site.li, case, "resolve", json!({"root_cause": "construction", "resolution": "重做防水层"})).await;
    let too_happy = step(&site, &site.li, case, "close", json!({"satisfaction": 6})).await;
    let closed = step(&site, &site.li, case, "close", json!({"satisfaction": 4, "note": "客户满意"})).await;

    assert_eq!(assigned.status, StatusCode::OK, "{:?}", assigned.body);
    assert_eq!(acknowledged.body["status"], "acknowledged", "{:?}", acknowledged.body);
    assert_eq!((started_by_owner.status, started_by_owner.code()), (StatusCode::FORBIDDEN, "complaint.not_allowed"));
    assert_eq!(started.body["status"], "in_progress", "the assignee works it: {:?}", started.body);
    assert_eq!(no_cause.status, StatusCode::UNPROCESSABLE_ENTITY, "resolving needs a root cause");
    assert_eq!(
        (resolved.body["status"].as_str(), resolved.body["root_cause"].as_str()),
        (Some("resolved"), Some("construction"))
    );
    assert_eq!(too_happy.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((closed.body["status"].as_str(), closed.body["satisfaction"].as_i64()), (Some("closed"), Some(4)));
    assert_eq!(closed.body["breached"], false, "every deadline met in time");
    let timeline: Vec<&str> =
        closed.body["timeline"].as_array().into_iter().flatten().filter_map(|s| s["action"].as_str()).collect();
    assert_eq!(timeline, ["file", "assign", "acknowledge", "start", "resolve", "close"]);
    assert_eq!(closed.body["timeline"][2]["actor_name"], "wang.li");
    assert_eq!(closed.body["timeline"][2]["note"], "已致电客户");

    let again = step(&site, &site.wang, case, "reopen", json!({"note": "雨后再次渗水"})).await;
    assert_eq!(again.status, StatusCode::OK, "the owner hears it first: {:?}", again.body);
    assert_eq!((again.body["status"].as_str(), again.body["reopen_count"].as_i64()), (Some("in_progress"), Some(1)));
    assert!(again.body["resolved_at"].is_null() && again.body["satisfaction"].is_null());
    assert!(
        moment(&deadline(&again.body, "resolve")["due_at"]) >= moment(&again.body["updated_at"]) + Duration::hours(72),
        "the resolve clock starts again: {:?}",
        again.body
    );
    let reclosed = step(&site, &site.li, case, "close", json!({"satisfaction": 3})).await;
    assert_eq!((reclosed.status, reclosed.code()), (StatusCode::CONFLICT, "complaint.invalid_move"));

    let story = site.app.get(&format!("/leads/{lead}/history"), &site.wang).await;
    let sentences: Vec<&str> = items(&story).iter().filter_map(|e| e["summary"].as_str()).collect();
    assert!(sentences.contains(&"wang.li 登记了一件客诉（房屋质量，紧急）"), "{sentences:?}");
    assert!(sentences.iter().any(|s| s.contains("将客诉指派给 li.na")), "{sentences:?}");
    let actions = site.app.audit_actions();
    for action in [
        "complaint.file",
        "complaint.assign",
        "complaint.acknowledge",
        "complaint.resolve",
        "complaint.close",
        "complaint.reopen",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn only_the_buyers_people_see_a_complaint_and_bad_input_is_refused() {
    let site = site().await;
    let lead = site.lead(&site.wang, "钱女士", "13800009002").await;
    let lis = site.lead(&site.li, "孙先生", "13800009003").await;
    let (_, desk) = site.desk().await;
    let (_, finance) = site.finance().await;
    let outsider = site.app.create_user(&site.admin, "chen.m", "sales", &[]).await;

    let on_anothers = file(&site, &site.wang, lis, complaint("normal")).await;
    let by_desk = file(&site, &desk, lead, complaint("normal")).await;
    let blank = file(
        &site,
        &site.wang,
        lead,
        json!({"category": "quality", "severity": "low", "channel": "phone", "description": "   "}),
    )
    .await;
    let unknown = file(
        &site,
        &site.wang,
        lead,
        json!({"category": "noise", "severity": "low", "channel": "phone", "description": "噪音"}),
    )
    .await;
    let future = Utc::now() + Duration::days(2);
    let ahead = file(
        &site,
        &site.wang,
        lead,
        json!({"category": "quality", "severity": "low", "channel": "phone",
        "description": "渗水", "occurred_at": future}),
    )
    .await;
    let stranger = file(
        &site,
        &site.wang,
        lead,
        json!({"category": "quality", "severity": "low", "channel": "phone",
        "description": "渗水", "assignee_id": outsider}),
    )
    .await;
    let filed = file(&site, &site.wang, lead, complaint("normal")).await;
    let case = filed.id("id");

    assert_eq!(on_anothers.status, StatusCode::NOT_FOUND, "another salesperson's buyer does not exist for me");
    assert_eq!((by_desk.status, by_desk.code()), (StatusCode::FORBIDDEN, "complaint.forbidden"));
    for refused in [&blank, &unknown, &ahead, &stranger] {
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    }
    assert_eq!(stranger.body["errors"][0]["field"], "assignee_id");
    assert_eq!(filed.status, StatusCode::CREATED);

    let path = format!("/complaints/{case}");
    assert_eq!(site.app.get(&path, &site.li).await.status, StatusCode::NOT_FOUND, "not li's buyer, not assigned");
    assert_eq!(site.app.get(&path, &finance).await.code(), "complaint.forbidden");
    assert_eq!(site.app.get(&path, &site.manager).await.status, StatusCode::OK);
    assert_eq!(step(&site, &site.li, case, "acknowledge", json!({})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        step(&site, &site.wang, case, "assign", json!({"assignee_id": site.li_id})).await.code(),
        "complaint.not_allowed"
    );
    let resolve_open =
        step(&site, &site.manager, case, "resolve", json!({"root_cause": "other", "resolution": "已处理"})).await;
    assert_eq!((resolve_open.status, resolve_open.code()), (StatusCode::CONFLICT, "complaint.invalid_move"));

    let li_list = site.app.get(&format!("/projects/{}/complaints", site.project), &site.li).await;
    let manager_list = site.app.get(&format!("/projects/{}/complaints", site.project), &site.manager).await;
    assert!(items(&li_list).is_empty(), "{:?}", li_list.body);
    assert_eq!(items(&manager_list).len(), 1);
    assert_eq!(
        step(&site, &site.manager, case, "assign", json!({"assignee_id": site.li_id})).await.status,
        StatusCode::OK
    );
    assert_eq!(items(&site.app.get(&format!("/projects/{}/complaints", site.project), &site.li).await).len(), 1);
    assert_eq!(site.app.get(&path, &site.li).await.status, StatusCode::OK, "the assignee sees the case");
}

#[tokio::test]
async fn two_acknowledgements_at_once_make_one() {
    let site = site().await;
    let lead = site.lead(&site.wang, "周先生", "13800009004").await;
    let case = file(&site, &site.wang, lead, complaint("critical")).await.id("id");

    let tries = join_all((0..6).map(|i| {
        let token = if i % 2 == 0 { site.wang.clone() } else { site.manager.clone() };
        let site = &site;
        async move { step(site, &token, case, "acknowledge", json!({"note": format!("第{i}次")})).await }
    }))
    .await;

    let won = tries.iter().filter(|r| r.status == StatusCode::OK).count();
    let lost =
        tries.iter().filter(|r| r.status == StatusCode::CONFLICT && r.code() == "complaint.invalid_move").count();
    assert_eq!((won, lost), (1, 5), "{:?}", tries.iter().map(|r| r.status).collect::<Vec<_>>());
    let seen = site.app.get(&format!("/complaints/{case}"), &site.manager).await;
    assert_eq!(seen.body["timeline"].as_array().map(Vec::len), Some(2), "filed and acknowledged once");

    // Assignments at once (the status stays): one that read a version another changed is
    // refused, never lost — each one answered 200 is one step of the timeline, and the case
    // names the last of them.
    let assignments = join_all([site.wang_id, site.li_id, site.wang_id, site.li_id].map(|to| {
        let site = &site;
        async move { step(site, &site.manager, case, "assign", json!({"assignee_id": to})).await }
    }))
    .await;
    let won: Vec<&Reply> = assignments.iter().filter(|r| r.status == StatusCode::OK).collect();
    assert!(!won.is_empty());
    assert!(
        assignments.iter().all(|r| r.status == StatusCode::OK || r.code() == "complaint.invalid_move"),
        "{:?}",
        assignments.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let after = site.app.get(&format!("/complaints/{case}"), &site.manager).await;
    let steps = after.body["timeline"].as_array().cloned().unwrap_or_default();
    assert_eq!(steps.iter().filter(|s| s["action"] == "assign").count(), won.len());
    let last = won.iter().max_by_key(|r| r.body["version"].as_i64()).map(|r| r.body["assignee_id"].clone());
    assert_eq!(Some(after.body["assignee_id"].clone()), last);
}

#[tokio::test]
async fn a_missed_deadline_is_breached_listed_and_told_to_the_managers_once() {
    let site = site_with(&[("ANCHANG_JOBS_POLL_MS", "50"), ("ANCHANG_NOTIFY_POLL_MS", "50")]).await;
    let lead = site.lead(&site.wang, "吴女士", "13800009005").await;
    let late = file(&site, &site.wang, lead, complaint("critical")).await.id("id");
    let fresh = file(&site, &site.wang, lead, complaint("low")).await.id("id");
    // Received three hours ago: two to acknowledge a critical complaint have passed.
    site.app.backdate_complaint(late, 3);

    let seen = site.app.get(&format!("/complaints/{late}"), &site.manager).await;
    let breached = site.app.get(&format!("/projects/{}/complaints?breached=true", site.project), &site.manager).await;
    let in_time = site.app.get(&format!("/projects/{}/complaints?breached=false", site.project), &site.manager).await;
    let first = run_job(&site, "complaint_deadlines").await;
    let second = run_job(&site, "complaint_deadlines").await;
    let told = inbox(&site, &site.manager, 2).await;

    assert_eq!(
        (deadline(&seen.body, "acknowledge")["breached"].as_bool(), seen.body["breached"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(deadline(&seen.body, "resolve")["breached"], false, "48 hours are not up");
    let ids = |page: &Reply| items(page).iter().map(|c| c["id"].clone()).collect::<Vec<_>>();
    assert_eq!((ids(&breached), ids(&in_time)), (vec![json!(late)], vec![json!(fresh)]));
    assert_eq!(first["last_summary"], json!({"acknowledge": 1, "resolve": 0}));
    assert_eq!(second["last_summary"], json!({"acknowledge": 0, "resolve": 0}), "told once");
    let breach_notes: Vec<&Value> = told.iter().filter(|n| n["kind"] == "complaint_breached").collect();
    assert_eq!(breach_notes.len(), 1, "{told:?}");
    assert_eq!(breach_notes[0]["title"], "一件客诉已超过响应时限");
    assert!(told.iter().any(|n| n["kind"] == "complaint_filed"), "a critical complaint is told at once: {told:?}");
    let after = site.app.get(&format!("/complaints/{late}"), &site.manager).await;
    assert!(deadline(&after.body, "acknowledge")["escalated_at"].is_string());
    let last = after.body["timeline"].as_array().and_then(|t| t.last()).cloned().unwrap_or_default();
    assert_eq!((last["action"].as_str(), last["actor_id"].clone()), (Some("acknowledge_breached"), Value::Null));

    // Acknowledged late stays breached; the case moves on.
    let acknowledged = step(&site, &site.wang, late, "acknowledge", json!({})).await;
    assert_eq!(
        (acknowledged.status, deadline(&acknowledged.body, "acknowledge")["breached"].as_bool()),
        (StatusCode::OK, Some(true))
    );
}

#[tokio::test]
async fn the_projects_policy_sets_the_deadlines_of_new_cases() {
    let site = site().await;
    let path = format!("/projects/{}/complaint-policy", site.project);
    let hours = |ack: i64, resolve: i64| json!({"acknowledge_hours": ack, "resolve_hours": resolve});
    let policy = json!({"critical": hours(1, 24), "high": hours(2, 48), "normal": hours(8, 96), "low": hours(24, 240)});

    let default = site.app.get(&path, &site.wang).await;
    let by_sales = site.app.call(Method::PUT, &path, Some(&site.wang), Some(policy.clone())).await;
    let inverted = site
        .app
        .call(
            Method::PUT,
            &path,
            Some(&site.manager),
            Some(json!({"critical": hours(10, 5), "high": hours(2, 48),
            "normal": hours(8, 96), "low": hours(24, 240)})),
        )
        .await;
    let set = site.app.call(Method::PUT, &path, Some(&site.manager), Some(policy.clone())).await;
    let lead = site.lead(&site.wang, "郑先生", "13800009006").await;
    let filed = file(&site, &site.wang, lead, complaint("normal")).await;

    assert_eq!((default.body["customised"].as_bool(), default.body["critical"].clone()), (Some(false), hours(2, 48)));
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(inverted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(inverted.body["errors"][0]["field"], "critical.resolve_hours");
    assert_eq!(
        (set.status, set.body["version"].as_i64(), set.body["customised"].as_bool()),
        (StatusCode::OK, Some(1), Some(true))
    );
    let received = moment(&filed.body["received_at"]);
    assert_eq!(moment(&deadline(&filed.body, "acknowledge")["due_at"]), received + Duration::hours(8));
    assert_eq!(moment(&deadline(&filed.body, "resolve")["due_at"]), received + Duration::hours(96));
    assert!(site.app.audit_actions().contains(&"project.complaint_policy".to_owned()));
}

#[tokio::test]
async fn a_call_centre_files_complaints_through_its_scope() {
    let site = site_with(&[("ANCHANG_NOTIFY_POLL_MS", "50")]).await;
    let lead = site.lead(&site.wang, "冯女士", "13800009007").await;
    let (id, secret) = crate::clients::client(&site, &["aftersales:write", "aftersales:read"]).await;
    let (read_id, read_secret) = crate::clients::client(&site, &["aftersales:read"]).await;
    let writer = crate::clients::token(&site, &id, &secret, None).await;
    let reader = crate::clients::token(&site, &read_id, &read_secret, None).await;

    let filed = file(&site, &writer, lead, complaint("high")).await;
    let not_granted = file(&site, &reader, lead, complaint("high")).await;
    let listed = site.app.get(&format!("/projects/{}/complaints", site.project), &reader).await;

    assert_eq!(filed.status, StatusCode::CREATED, "{:?}", filed.body);
    assert_eq!((not_granted.status, not_granted.code()), (StatusCode::FORBIDDEN, "auth.insufficient_scope"));
    assert_eq!(items(&listed).len(), 1, "{:?}", listed.body);
    let owner_told = inbox(&site, &site.wang, 1).await;
    assert!(owner_told.iter().any(|n| n["kind"] == "complaint_filed"), "{owner_told:?}");
}

#[tokio::test]
async fn the_projects_list_narrows_by_status_severity_and_assignee() {
    let site = site().await;
    let lead = site.lead(&site.wang, "钱先生", "13800009011").await;
    let urgent = file(&site, &site.wang, lead, complaint("high")).await.id("id");
    let minor = file(&site, &site.wang, lead, complaint("low")).await.id("id");
    let usual = file(&site, &site.wang, lead, complaint("normal")).await.id("id");
    let assigned = step(&site, &site.manager, urgent, "assign", json!({"assignee_id": site.li_id})).await;
    let acknowledged = step(&site, &site.wang, minor, "acknowledge", json!({})).await;
    assert_eq!((assigned.status, acknowledged.status), (StatusCode::OK, StatusCode::OK));

    let list = |query: String| {
        let site = &site;
        async move {
            let page = site.app.get(&format!("/projects/{}/complaints{query}", site.project), &site.manager).await;
            assert_eq!(page.status, StatusCode::OK, "{query}: {:?}", page.body);
            let mut ids: Vec<Value> = items(&page).iter().map(|c| c["id"].clone()).collect();
            ids.sort_by_key(|id| id.to_string());
            ids
        }
    };
    let sorted = |mut ids: Vec<Uuid>| {
        ids.sort_by_key(|id| json!(id).to_string());
        ids.into_iter().map(|id| json!(id)).collect::<Vec<_>>()
    };

    assert_eq!(list(String::new()).await, sorted(vec![urgent, minor, usual]));
    assert_eq!(list("?severity=high".into()).await, sorted(vec![urgent]));
    assert_eq!(list("?status=acknowledged".into()).await, sorted(vec![minor]));
    assert_eq!(list("?status=open".into()).await, sorted(vec![urgent, usual]));
    assert_eq!(list(format!("?assignee_id={}", site.li_id)).await, sorted(vec![urgent]));
    assert_eq!(list("?status=open&severity=normal".into()).await, sorted(vec![usual]));
    assert_eq!(list("?status=closed".into()).await, Vec::<Value>::new());
    let unknown = site.app.get(&format!("/projects/{}/complaints?severity=dire", site.project), &site.manager).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", unknown.body);
}
