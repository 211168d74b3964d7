//! Subscriptions (认筹): gap-free queue numbers under concurrency, refusals, refunds.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::follow_ups::contact;
use crate::helpers::{items, site, Site};

fn deposit(receipt: &str) -> Value {
    json!({"deposit_fen": 5_000_000, "paid_at": (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339(), "receipt_no": receipt})
}

async fn leads(site: &Site, token: &str, count: usize, prefix: &str) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 0..count {
        ids.push(site.lead(token, &format!("客户{i}"), &format!("{prefix}{i:04}")).await);
    }
    ids
}

#[tokio::test]
async fn twenty_concurrent_deposits_get_queue_numbers_one_to_twenty() {
    let site = site().await;
    let ids = leads(&site, &site.wang, 20, "1380000").await;

    let paths: Vec<String> = ids.iter().map(|id| format!("/leads/{id}/subscriptions")).collect();
    let replies = join_all(
        paths.iter().enumerate().map(|(i, path)| site.app.post(path, &site.wang, deposit(&format!("RC-{i}")))),
    )
    .await;

    assert!(
        replies.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        replies.iter().map(|r| (r.status, r.code())).collect::<Vec<_>>()
    );
    let mut numbers: Vec<i64> = replies.iter().filter_map(|r| r.body["queue_no"].as_i64()).collect();
    numbers.sort();
    assert_eq!(numbers, (1..=20).collect::<Vec<_>>());
    let lead = site.app.get(&format!("/leads/{}", ids[0]), &site.wang).await;
    assert_eq!(lead.body["status"], "subscribed");
    let grade = site.app.get(&format!("/leads/{}/grade", ids[0]), &site.wang).await;
    let points = grade.body["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|c| c["factor"] == "subscription")
        .map(|c| c["points"].clone());
    assert_eq!(points, Some(json!(15.0)), "the deposit counts in the score");
    let queue = site.app.get(&format!("/projects/{}/subscriptions?limit=5", site.project), &site.manager).await;
    let first_five: Vec<i64> = items(&queue).iter().filter_map(|s| s["queue_no"].as_i64()).collect();
    assert_eq!(first_five, vec![1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn one_active_deposit_per_lead_and_unique_receipts() {
    let site = site().await;
    let ids = leads(&site, &site.wang, 2, "1380000").await;
    let path = format!("/leads/{}/subscriptions", ids[0]);

    let racing = join_all((0..5).map(|i| site.app.post(&path, &site.wang, deposit(&format!("RACE-{i}"))))).await;
    let winning_receipt = racing
        .iter()
        .find(|r| r.status == StatusCode::CREATED)
        .and_then(|r| r.body["receipt_no"].as_str())
        .unwrap_or("")
        .to_owned();
    let second = site.app.post(&path, &site.wang, deposit("RC-X")).await;
    let reused_receipt =
        site.app.post(&format!("/leads/{}/subscriptions", ids[1]), &site.wang, deposit(&winning_receipt)).await;
    let future = site
        .app
        .post(&format!("/leads/{}/subscriptions", ids[1]), &site.wang, json!({"deposit_fen": 1, "paid_at": (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339(), "receipt_no": "F"}))
        .await;
    let by_colleague = site.app.post(&format!("/leads/{}/subscriptions", ids[1]), &site.li, deposit("RC-LI")).await;
    let next = site.app.post(&format!("/leads/{}/subscriptions", ids[1]), &site.wang, deposit("RC-NEXT")).await;

    let won: Vec<_> = racing.iter().filter(|r| r.status == StatusCode::CREATED).collect();
    assert_eq!(won.len(), 1, "{:?}", racing.iter().map(|r| (r.status, r.code())).collect::<Vec<_>>());
    assert!(racing
        .iter()
        .filter(|r| r.status != StatusCode::CREATED)
        .all(|r| r.code() == "subscription.already_active" || r.code() == "subscription.duplicate_receipt"));
    assert_eq!((second.status, second.code()), (StatusCode::CONFLICT, "subscription.already_active"));
    assert_eq!(
        (reused_receipt.status, reused_receipt.code()),
        (StatusCode::CONFLICT, "subscription.duplicate_receipt")
    );
    assert_eq!(future.body["errors"][0]["field"], "paid_at");
    assert_eq!((by_colleague.status, by_colleague.code()), (StatusCode::NOT_FOUND, "lead.not_found"));
    assert_eq!(
        (won[0].body["queue_no"].as_i64(), next.body["queue_no"].as_i64()),
        (Some(1), Some(2)),
        "losers gave their numbers back"
    );
}

#[tokio::test]
async fn a_refund_restores_the_lead_and_keeps_the_number_used() {
    let site = site().await;
    let mine = site.lead(&site.wang, "王女士", "13800138000").await;
    site.follow_up(&site.wang, mine, contact("visit", "customer", json!({}))).await;
    let theirs = site.lead(&site.li, "李先生", "13900139000").await;
    let subscription =
        site.app.post(&format!("/leads/{mine}/subscriptions"), &site.wang, deposit("RC-1")).await.id("id");
    site.app.post(&format!("/leads/{theirs}/subscriptions"), &site.li, deposit("RC-2")).await;
    let path = format!("/subscriptions/{subscription}/refund");

    let by_sales = site.app.post(&path, &site.wang, json!({"reason": "客户资金不足"})).await;
    let by_colleague = site.app.post(&path, &site.li, json!({"reason": "客户资金不足"})).await;
    let refunded = site.app.post(&path, &site.manager, json!({"reason": "客户资金不足"})).await;
    let twice = site.app.post(&path, &site.manager, json!({"reason": "客户资金不足"})).await;
    let again = site.app.post(&format!("/leads/{mine}/subscriptions"), &site.wang, deposit("RC-3")).await;
    let wang_sees = site.app.get(&format!("/projects/{}/subscriptions", site.project), &site.wang).await;

    assert_eq!(by_sales.status, StatusCode::FORBIDDEN, "the owner sees it but may not refund");
    assert_eq!(by_colleague.status, StatusCode::NOT_FOUND, "another salesperson's buyer's deposit is invisible");
    assert_eq!((refunded.status, refunded.body["status"].as_str()), (StatusCode::OK, Some("refunded")));
    assert_eq!((twice.status, twice.code()), (StatusCode::CONFLICT, "subscription.not_active"));
    assert_eq!(again.body["queue_no"], 3, "refunded numbers are not given again");
    let own: Vec<String> =
        items(&wang_sees).iter().filter_map(|s| s["lead_name"].as_str().map(str::to_owned)).collect();
    assert_eq!(own, vec!["王女士", "王女士"], "a salesperson sees their own leads' deposits only");
    let actions = site.app.audit_actions();
    assert!(actions.contains(&"subscription.create".to_owned()) && actions.contains(&"subscription.refund".to_owned()));
    let history = site.app.get(&format!("/leads/{mine}/history"), &site.wang).await;
    let story: Vec<&str> = items(&history).iter().filter_map(|e| e["summary"].as_str()).collect();
    assert!(story.contains(&"wang.li 登记了认筹（排号 1）"), "{story:?}");
    assert!(story.contains(&"zhou.jl 办理了退筹（原因：客户资金不足）"), "{story:?}");
}

#[tokio::test]
async fn after_a_refund_the_lead_is_visited_again() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    site.follow_up(&site.wang, lead, contact("visit", "customer", json!({}))).await;
    let id = site.app.post(&format!("/leads/{lead}/subscriptions"), &site.wang, deposit("RC-1")).await.id("id");

    site.app.post(&format!("/subscriptions/{id}/refund"), &site.manager, json!({"reason": "退筹"})).await;

    assert_eq!(site.app.get(&format!("/leads/{lead}"), &site.wang).await.body["status"], "visited");
}
