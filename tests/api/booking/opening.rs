//! Opening day: one winner per unit under a storm of attempts, the refusals, cancel,
//! sign, and the board.

use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::Reply;
use crate::helpers::{site, Site};

impl Site {
    async fn open(&self, settings: Value) -> Reply {
        let mut body = json!({"state": "open", "mode": "free", "max_units_per_lead": 1, "requires_subscription": true, "called_up_to": 0});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), settings.as_object()) {
            body.extend(extra.clone());
        }
        self.app
            .call(Method::PUT, &format!("/projects/{}/opening", self.project), Some(&self.manager), Some(body))
            .await
    }

    /// A subscribed lead of 王丽's.
    async fn subscribed_lead(&self, n: usize) -> Uuid {
        let lead = self.lead(&self.wang, &format!("客户{n}"), &format!("1370000{n:04}")).await;
        let deposit =
            json!({"deposit_fen": 5_000_000, "paid_at": "2026-11-20T02:00:00Z", "receipt_no": format!("RC-{n}")});
        let paid = self.app.post(&format!("/leads/{lead}/subscriptions"), &self.wang, deposit).await;
        assert_eq!(paid.status, StatusCode::CREATED, "{:?}", paid.body);
        lead
    }
}

#[tokio::test]
async fn fifty_attempts_on_one_unit_have_exactly_one_winner() {
    let site = site().await;
    let unit = site.units().await["1201"];
    let mut leads = Vec::new();
    for n in 0..50 {
        leads.push(site.subscribed_lead(n).await);
    }
    assert_eq!(site.open(json!({})).await.status, StatusCode::OK);

    let path = format!("/units/{unit}/reservations");
    let replies =
        join_all(leads.iter().map(|lead| site.app.post(&path, &site.manager, json!({"lead_id": lead})))).await;

    let winners: Vec<&Reply> = replies.iter().filter(|r| r.status == StatusCode::CREATED).collect();
    let losers =
        replies.iter().filter(|r| r.status == StatusCode::CONFLICT && r.code() == "unit.not_available").count();
    assert_eq!(
        (winners.len(), losers),
        (1, 49),
        "{:?}",
        replies.iter().map(|r| (r.status, r.code())).collect::<Vec<_>>()
    );
    let winner = winners[0].body["lead_id"].as_str().unwrap_or("").to_owned();
    assert_eq!(site.app.get(&format!("/units/{unit}"), &site.wang).await.body["status"], "reserved");
    for lead in &leads {
        let status = site.app.get(&format!("/leads/{lead}"), &site.wang).await.body["status"].clone();
        let expected = if lead.to_string() == winner { "reserved" } else { "subscribed" };
        assert_eq!(status, expected, "{lead}");
    }
    let board = site.app.get(&format!("/projects/{}/opening/board", site.project), &site.wang).await;
    assert_eq!(board.body["totals"], json!({"available": 3, "held": 0, "reserved": 1, "sold": 0}));
}

#[tokio::test]
async fn each_refusal_has_its_code() {
    let site = site().await;
    let units = site.units().await;
    let lead = site.subscribed_lead(1).await;
    let unsubscribed = site.lead(&site.wang, "未认筹", "13900139000").await;
    let colleagues = site.lead(&site.li, "李的客户", "13900139001").await;
    let site = &site;
    let reserve = |unit: &str, lead: Uuid, token: &str| {
        let path = format!("/units/{}/reservations", units[unit]);
        let token = token.to_owned();
        async move { site.app.post(&path, &token, json!({"lead_id": lead})).await }
    };

    let closed = reserve("1201", lead, &site.wang).await;
    site.open(json!({"mode": "ordered", "called_up_to": 0})).await;
    let not_called = reserve("1201", lead, &site.wang).await;
    site.open(json!({})).await;
    let not_subscribed = reserve("1201", unsubscribed, &site.wang).await;
    let not_mine = reserve("1201", colleagues, &site.wang).await;
    site.app.post(&format!("/units/{}/hold", units["1202"]), &site.manager, json!({"reason": "样板间"})).await;
    let held = reserve("1202", lead, &site.wang).await;
    let first = reserve("1201", lead, &site.wang).await;
    let over_limit = reserve("301", lead, &site.wang).await;

    assert_eq!((closed.status, closed.code()), (StatusCode::CONFLICT, "opening.closed"));
    assert_eq!(not_called.code(), "opening.not_called");
    assert_eq!(not_subscribed.code(), "lead.not_subscribed");
    assert_eq!((not_mine.status, not_mine.code()), (StatusCode::NOT_FOUND, "lead.not_found"));
    assert_eq!((held.status, held.code()), (StatusCode::CONFLICT, "unit.held"));
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!((over_limit.status, over_limit.code()), (StatusCode::CONFLICT, "lead.reservation_limit"));
    assert_eq!(site.app.get(&format!("/units/{}", units["301"]), &site.wang).await.body["status"], "available");
}

#[tokio::test]
async fn a_reservation_is_cancelled_or_signed_and_the_board_follows() {
    let site = site().await;
    let units = site.units().await;
    let lead = site.subscribed_lead(1).await;
    site.open(json!({"max_units_per_lead": 2})).await;
    let first = site
        .app
        .post(&format!("/units/{}/reservations", units["1201"]), &site.wang, json!({"lead_id": lead}))
        .await
        .id("id");
    let second = site
        .app
        .post(&format!("/units/{}/reservations", units["801"]), &site.wang, json!({"lead_id": lead}))
        .await
        .id("id");

    let by_sales = site.app.delete(&format!("/reservations/{second}"), &site.wang).await;
    let cancelled = site.app.delete(&format!("/reservations/{second}"), &site.manager).await;
    let lead_status_after_cancel = site.app.get(&format!("/leads/{lead}"), &site.wang).await.body["status"].clone();
    let signed = site
        .app
        .post(
            &format!("/reservations/{first}/sign"),
            &site.wang,
            json!({"contract_no": "HT-0001", "price_fen": 352_000_000_i64, "signed_at": chrono::Utc::now().to_rfc3339()}),
        )
        .await;
    let cancel_signed = site.app.delete(&format!("/reservations/{first}"), &site.manager).await;
    let board = site.app.get(&format!("/projects/{}/opening/board", site.project), &site.manager).await;

    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(cancelled.status, StatusCode::NO_CONTENT);
    assert_eq!(site.app.get(&format!("/units/{}", units["801"]), &site.wang).await.body["status"], "available");
    assert_eq!(lead_status_after_cancel, "reserved", "the buyer still holds 1201");
    assert_eq!((signed.status, signed.body["status"].as_str()), (StatusCode::OK, Some("signed")));
    assert_eq!(site.app.get(&format!("/units/{}", units["1201"]), &site.wang).await.body["status"], "sold");
    assert_eq!(site.app.get(&format!("/leads/{lead}"), &site.wang).await.body["status"], "signed");
    assert_eq!((cancel_signed.status, cancel_signed.code()), (StatusCode::CONFLICT, "reservation.not_active"));
    assert_eq!(board.body["totals"], json!({"available": 3, "held": 0, "reserved": 0, "sold": 1}));
    // A signed buyer who takes a second unit stays signed: no flow undoes a later stage.
    let another =
        site.app.post(&format!("/units/{}/reservations", units["801"]), &site.wang, json!({"lead_id": lead})).await;
    assert_eq!(another.status, StatusCode::CREATED, "{:?}", another.body);
    assert_eq!(site.app.get(&format!("/leads/{lead}"), &site.wang).await.body["status"], "signed");
    let building_one = &board.body["by_building"][0];
    assert_eq!(
        (building_one["key"].as_str(), building_one["sold"].as_i64(), building_one["available"].as_i64()),
        (Some("1栋"), Some(1), Some(2))
    );
    let actions = site.app.audit_actions();
    for action in ["opening.update", "reservation.create", "reservation.cancel", "reservation.sign"] {
        assert!(actions.contains(&action.to_owned()), "{action}");
    }
}

#[tokio::test]
async fn a_subscriptions_and_a_reservations_location_answers_get_for_the_owner_not_a_colleague() {
    let site = site().await;
    let unit = site.units().await["1201"];
    let lead = site.lead(&site.wang, "王女士", "13700000001").await;
    let deposit = json!({"deposit_fen": 5_000_000, "paid_at": "2026-11-20T02:00:00Z", "receipt_no": "RC-LOC"});
    let paid = site.app.post(&format!("/leads/{lead}/subscriptions"), &site.wang, deposit).await;
    assert_eq!(site.open(json!({})).await.status, StatusCode::OK);
    let reserved = site.app.post(&format!("/units/{unit}/reservations"), &site.wang, json!({"lead_id": lead})).await;

    for created in [&paid, &reserved] {
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        let path = created.header("location").expect("Location").trim_start_matches("/api/v1").to_owned();
        let by_owner = site.app.get(&path, &site.wang).await;
        let by_manager = site.app.get(&path, &site.manager).await;
        let by_colleague = site.app.get(&path, &site.li).await;
        assert_eq!((by_owner.status, &by_owner.body["id"]), (StatusCode::OK, &created.body["id"]), "{path}");
        assert_eq!(by_manager.status, StatusCode::OK);
        assert_eq!(by_colleague.status, StatusCode::NOT_FOUND, "another salesperson's buyer is invisible");
    }
}
