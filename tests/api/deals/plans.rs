//! Each payment plan from signing to fully collected, and who may see and record what.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{items, site, Reply};

#[tokio::test]
async fn each_payment_plan_is_collected_to_the_last_fen() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;

    // 一次性: the whole price falls due on the day of signing (10:00 in Shanghai).
    let full = site.deal(units["1201"], 1, 356_000_000, None).await;
    let signed = site.deal_view(full).await;
    assert_eq!(signed["dues"], json!([{"kind": "full", "due_on": "2026-11-25", "amount_fen": 356_000_000_i64}]));
    assert_eq!((signed["status"].as_str(), signed["outstanding_fen"].as_i64()), (Some("signed"), Some(356_000_000)));
    assert_eq!(site.unit_status(units["1201"]).await, "sold");
    let first = site.pay(&finance, full, 106_000_000, "bank_transfer", "2026-11-25T03:00:00Z", "SK-1").await;
    let rest = site.pay(&site.manager, full, 250_000_000, "pos", "2026-11-26T03:00:00Z", "SK-2").await;
    let beyond = site.pay(&finance, full, 1, "cash", "2026-11-27T03:00:00Z", "SK-3").await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(rest.status, StatusCode::CREATED, "{:?}", rest.body);
    assert_eq!((beyond.status, beyond.code()), (StatusCode::CONFLICT, "payment.exceeds_due"));
    let collected = site.deal_view(full).await;
    assert_eq!(
        (collected["collected_fen"].as_i64(), collected["outstanding_fen"].as_i64()),
        (Some(356_000_000), Some(0))
    );
    assert_eq!(collected["payments"].as_array().map(Vec::len), Some(2));

    // 分期: the instalments must add up to the price.
    let lead = site.lead(&site.wang, "分期买家", "13600001111").await;
    let reservation = site.reserve(units["801"], lead).await;
    let uneven =
        json!({"kind": "installments", "installments": [{"due_at": "2026-11-30", "amount_fen": 100_000_000_i64}]});
    let refused = site.sign(reservation, 340_000_000, Some(uneven)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    assert_eq!(site.unit_status(units["801"]).await, "reserved", "a refused signing changes nothing");
    let plan = json!({"kind": "installments", "installments": [
        {"due_at": "2026-11-30", "amount_fen": 100_000_000_i64}, {"due_at": "2027-02-28", "amount_fen": 240_000_000_i64}]});
    let installments = site.sign(reservation, 340_000_000, Some(plan)).await;
    assert_eq!(installments.status, StatusCode::OK, "{:?}", installments.body);
    assert_eq!(installments.body["status"], "signed");
    let installments = installments.id("deal_id");
    assert_eq!(site.deal_view(installments).await["dues"][1]["due_on"], "2027-02-28");
    let loan_on_cash_plan =
        site.pay(&finance, installments, 1_000, "mortgage_loan", "2026-11-30T03:00:00Z", "SK-4").await;
    assert_eq!(loan_on_cash_plan.status, StatusCode::UNPROCESSABLE_ENTITY, "a loan pays a mortgage only");
    for (n, amount) in [(5, 100_000_000), (6, 240_000_000)] {
        let paid =
            site.pay(&finance, installments, amount, "bank_transfer", "2026-11-30T03:00:00Z", &format!("SK-{n}")).await;
        assert_eq!(paid.status, StatusCode::CREATED, "{:?}", paid.body);
    }
    assert_eq!(site.deal_view(installments).await["outstanding_fen"], 0);

    // 按揭: the down payment, then the loan once it is disbursed, one stage at a time.
    let plan = json!({"kind": "mortgage", "down_payment_fen": 128_000_000_i64, "down_payment_due_at": "2026-11-28",
                      "loan_fen": 300_000_000_i64});
    let mortgage = site.deal(units["1202"], 2, 428_000_000, Some(plan)).await;
    let dues = site.deal_view(mortgage).await["dues"].clone();
    assert_eq!(
        dues[1],
        json!({"kind": "loan", "due_on": null, "amount_fen": 300_000_000_i64}),
        "undated until disbursed"
    );
    let stage = |stage: &str, at: &str| {
        let path = format!("/deals/{mortgage}/mortgage");
        let body = json!({"stage": stage, "at": at});
        let site = &site;
        let finance = finance.clone();
        async move { site.app.post(&path, &finance, body).await }
    };
    let skipped = stage("approved", "2026-11-26T02:00:00Z").await;
    assert_eq!((skipped.status, skipped.code()), (StatusCode::CONFLICT, "deal.mortgage_stage"));
    for (name, at) in [
        ("applied", "2026-11-26T02:00:00Z"),
        ("approved", "2026-11-28T02:00:00Z"),
        ("disbursed", "2026-11-30T17:00:00Z"),
    ] {
        let moved = stage(name, at).await;
        assert_eq!(moved.status, StatusCode::OK, "{name}: {:?}", moved.body);
        assert_eq!(moved.body["mortgage_stage"], name);
    }
    let disbursed = site.deal_view(mortgage).await;
    assert_eq!(disbursed["dues"][1]["due_on"], "2026-12-01", "the loan is due the (Shanghai) day it was disbursed");
    let down = site.pay(&finance, mortgage, 128_000_000, "bank_transfer", "2026-11-27T03:00:00Z", "SK-7").await;
    let loan = site.pay(&finance, mortgage, 300_000_000, "mortgage_loan", "2026-11-30T17:00:00Z", "SK-8").await;
    assert_eq!((down.status, loan.status), (StatusCode::CREATED, StatusCode::CREATED), "{:?}", loan.body);
    assert_eq!(site.deal_view(mortgage).await["outstanding_fen"], 0);
    let not_mortgage = site
        .app
        .post(&format!("/deals/{full}/mortgage"), &finance, json!({"stage": "applied", "at": "2026-11-26T02:00:00Z"}))
        .await;
    assert_eq!((not_mortgage.status, not_mortgage.code()), (StatusCode::CONFLICT, "deal.not_mortgage"));

    // The project's deals, newest signing first, filtered; and the deal on the lead's screen.
    let listed = site.app.get(&format!("/projects/{}/deals?limit=2", site.project), &finance).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(items(&listed).len(), 2);
    let next = listed.body["next_cursor"].as_str().expect("a second page");
    let second = site.app.get(&format!("/projects/{}/deals?limit=2&cursor={next}", site.project), &finance).await;
    assert_eq!(items(&second).len(), 1);
    let mine = site
        .app
        .get(&format!("/projects/{}/deals?owner_id={}&status=signed", site.project, site.wang_id), &site.manager)
        .await;
    assert_eq!(items(&mine).len(), 3);
    let screen = site.app.get(&format!("/leads/{lead}?include=deals"), &site.wang).await;
    assert_eq!(screen.body["deals"][0]["id"], json!(installments));
    let actions = site.app.audit_actions();
    for action in ["reservation.sign", "deal.sign", "deal.payment", "deal.mortgage"] {
        assert!(actions.contains(&action.to_owned()), "{action}");
    }
}

#[tokio::test]
async fn a_retried_payment_is_the_same_payment_and_another_with_its_receipt_is_refused() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let deal = site.deal(units["1201"], 1, 356_000_000, None).await;
    let other = site.deal(units["801"], 2, 340_000_000, None).await;

    let first = site.pay(&finance, deal, 50_000_000, "pos", "2026-11-25T03:00:00Z", "SK-9").await;
    let retried = site.pay(&finance, deal, 50_000_000, "pos", "2026-11-25T03:00:00Z", " SK-9 ").await;
    let other_amount = site.pay(&finance, deal, 60_000_000, "pos", "2026-11-25T03:00:00Z", "SK-9").await;
    let other_deal = site.pay(&finance, other, 50_000_000, "pos", "2026-11-25T03:00:00Z", "SK-9").await;

    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!((retried.status, retried.body["id"].clone()), (StatusCode::OK, first.body["id"].clone()));
    assert_eq!((other_amount.status, other_amount.code()), (StatusCode::CONFLICT, "payment.receipt_conflict"));
    assert_eq!((other_deal.status, other_deal.code()), (StatusCode::CONFLICT, "payment.receipt_conflict"));
    assert_eq!(site.deal_view(deal).await["collected_fen"], 50_000_000, "counted once");

    // A phone on a bad network sends the same payment five times at once: one payment.
    let replies: Vec<Reply> = join_all(
        (0..5).map(|_| site.pay(&finance, other, 70_000_000, "bank_transfer", "2026-11-26T03:00:00Z", "SK-10")),
    )
    .await;
    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let repeated = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!((created, repeated), (1, 4), "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    assert!(replies.iter().all(|r| r.body["id"] == replies[0].body["id"]));
    assert_eq!(site.deal_view(other).await["collected_fen"], 70_000_000);
}

#[tokio::test]
async fn concurrent_payments_never_collect_more_than_the_price() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let deal = site.deal(units["1201"], 1, 356_000_000, None).await;

    let receipts: Vec<String> = (0..12).map(|n| format!("SK-R{n}")).collect();
    let replies: Vec<Reply> = join_all(
        receipts
            .iter()
            .map(|receipt| site.pay(&finance, deal, 50_000_000, "bank_transfer", "2026-11-26T03:00:00Z", receipt)),
    )
    .await;

    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let refused =
        replies.iter().filter(|r| r.status == StatusCode::CONFLICT && r.code() == "payment.exceeds_due").count();
    assert_eq!((created, refused), (7, 5), "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    let view = site.deal_view(deal).await;
    assert_eq!(
        (view["collected_fen"].as_i64(), view["outstanding_fen"].as_i64()),
        (Some(350_000_000), Some(6_000_000))
    );
}

#[tokio::test]
async fn a_deal_is_for_its_salesperson_the_managers_and_finance_only() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let (_, desk) = site.app.sign_in_new("qian.t", "receptionist", &[site.project]).await;
    let deal = site.deal(units["1201"], 1, 356_000_000, None).await;
    let path = format!("/deals/{deal}");

    let owner = site.app.get(&path, &site.wang).await;
    let colleague = site.app.get(&path, &site.li).await;
    let receptionist = site.app.get(&path, &desk).await;
    let by_finance = site.app.get(&path, &finance).await;
    let sales_pays = site.pay(&site.wang, deal, 1_000, "cash", "2026-11-26T03:00:00Z", "SK-S").await;
    let sales_lists = site.app.get(&format!("/projects/{}/deals", site.project), &site.wang).await;
    let finance_on_leads = site.app.get("/leads", &finance).await;
    let finance_at_desk = site
        .app
        .post(
            &format!("/projects/{}/visits", site.project),
            &finance,
            json!({"phone": "13600000001", "came_with": "walk_in"}),
        )
        .await;
    let finance_cancels =
        site.app.post(&format!("{path}/cancel"), &finance, json!({"reason": "客户反悔", "refund_fen": 0})).await;

    assert_eq!(owner.status, StatusCode::OK);
    assert_eq!(colleague.status, StatusCode::NOT_FOUND, "another salesperson's deal does not exist for them");
    assert_eq!((receptionist.status, receptionist.code()), (StatusCode::FORBIDDEN, "deal.role_forbidden"));
    assert_eq!(by_finance.status, StatusCode::OK);
    assert_eq!(by_finance.body["lead_name"], "买家1");
    assert!(!by_finance.body.to_string().contains("13600000001"), "finance never sees the buyer's phone");
    assert_eq!((sales_pays.status, sales_pays.code()), (StatusCode::FORBIDDEN, "deal.finance_only"));
    assert_eq!(sales_lists.status, StatusCode::OK, "a salesperson lists their own deals");
    assert_eq!(finance_on_leads.status, StatusCode::FORBIDDEN, "finance works no lead");
    assert_eq!((finance_at_desk.status, finance_at_desk.code()), (StatusCode::FORBIDDEN, "visit.forbidden"));
    assert_eq!((finance_cancels.status, finance_cancels.code()), (StatusCode::FORBIDDEN, "deal.manager_only"));
    let missing = site.app.get(&format!("/deals/{}", uuid::Uuid::now_v7()), &site.manager).await;
    assert_eq!((missing.status, missing.code()), (StatusCode::NOT_FOUND, "deal.not_found"));
}
