//! Integration clients: OAuth 2.0 client credentials (RFC 6749 §4.4), scopes enforced on
//! every operation, a client's reach (its projects, like a manager), and revocation that
//! stops its tokens at once.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{items, site, Reply, Site};

/// Makes a client of the site's project with `scopes`; answers (client_id, client_secret).
pub(crate) async fn client(site: &Site, scopes: &[&str]) -> (String, String) {
    let body = json!({"name": "明源ERP", "project_ids": [site.project], "scopes": scopes});
    let made = site.app.post("/integration-clients", &site.admin, body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let id = made.body["client_id"].as_str().expect("client_id").to_owned();
    (id, made.body["client_secret"].as_str().expect("the secret, once").to_owned())
}

/// `POST /oauth/token` with a form body and, optionally, HTTP Basic.
async fn token_request(site: &Site, form: &[(&str, &str)], basic: Option<(&str, &str)>) -> Reply {
    let mut request = site.app.client.post(site.app.api("/oauth/token")).form(form);
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    crate::helpers::reply(request.send().await.expect("sent")).await
}

pub(crate) async fn token(site: &Site, id: &str, secret: &str, scope: Option<&str>) -> String {
    let mut form = vec![("grant_type", "client_credentials")];
    if let Some(scope) = scope {
        form.push(("scope", scope));
    }
    let answer = token_request(site, &form, Some((id, secret))).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body["access_token"].as_str().expect("a token").to_owned()
}

#[tokio::test]
async fn a_client_works_its_projects_like_a_manager_through_the_scopes_of_its_token() {
    let site = site().await;
    let theirs = site.lead(&site.li, "李先生", "13800007771").await;
    let (id, secret) = client(&site, &["leads:read", "leads:write", "events:read"]).await;

    let by_basic = token_request(&site, &[("grant_type", "client_credentials")], Some((&id, &secret))).await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", id.as_str()),
        ("client_secret", secret.as_str()),
        ("scope", "leads:read"),
    ];
    let by_body = token_request(&site, &form, None).await;

    assert_eq!(by_basic.status, StatusCode::OK, "{:?}", by_basic.body);
    assert_eq!(by_basic.body["token_type"], "Bearer");
    assert_eq!(by_basic.body["scope"], "leads:read leads:write events:read");
    assert!(
        by_basic.body["expires_in"].as_i64().is_some_and(|s| s > 0) && by_basic.body.get("refresh_token").is_none()
    );
    assert_eq!(by_body.body["scope"], "leads:read");
    let full = by_basic.body["access_token"].as_str().unwrap_or_default();
    let narrow = by_body.body["access_token"].as_str().unwrap_or_default();

    let listed = site.app.get("/leads", full).await;
    assert!(items(&listed).iter().any(|l| l["id"] == json!(theirs)), "every lead of its project, like a manager");
    let registered = site.register(full, "赵女士", "13800007772", json!({"owner_id": site.wang_id})).await;
    assert_eq!(registered.status, StatusCode::CREATED, "{:?}", registered.body);
    let ownerless = site.register(full, "钱女士", "13800007773", json!({})).await;
    assert_eq!(ownerless.body["errors"][0]["field"], "owner_id", "a client names the salesperson");
    assert_eq!(site.app.get("/events", full).await.status, StatusCode::OK);
    let head = site.app.client.head(site.app.api("/leads")).bearer_auth(full).send().await.expect("sent");
    assert_eq!(head.status(), StatusCode::OK, "HEAD has the GET's scope");

    let narrow_write = site.register(narrow, "孙女士", "13800007774", json!({"owner_id": site.wang_id})).await;
    assert_eq!((narrow_write.status, narrow_write.code()), (StatusCode::FORBIDDEN, "auth.insufficient_scope"));
    let accounts = site.app.get("/users", full).await;
    assert_eq!(accounts.code(), "auth.insufficient_scope", "accounts are not open to clients");
    let elsewhere = site.app.create_project(&site.admin, "城西府").await;
    let (_, other_manager) = site.app.sign_in_new("sun.jl", "manager", &[elsewhere]).await;
    let hidden =
        site.register(&other_manager, "周先生", "13800007775", json!({"project_id": elsewhere})).await.id("id");
    assert_eq!(site.app.get(&format!("/leads/{hidden}"), full).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_token_endpoint_refuses_as_rfc_6749_says() {
    let site = site().await;
    let (id, secret) = client(&site, &["leads:read"]).await;
    let grant = [("grant_type", "client_credentials")];

    let wrong = token_request(&site, &grant, Some((&id, "ics_wrong"))).await;
    let unknown = token_request(&site, &grant, Some(("no-such-client", &secret))).await;
    let password_grant = token_request(&site, &[("grant_type", "password")], Some((&id, &secret))).await;
    let no_grant = token_request(&site, &[("scope", "leads:read")], Some((&id, &secret))).await;
    let too_much =
        token_request(&site, &[("grant_type", "client_credentials"), ("scope", "deals:read")], Some((&id, &secret)))
            .await;
    let nonsense =
        token_request(&site, &[("grant_type", "client_credentials"), ("scope", "root")], Some((&id, &secret))).await;
    let both =
        token_request(&site, &[("grant_type", "client_credentials"), ("client_id", id.as_str())], Some((&id, &secret)))
            .await;
    let as_json =
        site.app.call(Method::POST, "/oauth/token", None, Some(json!({"grant_type": "client_credentials"}))).await;

    assert_eq!((wrong.status, wrong.body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_client")));
    assert_eq!(wrong.header("www-authenticate"), Some("Basic realm=\"anchang\""));
    assert!(
        wrong.header("content-type").is_some_and(|t| t.starts_with("application/json")),
        "RFC 6749 JSON, not problem+json"
    );
    assert_eq!(unknown.body["error"], "invalid_client");
    assert_eq!(
        (password_grant.status, password_grant.body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unsupported_grant_type"))
    );
    assert_eq!(no_grant.body["error"], "invalid_request");
    assert_eq!((too_much.status, too_much.body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_scope")));
    assert_eq!(nonsense.body["error"], "invalid_scope");
    assert_eq!(both.body["error"], "invalid_request");
    assert_eq!(as_json.body["error"], "invalid_request");
    assert!(site.app.audit_actions().contains(&"auth.login_failed".to_owned()));
}

#[tokio::test]
async fn revoking_a_client_stops_its_tokens_at_once_and_a_rotated_secret_replaces_the_old() {
    let site = site().await;
    let (id, secret) = client(&site, &["leads:read"]).await;
    let held = token(&site, &id, &secret, None).await;
    assert_eq!(site.app.get("/leads", &held).await.status, StatusCode::OK);

    let rotated = site.app.post(&format!("/integration-clients/{id}/rotate-secret"), &site.admin, json!({})).await;
    let new_secret = rotated.body["client_secret"].as_str().expect("a new secret").to_owned();
    let grant = [("grant_type", "client_credentials")];
    assert_eq!(token_request(&site, &grant, Some((&id, &secret))).await.body["error"], "invalid_client");
    let fresh = token(&site, &id, &new_secret, None).await;

    assert_eq!(
        site.app.delete(&format!("/integration-clients/{id}"), &site.admin).await.status,
        StatusCode::NO_CONTENT
    );
    for token in [&held, &fresh] {
        let refused = site.app.get("/leads", token).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "auth.token_revoked"));
    }
    assert_eq!(token_request(&site, &grant, Some((&id, &new_secret))).await.body["error"], "invalid_client");
    let again = site.app.post(&format!("/integration-clients/{id}/rotate-secret"), &site.admin, json!({})).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "client.revoked"));
    let shown = site.app.get(&format!("/integration-clients/{id}"), &site.admin).await;
    assert!(shown.body["revoked_at"].is_string() && shown.body.get("client_secret").is_none());
    assert_eq!(shown.body["project_ids"], json!([site.project]));
}

#[tokio::test]
async fn only_admins_make_clients_and_nobody_makes_one_as_an_account() {
    let site = site().await;
    let body = json!({"name": "外呼中心", "project_ids": [site.project], "scopes": ["follow_ups:write"]});
    let by_manager = site.app.post("/integration-clients", &site.manager, body).await;
    let listed_by_sales = site.app.get("/integration-clients", &site.wang).await;
    let as_account = json!({"username": "sneaky", "display_name": "x", "role": "client", "password": "password-123",
        "project_ids": [site.project]});
    let account = site.app.post("/users", &site.admin, as_account).await;
    let no_project = site
        .app
        .post(
            "/integration-clients",
            &site.admin,
            json!({"name": "x", "project_ids": [uuid::Uuid::now_v7()], "scopes": ["leads:read"]}),
        )
        .await;

    assert_eq!((by_manager.status, by_manager.code()), (StatusCode::FORBIDDEN, "client.admin_only"));
    assert_eq!(listed_by_sales.code(), "client.admin_only");
    assert_eq!(account.code(), "user.role_not_grantable", "{:?}", account.body);
    assert_eq!(no_project.body["errors"][0]["field"], "project_ids");
}

/// Fills a path template's parameters with fresh ids.
fn concrete(template: &str) -> String {
    template
        .trim_start_matches("/api/v1")
        .split('/')
        .map(|part| if part.starts_with('{') { uuid::Uuid::now_v7().to_string() } else { part.to_owned() })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_operation_refuses_a_client_token_without_its_scope() {
    let site = site().await;
    let (id, secret) = client(&site, &["events:read"]).await;
    let events_only = token(&site, &id, &secret, None).await;
    let spec: Value = site
        .app
        .client
        .get(format!("{}/api/v1/openapi.json", site.app.address))
        .send()
        .await
        .expect("spec")
        .json()
        .await
        .expect("json");

    let mut checked = 0;
    for (template, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            // `[{}]`: no credentials needed (the buyer's survey link).
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.as_object().is_some_and(|o| !o.is_empty())));
            let needs = operation["security"][1]["oauth2"][0].as_str();
            if !secured
                || needs == Some("events:read")
                || operation["parameters"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|p| p["name"] == "X-HTTP-Method-Override"))
            {
                continue;
            }
            let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).expect("method");
            let body = matches!(method, Method::POST | Method::PUT | Method::PATCH).then(|| json!({}));
            let answer = site.app.call(method.clone(), &concrete(template), Some(&events_only), body).await;
            assert_eq!(
                (answer.status, answer.code()),
                (StatusCode::FORBIDDEN, "auth.insufficient_scope"),
                "{method} {template} (needs {needs:?}): {:?}",
                answer.body
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} operations checked");

    // And a token holding every scope passes every scoped operation's check.
    let all: Vec<&str> = spec["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["scopes"]
        .as_object()
        .map(|scopes| scopes.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(all.len(), 14);
    let (id, secret) = client(&site, &all).await;
    let everything = token(&site, &id, &secret, None).await;
    for (template, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if operation["security"][1]["oauth2"][0].as_str().is_none() {
                continue;
            }
            let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).expect("method");
            let body = matches!(method, Method::POST | Method::PUT | Method::PATCH).then(|| json!({}));
            let answer = site.app.call(method.clone(), &concrete(template), Some(&everything), body).await;
            assert_ne!(answer.code(), "auth.insufficient_scope", "{method} {template}");
            assert!(
                answer.status != StatusCode::UNAUTHORIZED && answer.status.as_u16() < 500,
                "{method} {template}: {:?}",
                answer.body
            );
        }
    }
}

#[tokio::test]
async fn a_client_manages_its_own_webhooks_for_its_own_projects() {
    let site = site().await;
    let (id, secret) = client(&site, &["webhooks:manage"]).await;
    let hooks = token(&site, &id, &secret, None).await;
    let admins = site.app.post("/webhook-endpoints", &site.admin, json!({"url": "https://ops.example.com/hook"})).await;
    let elsewhere = site.app.create_project(&site.admin, "城西府").await;

    let own = site.app.post("/webhook-endpoints", &hooks, json!({"url": "https://erp.example.com/hook"})).await;
    let beyond = site
        .app
        .post("/webhook-endpoints", &hooks, json!({"url": "https://erp.example.com/x", "project_ids": [elsewhere]}))
        .await;
    let listed = site.app.get("/webhook-endpoints", &hooks).await;
    let peek =
        site.app.get(&format!("/webhook-endpoints/{}", admins.body["id"].as_str().unwrap_or_default()), &hooks).await;

    assert_eq!(own.status, StatusCode::CREATED, "{:?}", own.body);
    assert_eq!(own.body["project_ids"], json!([site.project]), "its projects, not every project");
    assert_eq!(beyond.body["errors"][0]["field"], "project_ids");
    assert_eq!(items(&listed).len(), 1, "only its own");
    assert_eq!(peek.status, StatusCode::NOT_FOUND);
}
