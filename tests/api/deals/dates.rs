//! What a deal records happened when it says: never in the future, never on a day before
//! what it follows (the reservation, the signing, the mortgage's previous stage), days cut
//! in the project's zone (Asia/Shanghai). The deal tests' reservations are made at 10:00 on
//! 2026-11-20 in Shanghai (`RESERVED_AT`). And a buyer in the middle of a sale keeps their file.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{items, site, Reply};

fn field(reply: &Reply) -> (StatusCode, &str) {
    (reply.status, reply.body["errors"][0]["field"].as_str().unwrap_or_default())
}

#[tokio::test]
async fn a_signing_or_a_payment_is_never_dated_tomorrow_nor_before_the_reservations_day() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let lead = site.lead(&site.wang, "日期买家", "13600005555").await;
    let reservation = site.reserve(units["1201"], lead).await;
    let sign = |signed_at: String| {
        let body = json!({"contract_no": "HT-DATE-1", "price_fen": 356_000_000_i64, "signed_at": signed_at});
        let path = format!("/reservations/{reservation}/sign");
        let site = &site;
        async move { site.app.post(&path, &site.wang, body).await }
    };

    let tomorrow = sign((Utc::now() + Duration::days(1)).to_rfc3339()).await;
    let day_before = sign("2026-11-19T15:59:59Z".to_owned()).await;
    assert_eq!(field(&tomorrow), (StatusCode::UNPROCESSABLE_ENTITY, "signed_at"), "{:?}", tomorrow.body);
    assert_eq!(field(&day_before), (StatusCode::UNPROCESSABLE_ENTITY, "signed_at"), "23:59:59 on the 19th");
    assert_eq!(site.unit_status(units["1201"]).await, "reserved", "a refused signing changes nothing");
    // 00:30 on the 20th in Shanghai: hours before the reservation's instant, but its day.
    let same_day = sign("2026-11-19T16:30:00Z".to_owned()).await;
    assert_eq!(same_day.status, StatusCode::OK, "{:?}", same_day.body);
    let deal = same_day.id("deal_id");

    let future = site.pay(&finance, deal, 1_000, "pos", &(Utc::now() + Duration::hours(1)).to_rfc3339(), "D-1").await;
    let early = site.pay(&finance, deal, 1_000, "pos", "2026-11-19T03:00:00Z", "D-2").await;
    assert_eq!(field(&future), (StatusCode::UNPROCESSABLE_ENTITY, "paid_at"), "{:?}", future.body);
    assert_eq!(field(&early), (StatusCode::UNPROCESSABLE_ENTITY, "paid_at"), "{:?}", early.body);
    // A clerk enters the bank's date as midnight: the reservation's day is accepted.
    let midnight = site.pay(&finance, deal, 1_000, "pos", "2026-11-19T16:00:00Z", "D-3").await;
    assert_eq!(midnight.status, StatusCode::CREATED, "{:?}", midnight.body);
    // A phone's clock a minute ahead is no reason to refuse.
    let skewed = site.pay(&finance, deal, 1_000, "pos", &(Utc::now() + Duration::minutes(1)).to_rfc3339(), "D-4").await;
    assert_eq!(skewed.status, StatusCode::CREATED, "{:?}", skewed.body);
    assert_eq!(site.deal_view(deal).await["collected_fen"], 2_000, "only the accepted payments count");
}

#[tokio::test]
async fn a_mortgage_stage_is_never_dated_before_the_one_it_follows() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let plan = json!({"kind": "mortgage", "down_payment_fen": 128_000_000_i64, "down_payment_due_at": "2026-11-28",
                      "loan_fen": 300_000_000_i64});
    let deal = site.deal(units["1202"], 1, 428_000_000, Some(plan)).await;
    let stage = |stage: &str, at: String| {
        let (path, body) = (format!("/deals/{deal}/mortgage"), json!({"stage": stage, "at": at}));
        let (site, finance) = (&site, finance.clone());
        async move { site.app.post(&path, &finance, body).await }
    };

    let before_signing = stage("applied", "2026-11-24T02:00:00Z".to_owned()).await;
    assert_eq!(field(&before_signing), (StatusCode::UNPROCESSABLE_ENTITY, "at"), "signed on the 25th");
    let applied = stage("applied", "2026-11-27T02:00:00Z".to_owned()).await;
    assert_eq!(applied.status, StatusCode::OK, "{:?}", applied.body);
    let approved_earlier = stage("approved", "2026-11-26T02:00:00Z".to_owned()).await;
    let approved_tomorrow = stage("approved", (Utc::now() + Duration::days(1)).to_rfc3339()).await;
    assert_eq!(field(&approved_earlier), (StatusCode::UNPROCESSABLE_ENTITY, "at"), "{:?}", approved_earlier.body);
    assert_eq!(field(&approved_tomorrow), (StatusCode::UNPROCESSABLE_ENTITY, "at"), "{:?}", approved_tomorrow.body);
    let view = site.deal_view(deal).await;
    assert_eq!(view["mortgage_stage"], "applied", "a refused stage changes nothing");
    let approved = stage("approved", "2026-11-27T09:00:00Z".to_owned()).await;
    assert_eq!(approved.status, StatusCode::OK, "the same day as the application: {:?}", approved.body);
}

#[tokio::test]
async fn a_buyer_in_the_middle_of_a_sale_keeps_their_file_and_a_deleted_buyers_deals_leave_the_salespersons_list() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let deal = site.deal(units["1201"], 1, 356_000_000, None).await;
    let signed_lead = site.deal_view(deal).await["lead_id"].as_str().unwrap_or_default().to_owned();
    let reserving = site.lead(&site.wang, "认购买家", "13600006666").await;
    site.reserve(units["801"], reserving).await;

    for lead in [signed_lead.clone(), reserving.to_string()] {
        let refused = site.app.delete(&format!("/leads/{lead}"), &site.manager).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::CONFLICT, "lead.in_sale"), "{:?}", refused.body);
    }
    assert_eq!(site.app.get(&format!("/leads/{signed_lead}"), &site.wang).await.status, StatusCode::OK);

    // Once the deal is cancelled the file may go; its deal stays on the project's books only.
    let cancel = json!({"reason": "客户反悔", "refund_fen": 0});
    assert_eq!(site.app.post(&format!("/deals/{deal}/cancel"), &site.manager, cancel).await.status, StatusCode::OK);
    let deleted = site.app.delete(&format!("/leads/{signed_lead}"), &site.manager).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    let path = format!("/projects/{}/deals?status=cancelled", site.project);
    let by_owner = site.app.get(&path, &site.wang).await;
    let by_manager = site.app.get(&path, &site.manager).await;
    assert_eq!((by_owner.status, items(&by_owner).len()), (StatusCode::OK, 0), "{:?}", by_owner.body);
    assert_eq!(items(&by_manager)[0]["id"], json!(deal));
    assert_eq!(site.app.get(&format!("/deals/{deal}"), &site.wang).await.status, StatusCode::NOT_FOUND);
}
