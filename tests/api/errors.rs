//! Every kind of refusal answers problem+json, never a 500, never a stack trace.

use reqwest::{Method, StatusCode};

use crate::helpers::{reply, spawn_app, Reply};

fn assert_problem(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{:?}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/problem+json"));
    assert_eq!(reply.code(), code);
    assert_eq!(reply.body["status"], status.as_u16());
    assert_eq!(reply.body["type"], format!("urn:anchang:problem:{code}"));
    assert!(reply.body["title"].is_string() && reply.body["detail"].is_string());
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let response = app
        .client
        .post(app.api("/projects"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(r#"{"name": "滨江壹号", "city": "#)
        .send()
        .await
        .expect("sent");

    assert_problem(&reply(response).await, StatusCode::BAD_REQUEST, "request.malformed_json");
}

#[tokio::test]
async fn a_wrong_content_type_is_415() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let response = app
        .client
        .post(app.api("/projects"))
        .bearer_auth(&admin)
        .header("content-type", "text/plain")
        .body(r#"{"name": "x", "city": "y"}"#)
        .send()
        .await
        .expect("sent");

    assert_problem(&reply(response).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "request.unsupported_media_type");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let huge = format!(r#"{{"name": "{}", "city": "杭州"}}"#, "x".repeat(300 * 1024));

    let response = app
        .client
        .post(app.api("/projects"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .expect("sent");

    assert_problem(&reply(response).await, StatusCode::PAYLOAD_TOO_LARGE, "request.body_too_large");
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_422_naming_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let reply = app
        .post(
            "/users",
            &admin,
            serde_json::json!({"username": "abc", "display_name": "x", "role": "emperor", "password": "12345678"}),
        )
        .await;

    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(reply.body["errors"][0]["field"], "role");
}

#[tokio::test]
async fn an_unknown_route_is_404_and_a_wrong_method_is_405_with_allow() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let unknown = app.call(Method::GET, "/no-such-thing", Some(&admin), None).await;
    let wrong_method = app.call(Method::DELETE, "/projects", Some(&admin), None).await;

    assert_problem(&unknown, StatusCode::NOT_FOUND, "route.not_found");
    assert_problem(&wrong_method, StatusCode::METHOD_NOT_ALLOWED, "request.method_not_allowed");
    assert_eq!(wrong_method.header("allow"), Some("GET, POST"));
}

#[tokio::test]
async fn a_malformed_id_in_the_path_is_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let reply = app.get("/projects/not-a-uuid", &admin).await;

    assert_problem(&reply, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn request_ids_are_echoed_or_generated() {
    let app = spawn_app().await;

    let given = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("X-Request-Id", "phone-42")
        .send()
        .await
        .expect("sent");
    let generated = app.client.get(format!("{}/healthz", app.address)).send().await.expect("sent");
    let hostile =
        app.client.get(format!("{}/healthz", app.address)).header("X-Request-Id", "a b").send().await.expect("sent");

    assert_eq!(given.headers()["x-request-id"], "phone-42");
    assert!(generated.headers()["x-request-id"].to_str().is_ok_and(|id| id.len() == 36));
    assert_ne!(hostile.headers()["x-request-id"], "a b");
}

#[tokio::test]
async fn the_docs_and_spec_are_served() {
    let app = spawn_app().await;

    let docs = app.client.get(format!("{}/docs/", app.address)).send().await.expect("sent");
    let spec = reply(app.client.get(app.api("/openapi.json")).send().await.expect("sent")).await;

    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.expect("html").contains("swagger"));
    assert_eq!(spec.status, StatusCode::OK);
    assert!(spec.body["paths"]["/api/v1/auth/login"]["post"].is_object());
}

/// The status each `ApiError` constructor answers with.
const CONSTRUCTORS: [(&str, u16); 11] = [
    ("invalid_field", 422),
    ("bad_request", 400),
    ("unauthorized", 401),
    ("forbidden", 403),
    ("not_found", 404),
    ("conflict", 409),
    ("gone", 410),
    ("precondition_failed", 412),
    ("too_many_requests", 429),
    ("unavailable", 503),
    ("new", 0),
];

/// Every `(code, status)` the source raises: the first string literal after an
/// `ApiError::<constructor>(` (or `Self::<constructor>(` inside the error module), and the
/// error module's own code constants. Status 0: set by the call, not the constructor.
fn raised_codes() -> Vec<(String, u16, String)> {
    let mut found = Vec::new();
    let mut files = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).expect("dir").map(|e| e.expect("entry").path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        let in_error_module = path.to_string_lossy().contains("/src/error/");
        let mut prefixes = vec!["ApiError::"];
        if in_error_module {
            prefixes.push("Self::");
        }
        for prefix in prefixes {
            for (at, _) in text.match_indices(prefix) {
                let rest = &text[at + prefix.len()..];
                let Some((constructor, status)) = CONSTRUCTORS.iter().find(|(c, _)| rest.starts_with(&format!("{c}(")))
                else {
                    continue;
                };
                let call = &rest[constructor.len() + 1..];
                let Some(open) = call.find('"') else { continue };
                // The literal must be the first argument (the second, after the status, for `new`).
                let before = call[..open].trim();
                let in_place = before.is_empty()
                    || (*constructor == "new" && before.starts_with("StatusCode::") && !before.contains(')'));
                let literal = call[open + 1..].split('"').next().unwrap_or_default();
                if in_place
                    && !literal.is_empty()
                    && literal.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
                {
                    found.push((literal.to_owned(), *status, path.display().to_string()));
                }
            }
        }
        if in_error_module {
            for line in text.lines().filter(|l| l.trim_start().starts_with("const ") && l.contains(": &str = \"")) {
                if let Some(code) = line.split('"').nth(1) {
                    found.push((code.to_owned(), 0, path.display().to_string()));
                }
            }
        }
    }
    found
}

#[test]
fn every_error_code_the_source_raises_is_in_the_published_registry() {
    use anchang::error::codes::{lookup, REGISTRY};
    let raised = raised_codes();
    assert!(raised.len() > 50, "the scan found only {} codes: has the constructor style changed?", raised.len());
    for (code, status, file) in &raised {
        let entry = lookup(code).unwrap_or_else(|| panic!("{code} (raised in {file}) is not in src/error/codes/"));
        if *status != 0 {
            assert_eq!(entry.status, *status, "{code} is registered with another status than {file} raises");
        }
    }
    for entry in REGISTRY.iter() {
        assert!(raised.iter().any(|(code, _, _)| code == entry.code), "{} is registered but never raised", entry.code);
        assert!(!entry.en.is_empty() && !entry.zh.is_empty(), "{} lacks a message", entry.code);
    }
    let mut codes: Vec<&str> = REGISTRY.iter().map(|e| e.code).collect();
    codes.dedup();
    assert_eq!(codes.len(), REGISTRY.len(), "a code is registered in two parts of the registry");
}
