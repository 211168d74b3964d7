//! Sign-in, tokens, throttling, freezing.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{reply, spawn_app, spawn_app_with, Reply, ADMIN_PASSWORD, PASSWORD};

#[tokio::test]
async fn login_returns_a_token_pair_and_me_shows_the_user_with_projects() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;
    app.create_user(&admin, "wang.li", "sales", &[project]).await;

    let login = app.login("Wang.Li", PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.body["token_type"], "Bearer");
    assert_eq!(login.body["expires_in"], 900);
    assert!(login.body["refresh_token"].as_str().is_some_and(|t| t.len() >= 40));
    let me = app.get("/me", login.body["access_token"].as_str().expect("token")).await;

    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["username"], "wang.li");
    assert_eq!(me.body["role"], "sales");
    assert_eq!(me.body["projects"][0]["name"], "滨江壹号");
    assert_eq!(me.header("cache-control"), Some("no-store"));
    assert!(me.body.get("password_hash").is_none());
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_401() {
    let app = spawn_app().await;

    let unknown = app.login("nobody", "whatever-123").await;
    let wrong = app.login("admin", "wrong-password").await;

    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.body, wrong.body);
    assert_eq!(wrong.code(), "auth.invalid_credentials");
    let actions = app.audit_actions();
    assert_eq!(actions.iter().filter(|a| *a == "auth.login_failed").count(), 2);
}

#[tokio::test]
async fn five_failures_lock_the_username_from_that_address_with_429_and_retry_after() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(app.login("admin", "wrong-password").await.status, StatusCode::UNAUTHORIZED);
    }

    let locked = app.login("admin", ADMIN_PASSWORD).await;

    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert_eq!(locked.code(), "auth.too_many_attempts");
    let retry_after: u64 = locked.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After");
    assert!((1..=900).contains(&retry_after));
    assert_eq!(app.login("other-user", "wrong-password").await.status, StatusCode::UNAUTHORIZED, "per username");
}

/// Signs in as if from `address` (the app trusts proxy headers).
async fn login_from(app: &crate::helpers::TestApp, address: &str, username: &str, password: &str) -> Reply {
    let request = app
        .client
        .post(app.api("/auth/login"))
        .header("X-Forwarded-For", address)
        .json(&json!({"username": username, "password": password}));
    reply(request.send().await.expect("sent")).await
}

#[tokio::test]
async fn a_stranger_elsewhere_cannot_lock_an_account_out() {
    let app = spawn_app_with(&[("ANCHANG_TRUST_PROXY", "true")]).await;
    for _ in 0..5 {
        let failed = login_from(&app, "203.0.113.9", "admin", "wrong-password").await;
        assert_eq!(failed.status, StatusCode::UNAUTHORIZED);
    }

    let stranger = login_from(&app, "203.0.113.9", "admin", ADMIN_PASSWORD).await;
    let owner = login_from(&app, "198.51.100.7", "admin", ADMIN_PASSWORD).await;

    assert_eq!((stranger.status, stranger.code()), (StatusCode::TOO_MANY_REQUESTS, "auth.too_many_attempts"));
    assert_eq!(owner.status, StatusCode::OK, "the admin at their own desk signs in: {:?}", owner.body);
}

#[tokio::test]
async fn a_sprayer_meets_429_from_their_address_and_nobody_else_does() {
    let app = spawn_app_with(&[("ANCHANG_TRUST_PROXY", "true")]).await;
    for i in 0..20 {
        let failed = login_from(&app, "203.0.113.66", &format!("user{i}"), "Password1!").await;
        assert_eq!(failed.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }

    let sprayed = login_from(&app, "203.0.113.66", "admin", "Password1!").await;
    let elsewhere = login_from(&app, "198.51.100.7", "user21", "Password1!").await;

    assert_eq!(
        (sprayed.status, sprayed.code()),
        (StatusCode::TOO_MANY_REQUESTS, "auth.too_many_attempts_from_address")
    );
    let retry_after: u64 = sprayed.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After");
    assert!((1..=900).contains(&retry_after));
    assert_eq!(elsewhere.status, StatusCode::UNAUTHORIZED, "another address is not throttled");
    assert!(app.audit_actions().contains(&"auth.login_throttled".to_owned()));
}

#[tokio::test]
async fn failures_leave_the_window_and_the_lock_lifts() {
    let app = spawn_app_with(&[("ANCHANG_LOGIN_WINDOW_SECS", "1"), ("ANCHANG_LOGIN_MAX_FAILURES", "2")]).await;
    for _ in 0..2 {
        app.login("admin", "wrong-password").await;
    }
    assert_eq!(app.login("admin", ADMIN_PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);

    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;

    assert_eq!(app.login("admin", ADMIN_PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn refresh_rotates_and_the_old_refresh_token_dies() {
    let app = spawn_app().await;
    let first = app.login("admin", ADMIN_PASSWORD).await;
    let old = first.body["refresh_token"].as_str().expect("refresh").to_owned();

    let rotated = app.call(Method::POST, "/auth/refresh", None, Some(json!({"refresh_token": old}))).await;

    assert_eq!(rotated.status, StatusCode::OK);
    let new = rotated.body["refresh_token"].as_str().expect("new refresh").to_owned();
    assert_ne!(new, old);
    let me = app.get("/me", rotated.body["access_token"].as_str().expect("access")).await;
    assert_eq!(me.status, StatusCode::OK);
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_the_whole_family() {
    let app = spawn_app().await;
    let login = app.login("admin", ADMIN_PASSWORD).await;
    let first = login.body["refresh_token"].as_str().expect("refresh").to_owned();
    let second = app.call(Method::POST, "/auth/refresh", None, Some(json!({"refresh_token": first}))).await;
    let second = second.body["refresh_token"].as_str().expect("second").to_owned();

    let thief_access = login.body["access_token"].as_str().expect("access").to_owned();
    assert_eq!(app.get("/me", &thief_access).await.status, StatusCode::OK);
    let other_session = app.login("admin", ADMIN_PASSWORD).await.body["access_token"].as_str().expect("a").to_owned();

    let reuse = app.call(Method::POST, "/auth/refresh", None, Some(json!({"refresh_token": first}))).await;

    assert_eq!(
        app.get("/me", &thief_access).await.status,
        StatusCode::UNAUTHORIZED,
        "the family's access dies at once"
    );
    assert_eq!(app.get("/me", &other_session).await.status, StatusCode::OK, "another sign-in is untouched");
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reuse.code(), "auth.refresh_token_reused");
    let descendant = app.call(Method::POST, "/auth/refresh", None, Some(json!({"refresh_token": second}))).await;
    assert_eq!(descendant.status, StatusCode::UNAUTHORIZED, "the thief's copy dies too");
    assert!(app.audit_actions().contains(&"auth.refresh_reuse".to_owned()));
}

#[tokio::test]
async fn two_racing_refreshes_with_one_token_yield_one_winner() {
    let app = spawn_app().await;
    let login = app.login("admin", ADMIN_PASSWORD).await;
    let token = login.body["refresh_token"].as_str().expect("refresh").to_owned();
    let body = json!({"refresh_token": token});

    let (a, b) = tokio::join!(
        app.call(Method::POST, "/auth/refresh", None, Some(body.clone())),
        app.call(Method::POST, "/auth/refresh", None, Some(body.clone()))
    );

    let statuses = [a.status, b.status];
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count(), 1, "{statuses:?}");
}

#[tokio::test]
async fn logout_revokes_the_refresh_token_and_is_harmless_twice() {
    let app = spawn_app().await;
    let login = app.login("admin", ADMIN_PASSWORD).await;
    let refresh = json!({"refresh_token": login.body["refresh_token"]});
    let access = login.body["access_token"].as_str().expect("access").to_owned();
    assert_eq!(app.get("/me", &access).await.status, StatusCode::OK);

    let out = app.call(Method::POST, "/auth/logout", None, Some(refresh.clone())).await;
    let after_logout = app.get("/me", &access).await;
    assert_eq!((after_logout.status, after_logout.code()), (StatusCode::UNAUTHORIZED, "auth.token_revoked"));
    let again = app.call(Method::POST, "/auth/logout", None, Some(refresh.clone())).await;

    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(again.status, StatusCode::NO_CONTENT);
    let after = app.call(Method::POST, "/auth/refresh", None, Some(refresh)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_frozen_users_existing_token_fails_at_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;
    let (id, token) = app.sign_in_new("zhao.qiang", "sales", &[project]).await;
    let refresh = app.login("zhao.qiang", PASSWORD).await.body["refresh_token"].clone();
    assert_eq!(app.get("/me", &token).await.status, StatusCode::OK);

    let frozen = app.post(&format!("/users/{id}/freeze"), &admin, json!({})).await;

    assert_eq!(frozen.status, StatusCode::OK);
    assert_eq!(frozen.body["status"], "frozen");
    let me = app.get("/me", &token).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.code(), "auth.token_revoked");
    let refreshed = app.call(Method::POST, "/auth/refresh", None, Some(json!({"refresh_token": refresh}))).await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("zhao.qiang", PASSWORD).await.code(), "auth.account_frozen");

    let thawed = app.post(&format!("/users/{id}/unfreeze"), &admin, json!({})).await;
    assert_eq!(thawed.body["status"], "active");
    assert_eq!(app.login("zhao.qiang", PASSWORD).await.status, StatusCode::OK);
    assert_eq!(app.get("/me", &token).await.status, StatusCode::UNAUTHORIZED, "old tokens stay dead");
}

#[tokio::test]
async fn missing_malformed_and_foreign_tokens_get_401() {
    let app = spawn_app().await;

    let missing = app.call(Method::GET, "/me", None, None).await;
    let garbage = app.get("/me", "not-a-jwt").await;
    let forged = app
        .get(
            "/me",
            // Signed with another key.
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMTkyZjBjMS01YjdlLTdjM2EtOWQxZS0zYTRiNWM2ZDdlOGYiLCJyb2xlIjoiYWRtaW4iLCJ0diI6MCwiaXNzIjoiYW5jaGFuZyIsImF1ZCI6ImFuY2hhbmctYXBpIiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3MDAwMDAwMDAsImp0aSI6IjAxOTJmMGMxLTViN2UtN2MzYS05ZDFlLTNhNGI1YzZkN2U4ZiJ9.c2lnbmF0dXJlLW9mLWFub3RoZXIta2V5",
        )
        .await;

    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.code(), "auth.missing_token");
    assert_eq!(missing.header("www-authenticate"), Some("Bearer"));
    assert_eq!(garbage.code(), "auth.invalid_token");
    assert_eq!(forged.code(), "auth.invalid_token");
}

#[tokio::test]
async fn logins_are_audited_with_their_outcome() {
    let app = spawn_app().await;
    app.login("admin", "wrong-password").await;
    app.login("admin", ADMIN_PASSWORD).await;

    let actions = app.audit_actions();

    assert!(actions.contains(&"auth.login_failed".to_owned()));
    assert!(actions.contains(&"auth.login".to_owned()));
}

#[tokio::test]
async fn audit_events_carry_the_peer_address_and_request_id_not_a_forged_forwarded_for() {
    use anchang::schema::audit_events;
    use diesel::prelude::*;
    let app = spawn_app().await;

    app.client
        .post(app.api("/auth/login"))
        .header("X-Forwarded-For", "6.6.6.6")
        .header("X-Request-Id", "phone-req-7")
        .header("User-Agent", "anchang-ios/1.0")
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .expect("sent");

    let mut pooled = app.sealed_db();
    let (ip, request_id, agent): (Option<String>, Option<String>, Option<String>) = audit_events::table
        .filter(audit_events::action.eq("auth.login"))
        .select((audit_events::ip, audit_events::request_id, audit_events::user_agent))
        .first(&mut pooled.conn)
        .expect("login event");
    assert_eq!(ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(request_id.as_deref(), Some("phone-req-7"));
    assert_eq!(agent.as_deref(), Some("anchang-ios/1.0"));
}

/// One line of a query plan, as each backend's EXPLAIN answers it.
#[derive(diesel::QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
    pg: String,
}

#[derive(diesel::QueryableByName)]
struct SqlitePlanLine {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

#[tokio::test]
async fn the_session_check_reads_its_own_index_however_many_tokens_the_user_kept() {
    use anchang::auth::model::NewRefreshToken;
    use anchang::db::{AnyConnection, Id};
    use diesel::prelude::*;

    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;
    let wang = app.create_user(&admin, "wang.li", "sales", &[project]).await;
    let login = app.login("wang.li", PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK);

    // A year of sign-ins and refreshes: every token is kept (a rotated one presented again
    // revokes its family), so the user's own entries grow without end.
    // PostgreSQL's statistics read while the table was small, as autovacuum leaves them on a
    // fresh deployment for a while: a plan that weighs the two columns' indexes as equal.
    // (SQLite has none: anchang never analyses it, and its planner goes by the indexes.)
    let mut pooled = app.db();
    if let AnyConnection::Pg(pg) = &mut pooled.conn {
        diesel::sql_query("ANALYZE refresh_tokens").execute(pg).expect("statistics");
    }
    let long_ago = anchang::db::now() - chrono::Duration::days(365);
    for n in 0..2_000 {
        let hash = format!("kept-{n}");
        let token = NewRefreshToken {
            id: Id(uuid::Uuid::now_v7()),
            user_id: Id(wang),
            family_id: Id(uuid::Uuid::now_v7()),
            token_hash: &hash,
            issued_at: long_ago,
            expires_at: long_ago + chrono::Duration::days(30),
        };
        token.insert(&mut pooled.conn).expect("an old token");
    }

    // The check's own condition (auth::session::session_family), planned as the pool plans
    // it: a generic plan on PostgreSQL, kept for the connection.
    let exists = "SELECT EXISTS (SELECT 1 FROM refresh_tokens \
                  WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL)";
    let plan: Vec<String> = match &mut pooled.conn {
        AnyConnection::Pg(pg) => {
            diesel::sql_query("SET plan_cache_mode = force_generic_plan").execute(pg).expect("generic plans");
            diesel::sql_query(format!("PREPARE live_session (uuid, uuid) AS {exists}")).execute(pg).expect("prepared");
            let sql = format!("EXPLAIN EXECUTE live_session ('{}', '{}')", uuid::Uuid::now_v7(), wang);
            let lines: Vec<PlanLine> = diesel::sql_query(sql).load(pg).expect("the plan");
            lines.into_iter().map(|l| l.pg).collect()
        }
        AnyConnection::Sqlite(lite) => {
            let sql = format!("EXPLAIN QUERY PLAN {}", exists.replace("$1", "?").replace("$2", "?"));
            let lines: Vec<SqlitePlanLine> = diesel::sql_query(sql).load(lite).expect("the plan");
            lines.into_iter().map(|l| l.detail).collect()
        }
    };
    assert!(plan.iter().any(|line| line.contains("refresh_tokens_live_family_idx")), "{plan:#?}");
    assert!(!plan.iter().any(|line| line.contains("refresh_tokens_user_idx")), "{plan:#?}");

    let me = app.get("/me", login.body["access_token"].as_str().expect("token")).await;
    assert_eq!(me.status, StatusCode::OK, "the live session still holds");
}
