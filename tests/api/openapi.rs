//! The OpenAPI document is a tested artefact: committed, complete, and in step with the code.

use serde_json::Value;

/// Where the committed spec lives. Regenerate with `cargo run -- openapi > openapi/openapi.json`
/// (or run this test with `ANCHANG_UPDATE_OPENAPI=1`).
const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");

fn generated() -> String {
    anchang::openapi::to_pretty_json(&anchang::openapi::document())
}

#[test]
fn the_committed_spec_matches_the_code() {
    let generated = generated();
    if std::env::var("ANCHANG_UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(COMMITTED, &generated).expect("write the spec");
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `cargo run -- openapi > openapi/openapi.json` and commit it"
    );
}

#[test]
fn every_operation_is_named_documented_and_secured() {
    let spec: Value = serde_json::from_str(&generated()).expect("json");
    let public = ["login", "refresh_token", "logout", "check_health", "check_readiness"];
    let mut seen = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(!seen.contains(&id.to_owned()), "operationId {id} is used twice");
            seen.push(id.to_owned());
            assert!(operation["summary"].is_string(), "{id} has no summary");
            let responses = operation["responses"].as_object().expect("responses");
            assert!(responses.keys().any(|s| s.starts_with('2')), "{id} documents no success");
            if !public.contains(&id) {
                assert!(operation["security"].is_array(), "{id} is not marked as needing a token");
                assert!(responses.contains_key("401"), "{id} does not document 401");
            }
        }
    }
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
}
