//! Changes of unit (换房) and cancellations (退房), with their effects on units, the lead,
//! receivables and the race for a unit.

use futures_util::future::join;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{items, site};

#[tokio::test]
async fn a_change_of_unit_moves_the_sale_and_what_is_due() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let deal = site.deal(units["1201"], 1, 356_000_000, None).await;
    let paid = site.pay(&site.manager, deal, 100_000_000, "bank_transfer", "2026-11-25T03:00:00Z", "SK-1").await;
    assert_eq!(paid.status, StatusCode::CREATED);
    let blocker = site.lead(&site.wang, "占房客户", "13600002222").await;
    site.reserve(units["801"], blocker).await;
    let path = format!("/deals/{deal}/change-unit");
    let change =
        |unit: &str, price: i64| json!({"to_unit_id": units[unit], "price_fen": price, "reason": "客户改选高楼层"});

    let by_sales = site.app.post(&path, &site.wang, change("1202", 428_000_000)).await;
    let to_reserved = site.app.post(&path, &site.manager, change("801", 340_000_000)).await;
    let below_collected = site.app.post(&path, &site.manager, change("301", 90_000_000)).await;
    let to_itself = site.app.post(&path, &site.manager, change("1201", 356_000_000)).await;
    let changed = site.app.post(&path, &site.manager, change("1202", 428_000_000)).await;

    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "deal.manager_only"));
    assert_eq!((to_reserved.status, to_reserved.code()), (StatusCode::CONFLICT, "unit.not_available"));
    assert_eq!((below_collected.status, below_collected.code()), (StatusCode::CONFLICT, "deal.price_below_collected"));
    assert_eq!(to_itself.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(
        (site.unit_status(units["1201"]).await, site.unit_status(units["1202"]).await),
        (json!("available"), json!("sold"))
    );
    let view = site.deal_view(deal).await;
    assert_eq!(
        (view["status"].as_str(), view["unit_id"].clone(), view["room"].as_str()),
        (Some("signed"), json!(units["1202"]), Some("1202"))
    );
    assert_eq!((view["price_fen"].as_i64(), view["outstanding_fen"].as_i64()), (Some(428_000_000), Some(328_000_000)));
    let dues: i64 = view["dues"].as_array().expect("dues").iter().filter_map(|d| d["amount_fen"].as_i64()).sum();
    assert_eq!(dues, 428_000_000, "what is due follows the new price");
    assert_eq!(view["changes"][0]["from_price_fen"], 356_000_000);
    assert_eq!(view["changes"][0]["reason"], "客户改选高楼层");
    let reservation = site
        .app
        .get(&format!("/reservations/{}", view["reservation_id"].as_str().unwrap_or_default()), &site.manager)
        .await;
    assert_eq!(
        (reservation.body["unit_id"].clone(), reservation.body["status"].as_str()),
        (json!(units["1202"]), Some("signed"))
    );
    // 1201 is on sale again.
    let buyer = site.lead(&site.wang, "新客户", "13600003333").await;
    site.reserve(units["1201"], buyer).await;
    assert!(site.app.audit_actions().contains(&"deal.change_unit".to_owned()));
}

#[tokio::test]
async fn a_change_of_unit_racing_a_reservation_of_the_target_has_one_winner() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    for (n, room) in ["801", "301"].into_iter().enumerate() {
        let deal = site.deal(units[if n == 0 { "1201" } else { "1202" }], n, 350_000_000, None).await;
        let rival = site.lead(&site.wang, &format!("对手{n}"), &format!("1350000{n:04}")).await;
        let body = json!({"to_unit_id": units[room], "price_fen": 340_000_000_i64, "reason": "客户改选"});
        let (changed, reserved) = join(
            site.app.post(&format!("/deals/{deal}/change-unit"), &site.manager, body),
            site.app.post(&format!("/units/{}/reservations", units[room]), &site.wang, json!({"lead_id": rival})),
        )
        .await;
        let outcomes = (changed.status, reserved.status);
        assert!(
            outcomes == (StatusCode::OK, StatusCode::CONFLICT)
                || outcomes == (StatusCode::CONFLICT, StatusCode::CREATED),
            "one winner: {:?} / {:?}",
            changed.body,
            reserved.body
        );
        let expected = if changed.status == StatusCode::OK { "sold" } else { "reserved" };
        assert_eq!(site.unit_status(units[room]).await, expected);
        let deal_unit = site.deal_view(deal).await["unit_id"].clone();
        assert_eq!(deal_unit == json!(units[room]), changed.status == StatusCode::OK);
    }
}

#[tokio::test]
async fn a_cancelled_deal_frees_the_unit_refunds_and_loses_the_buyer() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let deal = site.deal(units["1201"], 1, 356_000_000, None).await;
    let lead = site.deal_view(deal).await["lead_id"].as_str().unwrap_or_default().to_owned();
    site.pay(&finance, deal, 100_000_000, "bank_transfer", "2026-11-25T03:00:00Z", "SK-1").await;
    let path = format!("/deals/{deal}/cancel");

    let over_refund =
        site.app.post(&path, &site.manager, json!({"reason": "客户贷款未获批", "refund_fen": 100_000_001_i64})).await;
    let cancelled = site
        .app
        .post(
            &path,
            &site.manager,
            json!({"reason": "客户贷款未获批", "refund_fen": 100_000_000_i64, "lost_reason": "financing"}),
        )
        .await;
    let again = site.app.post(&path, &site.manager, json!({"reason": "重复", "refund_fen": 0})).await;
    let paid_after = site.pay(&finance, deal, 1_000, "cash", "2026-11-27T03:00:00Z", "SK-2").await;

    assert_eq!((over_refund.status, over_refund.code()), (StatusCode::CONFLICT, "deal.refund_exceeds_collected"));
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "deal.cancelled"));
    assert_eq!((paid_after.status, paid_after.code()), (StatusCode::CONFLICT, "deal.cancelled"));
    let view = site.deal_view(deal).await;
    assert_eq!(
        (
            view["status"].as_str(),
            view["collected_fen"].as_i64(),
            view["refunded_fen"].as_i64(),
            view["outstanding_fen"].as_i64()
        ),
        (Some("cancelled"), Some(0), Some(100_000_000), Some(0))
    );
    assert_eq!(view["payments"][1]["kind"], "refund");
    assert_eq!(view["cancel_reason"], "客户贷款未获批");
    let trail = site.app.get(&format!("/audit-events?action=deal.cancel&entity_id={deal}"), &site.admin).await;
    assert_eq!(
        items(&trail)[0]["changes"]["refund_payment_id"]["new"],
        view["payments"][1]["id"],
        "the trail names the refund it recorded"
    );
    assert_eq!(site.unit_status(units["1201"]).await, "available");
    let buyer = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    assert_eq!((buyer.body["status"].as_str(), buyer.body["lost_reason"].as_str()), (Some("lost"), Some("financing")));
    let receivables = site.app.get(&format!("/projects/{}/receivables", site.project), &finance).await;
    assert_eq!(receivables.body["totals"]["deals"], 0, "a cancelled deal owes nothing");
    let cancelled_list = site.app.get(&format!("/projects/{}/deals?status=cancelled", site.project), &finance).await;
    assert_eq!(cancelled_list.body["items"][0]["id"], json!(deal));
    // The unit is on sale again; a buyer who keeps looking stays a prospect.
    let next = site.deal(units["1201"], 2, 356_000_000, None).await;
    let kept = site
        .app
        .post(
            &format!("/deals/{next}/cancel"),
            &site.manager,
            json!({"reason": "客户想换个项目看看", "refund_fen": 0, "keep_prospect": true}),
        )
        .await;
    assert_eq!(kept.status, StatusCode::OK, "{:?}", kept.body);
    let second_buyer = site.deal_view(next).await["lead_id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(site.app.get(&format!("/leads/{second_buyer}"), &site.wang).await.body["status"], "visited");
    assert!(site.app.audit_actions().contains(&"deal.cancel".to_owned()));
}
