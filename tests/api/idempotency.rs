//! Retried POSTs from phones on bad networks.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{reply, spawn_app, Reply, TestApp};

async fn post_with_key(app: &TestApp, token: &str, key: &str, body: &Value) -> Reply {
    let response = app
        .client
        .post(app.api("/projects"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("sent");
    reply(response).await
}

async fn project_count(app: &TestApp, token: &str) -> usize {
    app.get("/projects?limit=100", token).await.body["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_retry_with_the_same_key_returns_the_first_response_and_creates_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = json!({"name": "滨江壹号", "city": "杭州"});

    let first = post_with_key(&app, &admin, "retry-1", &body).await;
    let retry = post_with_key(&app, &admin, "retry-1", &body).await;

    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.header("location"), first.header("location"));
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(project_count(&app, &admin).await, 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    post_with_key(&app, &admin, "k", &json!({"name": "A", "city": "杭州"})).await;

    let reused = post_with_key(&app, &admin, "k", &json!({"name": "B", "city": "杭州"})).await;

    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reused.code(), "idempotency.key_reused");
    assert_eq!(project_count(&app, &admin).await, 1);
}

#[tokio::test]
async fn refusals_are_replayed_too_but_keys_belong_to_one_user() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;
    let (_, manager) = app.sign_in_new("zhou.jl", "manager", &[project]).await;
    let body = json!({"name": "西溪花园", "city": "杭州"});

    let refused = post_with_key(&app, &manager, "shared-key", &body).await;
    let admins_own = post_with_key(&app, &admin, "shared-key", &body).await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(admins_own.status, StatusCode::CREATED, "another user's key is not ours");
}

#[tokio::test]
async fn concurrent_retries_create_one_project() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = json!({"name": "滨江壹号", "city": "杭州"});

    let replies = join_all((0..5).map(|_| post_with_key(&app, &admin, "burst", &body))).await;

    for r in &replies {
        assert!(
            r.status == StatusCode::CREATED
                || (r.status == StatusCode::CONFLICT && r.code() == "idempotency.in_progress"),
            "{:?} {:?}",
            r.status,
            r.body
        );
    }
    assert_eq!(project_count(&app, &admin).await, 1);
}

#[tokio::test]
async fn an_unprintable_key_is_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let reply = post_with_key(&app, &admin, &"k".repeat(300), &json!({"name": "A", "city": "杭州"})).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.code(), "idempotency.invalid_key");
}
