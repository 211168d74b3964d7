//! Receivables (回款) as of a day, cut at midnight in the project's zone (Asia/Shanghai),
//! and the managers' overdue alert.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{site, Site};

async fn as_of(site: &Site, token: &str, day: &str) -> Value {
    let reply = site.app.get(&format!("/projects/{}/receivables?as_of={day}", site.project), token).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

fn item(view: &Value, deal: uuid::Uuid) -> &Value {
    view["items"].as_array().and_then(|items| items.iter().find(|i| i["deal_id"] == json!(deal))).expect("the deal")
}

#[tokio::test]
async fn an_instalment_is_overdue_from_the_day_after_its_due_date_in_the_projects_zone() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let plan = |first: i64, second: i64| {
        json!({"kind": "installments", "installments": [
            {"due_at": "2026-12-01", "amount_fen": first}, {"due_at": "2027-06-30", "amount_fen": second}]})
    };
    // Paid one second before midnight in Shanghai (15:59:59Z) and at midnight (16:00:00Z).
    let on_time = site.deal(units["1201"], 1, 356_000_000, Some(plan(100_000_000, 256_000_000))).await;
    let late = site.deal(units["801"], 2, 340_000_000, Some(plan(100_000_000, 240_000_000))).await;
    let never = site.deal(units["301"], 3, 331_000_000, Some(plan(31_000_000, 300_000_000))).await;
    for (deal, at, receipt) in [(on_time, "2026-12-01T15:59:59Z", "SK-A"), (late, "2026-12-01T16:00:00Z", "SK-B")] {
        let paid = site.pay(&finance, deal, 100_000_000, "bank_transfer", at, receipt).await;
        assert_eq!(paid.status, StatusCode::CREATED, "{:?}", paid.body);
    }

    let before = as_of(&site, &finance, "2026-11-30").await;
    let due_day = as_of(&site, &finance, "2026-12-01").await;
    let day_after = as_of(&site, &site.manager, "2026-12-02").await;

    assert_eq!(item(&before, never)["due_fen"], 0, "not due yet");
    assert_eq!(item(&due_day, never)["due_fen"], 31_000_000);
    assert_eq!(item(&due_day, never)["overdue_fen"], 0, "due today is not overdue");
    assert_eq!(item(&due_day, on_time)["collected_fen"], 100_000_000, "23:59:59 in Shanghai is still the 1st");
    assert_eq!(item(&due_day, late)["collected_fen"], 0, "00:00 in Shanghai is the 2nd");
    let overdue = item(&day_after, never);
    assert_eq!(
        (overdue["overdue_fen"].as_i64(), overdue["days_overdue"].as_i64(), overdue["oldest_overdue_on"].as_str()),
        (Some(31_000_000), Some(1), Some("2026-12-01"))
    );
    assert_eq!(
        (item(&day_after, late)["collected_fen"].as_i64(), item(&day_after, late)["overdue_fen"].as_i64()),
        (Some(100_000_000), Some(0))
    );
    assert_eq!(day_after["items"][0]["deal_id"], json!(never), "worst first");
    assert_eq!(
        day_after["totals"],
        json!({"deals": 3, "price_fen": 1_027_000_000_i64, "due_fen": 231_000_000_i64, "collected_fen": 200_000_000_i64,
               "outstanding_fen": 827_000_000_i64, "overdue_fen": 31_000_000_i64, "overdue_deals": 1})
    );

    // Today (whatever the clock says, after 2026-12-01) the unpaid instalment is in the alert.
    let alert = site.app.get(&format!("/alerts/payments-overdue?project_id={}", site.project), &site.manager).await;
    assert_eq!(alert.status, StatusCode::OK, "{:?}", alert.body);
    let alerted = alert.body["items"].as_array().expect("items");
    assert!(
        alerted.iter().any(|i| i["deal_id"] == json!(never) && i["days_overdue"].as_i64() >= Some(2)),
        "{alerted:?}"
    );
    let by_sales = site.app.get(&format!("/projects/{}/receivables", site.project), &site.wang).await;
    let alert_by_sales = site.app.get("/alerts/payments-overdue", &site.wang).await;
    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "deal.finance_only"));
    assert_eq!(alert_by_sales.status, StatusCode::FORBIDDEN);

    for query in ["receivables?as_of=%2B262142-12-31", "deals?signed_to=%2B262142-12-31"] {
        let edge = site.app.get(&format!("/projects/{}/{query}", site.project), &finance).await;
        assert!(edge.status.is_client_error(), "the calendar's last day is refused, not a 500: {:?}", edge.body);
    }
    let paid = site.pay(&finance, never, 31_000_000, "pos", "2026-12-02T03:00:00Z", "SK-C").await;
    assert_eq!(paid.status, StatusCode::CREATED);
    let after = as_of(&site, &finance, "2026-12-02").await;
    assert_eq!(item(&after, never)["overdue_fen"], 0);
    assert_eq!(item(&after, never)["days_overdue"], 0);
}
