//! WeChat mini-program sign-in against a fake jscode2session: binding with a password,
//! signing in by code, re-binding, unbinding, frozen accounts, and WeChat's refusals.

use futures_util::future::join;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::fake_wechat::{FakeWeChat, APP_ID, APP_SECRET};
use crate::helpers::{site, site_with, Reply, Site, PASSWORD};

async fn wechat_site() -> (Site, FakeWeChat) {
    let fake = FakeWeChat::start().await;
    let settings = fake.settings();
    let extra: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    (site_with(&extra).await, fake)
}

async fn by_code(site: &Site, code: &str) -> Reply {
    site.app.call(Method::POST, "/auth/wechat", None, Some(json!({"code": code}))).await
}

async fn bind(site: &Site, ticket: &str, username: &str, password: &str) -> Reply {
    let body = json!({"bind_ticket": ticket, "username": username, "password": password});
    site.app.call(Method::POST, "/auth/wechat/bind", None, Some(body)).await
}

/// A bind ticket for the openid of `ok-<openid>`.
async fn ticket(site: &Site, openid: &str) -> String {
    let unbound = by_code(site, &format!("ok-{openid}")).await;
    assert_eq!(
        (unbound.status, unbound.code()),
        (StatusCode::UNAUTHORIZED, "auth.wechat_unbound"),
        "{:?}",
        unbound.body
    );
    assert_eq!(unbound.body["bind_ticket_expires_in"], 600);
    unbound.body["bind_ticket"].as_str().expect("a bind ticket").to_owned()
}

async fn username_of(site: &Site, reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let token = reply.body["access_token"].as_str().expect("access token");
    assert!(reply.body["refresh_token"].is_string(), "a session like a password sign-in's");
    site.app.get("/me", token).await.body["username"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn an_unbound_wechat_is_bound_once_with_a_password_then_signs_in_by_code() {
    let (site, fake) = wechat_site().await;
    let ticket = ticket(&site, "o-wang").await;

    let wrong = bind(&site, &ticket, "wang.li", "not-the-password").await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::UNAUTHORIZED, "auth.invalid_credentials"));
    let bound = bind(&site, &ticket, "WANG.LI", PASSWORD).await;
    assert_eq!(username_of(&site, &bound).await, "wang.li", "a wrong password left the ticket usable");
    let reused = bind(&site, &ticket, "li.na", PASSWORD).await;
    assert_eq!((reused.status, reused.code()), (StatusCode::UNAUTHORIZED, "auth.wechat_ticket_invalid"));
    let unknown = bind(&site, "made-up", "li.na", PASSWORD).await;
    assert_eq!(unknown.code(), "auth.wechat_ticket_invalid");

    let signed_in = by_code(&site, "ok-o-wang").await;
    assert_eq!(username_of(&site, &signed_in).await, "wang.li");

    // The secret went to WeChat, and nowhere else; the session key is never passed on.
    let queries = fake.queries.lock().expect("queries").clone();
    assert!(queries
        .iter()
        .all(|q| q.contains(&format!("appid={APP_ID}")) && q.contains("grant_type=authorization_code")));
    assert!(queries.iter().all(|q| q.contains(&format!("secret={APP_SECRET}"))));
    for reply in [&bound, &signed_in, &reused] {
        let text = reply.body.to_string();
        assert!(!text.contains(APP_SECRET) && !text.contains("session-key-must-not-leak"), "{text}");
    }
    let actions = site.app.audit_actions();
    assert!(actions.contains(&"user.wechat_bind".to_owned()));
    let trail = site.app.get("/audit-events?action=user.wechat_bind", &site.admin).await;
    assert_eq!(trail.body["items"][0]["changes"]["openid"]["new"], "…wang", "the trail masks the openid");
}

#[tokio::test]
async fn binding_again_moves_the_account_to_the_new_wechat_and_unbinding_ends_it() {
    let (site, _fake) = wechat_site().await;
    let first = ticket(&site, "o-old-phone").await;
    assert_eq!(username_of(&site, &bind(&site, &first, "wang.li", PASSWORD).await).await, "wang.li");
    let second = ticket(&site, "o-new-phone").await;
    let rebound = bind(&site, &second, "wang.li", PASSWORD).await;
    assert_eq!(username_of(&site, &rebound).await, "wang.li");

    assert_eq!(by_code(&site, "ok-o-old-phone").await.code(), "auth.wechat_unbound", "换绑 replaced the old one");
    let token = rebound.body["access_token"].as_str().unwrap_or_default().to_owned();
    let unbound = site.app.delete("/me/wechat", &token).await;
    let again = site.app.delete("/me/wechat", &token).await;
    let anonymous = site.app.call(Method::DELETE, "/me/wechat", None, None).await;
    assert_eq!((unbound.status, again.status), (StatusCode::NO_CONTENT, StatusCode::NO_CONTENT));
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(by_code(&site, "ok-o-new-phone").await.code(), "auth.wechat_unbound");
    assert_eq!(site.app.audit_actions().iter().filter(|a| *a == "user.wechat_unbind").count(), 1);
}

#[tokio::test]
async fn two_accounts_binding_one_wechat_at_once_have_one_winner() {
    let (site, _fake) = wechat_site().await;
    let (for_wang, for_li) = (ticket(&site, "o-shared").await, ticket(&site, "o-shared").await);

    let (wang, li) = join(bind(&site, &for_wang, "wang.li", PASSWORD), bind(&site, &for_li, "li.na", PASSWORD)).await;

    let mut statuses = [wang.status, li.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{:?} / {:?}", wang.body, li.body);
    let loser = if wang.status == StatusCode::CONFLICT { &wang } else { &li };
    assert_eq!(loser.code(), "auth.wechat_already_bound");
    let winner = if wang.status == StatusCode::OK { "wang.li" } else { "li.na" };
    assert_eq!(username_of(&site, &by_code(&site, "ok-o-shared").await).await, winner);
}

#[tokio::test]
async fn a_frozen_account_cannot_sign_in_by_wechat() {
    let (site, _fake) = wechat_site().await;
    let first = ticket(&site, "o-wang").await;
    assert_eq!(bind(&site, &first, "wang.li", PASSWORD).await.status, StatusCode::OK);
    let frozen = site.app.post(&format!("/users/{}/freeze", site.wang_id), &site.manager, json!({})).await;
    assert!(frozen.status.is_success(), "{:?}", frozen.body);

    let refused = by_code(&site, "ok-o-wang").await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "auth.account_frozen"));
    let another = ticket(&site, "o-other").await;
    let frozen_bind = bind(&site, &another, "wang.li", PASSWORD).await;
    assert_eq!(frozen_bind.code(), "auth.account_frozen");
}

#[tokio::test]
async fn wechats_refusals_are_clear_problems_and_a_slow_wechat_is_a_503_not_a_hang() {
    let (site, _fake) = wechat_site().await;
    let started = std::time::Instant::now();
    let slow = by_code(&site, "slow").await;
    let waited = started.elapsed();
    let cases = [
        ("bad", StatusCode::UNAUTHORIZED, "auth.wechat_code_invalid"),
        ("busy", StatusCode::TOO_MANY_REQUESTS, "auth.wechat_rate_limited"),
        ("down", StatusCode::SERVICE_UNAVAILABLE, "auth.wechat_unavailable"),
        ("teapot", StatusCode::SERVICE_UNAVAILABLE, "auth.wechat_unavailable"),
    ];
    for (code, status, problem) in cases {
        let reply = by_code(&site, code).await;
        assert_eq!((reply.status, reply.code()), (status, problem), "{code}: {:?}", reply.body);
        assert!(!reply.body.to_string().contains(APP_SECRET));
    }
    assert_eq!((slow.status, slow.code()), (StatusCode::SERVICE_UNAVAILABLE, "auth.wechat_unavailable"));
    assert!(slow.header("retry-after").is_some());
    assert!(waited < std::time::Duration::from_millis(2_500), "the app's timeout (800 ms) cut it: {waited:?}");
    let blank = by_code(&site, "").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn without_a_wechat_app_the_route_says_so() {
    let site = site().await;
    let reply = by_code(&site, "ok-anyone").await;
    assert_eq!((reply.status, reply.code()), (StatusCode::SERVICE_UNAVAILABLE, "auth.wechat_not_configured"));
}
