//! `GET /events`: each change worth telling with its field diff, in commit order, for the
//! projects the reader works in; refusals for those who read none.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::follow_ups::contact;
use crate::helpers::{items, site, Site};

/// Every event of the feed the token reads, in order, following the cursor.
pub async fn all_events(site: &Site, token: &str, filter: &str) -> Vec<Value> {
    let mut events = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = site.app.get(&format!("/events?limit=100{filter}{cursor}"), token).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        events.extend(items(&page).iter().cloned());
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return events,
        }
    }
}

pub fn of_type<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == kind).collect()
}

#[tokio::test]
async fn each_change_worth_telling_is_an_event_with_its_old_and_new_values() {
    let site = site().await;
    let lead = site.lead(&site.wang, "赵先生", "13800001111").await;
    let transfer = json!({"to_user_id": site.li_id, "reason": "休假"});
    assert_eq!(site.app.post(&format!("/leads/{lead}/transfer"), &site.manager, transfer).await.status, StatusCode::OK);
    let recorded = site.follow_up(&site.li, lead, contact("phone", "salesperson", json!({}))).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    let version = site.app.get(&format!("/leads/{lead}"), &site.li).await.body["version"].clone();
    let lost = json!({"version": version, "status": "lost", "lost_reason": "competitor"});
    assert_eq!(site.app.patch(&format!("/leads/{lead}"), &site.li, lost).await.status, StatusCode::OK);

    let events = all_events(&site, &site.manager, "").await;

    let created = of_type(&events, "lead.created");
    assert_eq!(created.len(), 1, "{events:#?}");
    assert_eq!(created[0]["resource"], json!({"type": "lead", "id": lead}));
    assert_eq!(created[0]["project_id"], json!(site.project));
    assert_eq!(created[0]["actor"], json!({"id": site.wang_id, "role": "sales"}));
    assert_eq!(created[0]["changes"]["phone"]["new"], "138****1111", "personal data masked");
    let moved = of_type(&events, "lead.owner_changed");
    assert_eq!(moved[0]["changes"]["owner_id"], json!({"old": site.wang_id, "new": site.li_id}));
    assert_eq!(of_type(&events, "follow_up.recorded").len(), 1);
    let lost = of_type(&events, "lead.lost");
    assert_eq!(lost[0]["changes"]["status"]["new"], "lost");
    assert!(of_type(&events, "lead.updated").is_empty(), "the loss is told as lead.lost");
    let order: Vec<&str> = events
        .iter()
        .filter_map(|e| e["type"].as_str())
        .filter(|t| ["lead.created", "lead.owner_changed", "follow_up.recorded", "lead.lost"].contains(t))
        .collect();
    assert_eq!(order, ["lead.created", "lead.owner_changed", "follow_up.recorded", "lead.lost"]);
    let sign_ins = events.iter().filter(|e| e["type"].as_str().is_some_and(|t| t.starts_with("auth"))).count();
    assert_eq!(sign_ins, 0, "sign-ins stay inside");
}

#[tokio::test]
async fn a_poller_continues_after_the_last_event_it_handled() {
    let site = site().await;
    site.lead(&site.wang, "一号", "13800002221").await;
    let first = all_events(&site, &site.admin, "&type=lead.created").await;
    assert_eq!(first.len(), 1);
    let last = first[0]["id"].as_str().expect("an id").to_owned();
    site.lead(&site.wang, "二号", "13800002222").await;
    site.lead(&site.li, "三号", "13800002223").await;

    let later = all_events(&site, &site.admin, &format!("&type=lead.created&after={last}")).await;
    let names: Vec<&str> = later.iter().filter_map(|e| e["changes"]["name"]["new"].as_str()).collect();
    assert_eq!(names, ["二号", "三号"]);
    let paged = site.app.get("/events?type=lead.created&limit=1", &site.admin).await;
    assert_eq!(items(&paged).len(), 1);
    let next = paged.body["next_cursor"].as_str().expect("more");
    let second = site.app.get(&format!("/events?type=lead.created&limit=1&cursor={next}"), &site.admin).await;
    assert_eq!(items(&second)[0]["changes"]["name"]["new"], "二号");

    let unknown = site.app.get(&format!("/events?after={}", uuid::Uuid::now_v7()), &site.admin).await;
    assert_eq!(
        (unknown.status, unknown.body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("after"))
    );
    let bad_type = site.app.get("/events?type=lead.exploded", &site.admin).await;
    assert_eq!(bad_type.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn readers_see_their_projects_events_and_salespeople_none() {
    let site = site().await;
    let lead = site.lead(&site.wang, "赵先生", "13800003331").await;
    let elsewhere = site.app.create_project(&site.admin, "城西府").await;
    let (_, other_manager) = site.app.sign_in_new("sun.jl", "manager", &[elsewhere]).await;
    let (_, integration) = site.app.sign_in_new("erp", "integration", &[site.project]).await;

    let theirs = all_events(&site, &other_manager, "").await;
    let via_integration = all_events(&site, &integration, "").await;
    let peeking = site.app.get(&format!("/events?project_id={}", site.project), &other_manager).await;
    let from_theirs = site
        .app
        .get(&format!("/events?after={}", via_integration[0]["id"].as_str().unwrap_or("")), &other_manager)
        .await;
    let sales = site.app.get("/events", &site.wang).await;

    assert!(theirs.is_empty(), "{theirs:#?}");
    assert!(via_integration.iter().any(|e| e["resource"]["id"] == json!(lead)));
    assert_eq!(peeking.status, StatusCode::NOT_FOUND);
    assert_eq!(from_theirs.status, StatusCode::UNPROCESSABLE_ENTITY, "another project's event is not a place to start");
    assert_eq!((sales.status, sales.code()), (StatusCode::FORBIDDEN, "event.forbidden"));
}

#[tokio::test]
async fn a_sale_and_a_channels_report_are_told_step_by_step() {
    let site = crate::helpers::site().await;
    let units = site.units().await;
    site.open_sales().await;
    let lead = site.lead(&site.wang, "买家", "13600001234").await;
    let reservation = site.reserve(units["1201"], lead).await;
    let signed = site.sign(reservation, 350_000_000, None).await;
    assert_eq!(signed.status, StatusCode::OK, "{:?}", signed.body);
    let deal = signed.id("deal_id");
    let (_, finance) = site.finance().await;
    let paid = site.pay(&finance, deal, 100_000_000, "bank_transfer", "2026-11-26T02:00:00Z", "SK-FEED").await;
    assert_eq!(paid.status, StatusCode::CREATED, "{:?}", paid.body);
    let channel = site.channel(&site.manager, "链家", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.jj", channel).await;
    let report = site.report(&agent, "新客户", "13912340001").await;
    assert_eq!(report.status, StatusCode::CREATED, "{:?}", report.body);

    let events = all_events(&site, &site.manager, "").await;

    let one = |kind: &str| {
        let found = of_type(&events, kind);
        assert_eq!(found.len(), 1, "{kind}: {events:#?}");
        found[0].clone()
    };
    let reserved = one("reservation.created");
    assert_eq!(reserved["resource"], json!({"type": "reservation", "id": reservation}));
    let deal_signed = one("deal.signed");
    assert_eq!(
        (deal_signed["resource"]["type"].as_str(), deal_signed["project_id"].clone()),
        (Some("deal"), json!(site.project))
    );
    let payment = one("payment.received");
    assert_eq!(payment["resource"], json!({"type": "deal", "id": deal}));
    assert_eq!(payment["actor"]["role"], "finance");
    let filed = one("report.filed");
    assert_eq!(filed["resource"]["id"], json!(report.id("id")));
    assert!(!filed.to_string().contains("13912340001"), "the reported phone is masked: {filed}");
}

#[tokio::test]
async fn the_rest_of_a_buyers_path_is_told_with_what_changed() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let channel = site.channel(&site.manager, "链家", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.jj", channel).await;
    let rule = json!({"project_id": site.project, "kind": "percent", "value": 150, "milestone": "signed"});
    let ruled = site
        .app
        .call(reqwest::Method::PUT, &format!("/channels/{channel}/commission-rules"), Some(&site.manager), Some(rule))
        .await;
    assert_eq!(ruled.status, StatusCode::OK, "{:?}", ruled.body);
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.wang]).await;
    let report = site.report(&agent, "赵先生", "13912349001").await;
    let visit = site.visit(&desk, json!({"phone": "13912349001", "came_with": "channel_report"})).await;
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    let lead = visit.id("lead_id");
    let lead_path = format!("/leads/{lead}");
    let version = site.app.get(&lead_path, &site.wang).await.body["version"].clone();
    let edit = json!({"version": version, "budget_max_fen": 400_000_000_i64});
    assert_eq!(site.app.patch(&lead_path, &site.wang, edit).await.status, StatusCode::OK);
    let grade_path = format!("{lead_path}/grade");
    let override_to_a = json!({"grade": "A", "reason": "全款，本周定"});
    let graded = site.app.call(reqwest::Method::PUT, &grade_path, Some(&site.wang), Some(override_to_a)).await;
    assert_eq!(graded.status, StatusCode::OK, "{:?}", graded.body);
    let deposit = json!({"deposit_fen": 5_000_000, "paid_at": "2026-11-20T02:00:00Z", "receipt_no": "RC-FEED"});
    let subscribed = site.app.post(&format!("{lead_path}/subscriptions"), &site.wang, deposit).await;
    assert_eq!(subscribed.status, StatusCode::CREATED, "{:?}", subscribed.body);
    let refund = json!({"reason": "客户资金不足"});
    let refunded =
        site.app.post(&format!("/subscriptions/{}/refund", subscribed.id("id")), &site.manager, refund).await;
    assert_eq!(refunded.status, StatusCode::OK, "{:?}", refunded.body);
    let other = site.lead(&site.wang, "钱女士", "13600009002").await;
    let dropped = site.reserve(units["801"], other).await;
    assert_eq!(
        site.app.delete(&format!("/reservations/{dropped}"), &site.manager).await.status,
        StatusCode::NO_CONTENT
    );
    let signed = site.sign(site.reserve(units["1201"], lead).await, 356_000_000, None).await;
    let deal = signed.id("deal_id");
    let change = json!({"to_unit_id": units["1202"], "price_fen": 428_000_000_i64, "reason": "客户改选高楼层"});
    assert_eq!(
        site.app.post(&format!("/deals/{deal}/change-unit"), &site.manager, change).await.status,
        StatusCode::OK
    );
    let cancel = json!({"reason": "客户贷款未获批", "refund_fen": 0});
    assert_eq!(site.app.post(&format!("/deals/{deal}/cancel"), &site.manager, cancel).await.status, StatusCode::OK);
    assert_eq!(site.app.delete(&format!("/leads/{other}"), &site.manager).await.status, StatusCode::NO_CONTENT);

    let events = all_events(&site, &site.manager, "").await;

    let one = |kind: &str| {
        let found = of_type(&events, kind);
        assert_eq!(found.len(), 1, "{kind}: {events:#?}");
        found[0].clone()
    };
    assert_eq!(one("visit.registered")["resource"]["id"], visit.body["id"]);
    let arrived = one("report.arrived");
    assert_eq!(arrived["resource"], json!({"type": "report", "id": report.id("id")}));
    let updated = one("lead.updated");
    assert_eq!(updated["changes"]["budget_max_fen"]["new"], 400_000_000_i64, "{updated}");
    assert_eq!(updated["actor"]["id"], json!(site.wang_id));
    let regraded = of_type(&events, "lead.grade_changed");
    let overridden = regraded.iter().find(|e| e["changes"]["grade"]["new"] == "A").expect("the override told");
    assert!(overridden["changes"]["grade"].as_object().is_some_and(|g| g.contains_key("old")), "{overridden}");
    assert_eq!(overridden["changes"]["reason"], "全款，本周定");
    assert_eq!(one("subscription.created")["resource"]["id"], subscribed.body["id"]);
    assert_eq!(one("subscription.refunded")["actor"]["role"], "manager");
    assert_eq!(one("reservation.cancelled")["resource"], json!({"type": "reservation", "id": dropped}));
    let payable = one("commission.payable");
    assert_eq!(payable["resource"]["type"], "commission");
    let changed = one("deal.changed");
    assert_eq!(changed["resource"], json!({"type": "deal", "id": deal}));
    assert_eq!(changed["changes"]["unit_id"], json!({"old": units["1201"], "new": units["1202"]}), "{changed}");
    assert_eq!(changed["changes"]["price_fen"]["new"], 428_000_000_i64);
    let cancelled = one("deal.cancelled");
    assert_eq!(cancelled["changes"]["status"], json!({"old": "signed", "new": "cancelled"}), "{cancelled}");
    assert_eq!(one("lead.deleted")["resource"], json!({"type": "lead", "id": other}));
}
