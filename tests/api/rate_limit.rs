//! The per-caller rate limit: a bucket per user (or client address before sign-in), the
//! IETF headers on every limited answer, 429 with `Retry-After`, nothing done for a refused
//! request, probes never limited, and 0 turning it off.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{reply, spawn_app_with, Reply, PASSWORD};

fn remaining(reply: &Reply) -> Option<u32> {
    let value = reply.header("ratelimit")?;
    value.split(';').find_map(|part| part.strip_prefix("r=")).and_then(|r| r.parse().ok())
}

#[tokio::test]
async fn a_caller_past_the_burst_gets_429_with_retry_after_and_the_headers() {
    let app = spawn_app_with(&[("ANCHANG_RATE_LIMIT_PER_SEC", "1"), ("ANCHANG_RATE_LIMIT_BURST", "3")]).await;
    let admin = app.admin_token().await;

    let allowed = [app.get("/me", &admin).await, app.get("/me", &admin).await, app.get("/me", &admin).await];
    let refused = app.post("/projects", &admin, json!({"name": "滨江壹号", "city": "杭州"})).await;

    assert!(allowed.iter().all(|r| r.status == StatusCode::OK));
    assert_eq!(allowed[0].header("ratelimit-policy"), Some("\"default\";q=1;w=1"));
    assert_eq!(allowed.iter().map(remaining).collect::<Vec<_>>(), [Some(2), Some(1), Some(0)]);
    assert_eq!((refused.status, refused.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limit.exceeded"));
    let retry_after: u64 = refused.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After");
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    assert_eq!(remaining(&refused), Some(0));
    assert_eq!(refused.header("ratelimit-policy"), Some("\"default\";q=1;w=1"));
    assert!(!app.audit_actions().contains(&"project.create".to_owned()), "a refused request does nothing");

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(app.get("/me", &admin).await.status, StatusCode::OK, "the bucket refills");
}

#[tokio::test]
async fn every_caller_has_their_own_bucket_and_probes_have_none() {
    let app = spawn_app_with(&[("ANCHANG_RATE_LIMIT_PER_SEC", "1"), ("ANCHANG_RATE_LIMIT_BURST", "4")]).await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "wang.li", "sales", &[]).await;
    let sales = app.token("wang.li", PASSWORD).await;
    while app.get("/me", &admin).await.status != StatusCode::TOO_MANY_REQUESTS {}

    let other_user = app.get("/me", &sales).await;
    let probe =
        || async { reply(app.client.get(format!("{}/healthz", app.address)).send().await.expect("sent")).await };
    let probes: Vec<Reply> = futures_util::future::join_all((0..10).map(|_| probe())).await;

    assert_eq!(other_user.status, StatusCode::OK, "another user's bucket is their own");
    assert!(probes.iter().all(|p| p.status == StatusCode::OK && p.header("ratelimit").is_none()), "{probes:?}");
    // Before sign-in the bucket is the address's: the two logins above took two of its four.
    let anonymous = [app.login("nobody", "x-wrong-password").await, app.login("nobody", "x-wrong-password").await];
    let over = app.login("nobody", "x-wrong-password").await;
    assert!(anonymous.iter().all(|r| r.status == StatusCode::UNAUTHORIZED));
    assert_eq!((over.status, over.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limit.exceeded"));
}

#[tokio::test]
async fn zero_turns_the_limit_off() {
    let app = spawn_app_with(&[("ANCHANG_RATE_LIMIT_PER_SEC", "0"), ("ANCHANG_RATE_LIMIT_BURST", "1")]).await;
    let admin = app.admin_token().await;

    let replies = [app.get("/me", &admin).await, app.get("/me", &admin).await, app.get("/me", &admin).await];

    assert!(replies.iter().all(|r| r.status == StatusCode::OK && r.header("ratelimit").is_none()));
}
