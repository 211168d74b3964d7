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
    let public = [
        "login",
        "refresh_token",
        "logout",
        "check_health",
        "check_readiness",
        "list_error_codes",
        "find_public_survey",
        "answer_public_survey",
    ];
    let mut seen = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(!seen.contains(&id.to_owned()), "operationId {id} is used twice");
            seen.push(id.to_owned());
            assert!(operation["summary"].is_string(), "{id} has no summary");
            let responses = operation["responses"].as_object().expect("responses");
            assert!(responses.keys().any(|s| s.starts_with('2')), "{id} documents no success");
            assert!(operation["security"].is_array(), "{id} says nothing of tokens");
            if public.contains(&id) {
                assert_eq!(operation["security"], serde_json::json!([]), "{id} is public");
            } else {
                assert!(responses.contains_key("401"), "{id} does not document 401");
            }
        }
    }
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
}

/// One enum type of the code, checked against the schema the spec publishes under its name.
type EnumCheck = (String, fn(&Value));

/// Every `text_enum!` type of the API. A new enum that reaches the spec must be added here:
/// the test below fails for any enum schema this list does not cover.
macro_rules! enum_checks {
    ($($ty:ty),+ $(,)?) => {
        vec![$((<$ty as utoipa::ToSchema>::name().into_owned(), round_trip::<$ty> as fn(&Value))),+]
    };
}

/// The spec lists exactly the words serde reads and writes, in order, each described.
fn round_trip<T>(schema: &Value)
where
    T: anchang::db::sql_types::TextWords + serde::Serialize + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let listed: Vec<&str> = schema["enum"].as_array().expect("enum").iter().filter_map(Value::as_str).collect();
    assert_eq!(listed, T::words(), "the spec and the type disagree");
    let meanings = schema["x-enum-descriptions"].as_array().expect("each word is described");
    assert_eq!(meanings.len(), listed.len());
    assert!(meanings.iter().all(|m| m.as_str().is_some_and(|m| !m.is_empty())), "a word has no meaning: {listed:?}");
    for word in listed {
        let read: T =
            serde_json::from_value(Value::from(word)).unwrap_or_else(|e| panic!("serde refuses {word:?}: {e}"));
        assert_eq!(serde_json::to_value(&read).expect("writes"), Value::from(word), "{read:?} is written differently");
    }
}

#[test]
fn every_enum_in_the_spec_is_exactly_what_serde_reads_and_writes() {
    use anchang::booking::dto::*;
    let checks: Vec<EnumCheck> = enum_checks![
        anchang::auth::Role,
        anchang::auth::UserStatus,
        anchang::booking::UnitStatus,
        anchang::booking::SubscriptionStatus,
        UnitRowStatus,
        OpeningState,
        OpeningMode,
        ReservationStatus,
        Priority,
        WaveName,
        anchang::words::Channel,
        anchang::words::ContactPurpose,
        anchang::words::InitiatedBy,
        anchang::grading::GradeCause,
        anchang::grading::GradeSource,
        anchang::grading::score::Factor,
        anchang::leads::dto::LeadSort,
        anchang::leads::dto::RowStatus,
        anchang::words::SourceChannel,
        anchang::words::LeadStatus,
        anchang::words::LostReason,
        anchang::words::Purpose,
        anchang::words::Gender,
        anchang::words::AgeBand,
        anchang::words::Grade,
        anchang::words::RevealField,
        anchang::objections::ObjectionCategory,
        anchang::channels::ChannelKind,
        anchang::channels::ChannelStatus,
        anchang::projects::ReportPhoneMode,
        anchang::channels::ReportStatus,
        anchang::channels::ReportRefusal,
        anchang::channels::AppealStatus,
        anchang::channels::AppealDecision,
        anchang::reception::DutyState,
        anchang::reception::CameWith,
        anchang::reception::Verdict,
        anchang::channels::CommissionKind,
        anchang::channels::CommissionMilestone,
        anchang::deals::DealStatus,
        anchang::deals::PlanKind,
        anchang::deals::DueKind,
        anchang::deals::MortgageStage,
        anchang::deals::PaymentMethod,
        anchang::deals::PaymentKind,
        anchang::deals::CommissionStatus,
        anchang::audit::EntityType,
        anchang::audit::EventType,
        anchang::events::EndpointStatus,
        anchang::events::DeliveryStatus,
        anchang::events::DeliveryOrigin,
        anchang::auth::scopes::Scope,
        anchang::jobs::Job,
        anchang::notifications::NotificationKind,
        anchang::analytics::periods::GroupBy,
        anchang::aftersales::ComplaintCategory,
        anchang::aftersales::ComplaintChannel,
        anchang::aftersales::ComplaintStatus,
        anchang::aftersales::Deadline,
        anchang::aftersales::RootCause,
        anchang::aftersales::Severity,
        anchang::aftersales::Touchpoint,
        anchang::aftersales::QuestionKind,
        anchang::follow_ups::care::CareKind,
        anchang::analytics::dto::ReportFormat,
        anchang::analytics::dto::FunnelBasis,
        anchang::analytics::dto::FunnelGroup,
        anchang::analytics::dto::LostGroup,
        anchang::analytics::dto::Tier,
    ];
    let spec = anchang::openapi::document();
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let mut checked = 0;
    for (name, schema) in schemas {
        if name == "TimeZoneName" {
            // Not a word set of ours: every IANA name chrono-tz knows, which is what the
            // server parses time zones with.
            let listed: Vec<&str> = schema["enum"].as_array().expect("enum").iter().filter_map(Value::as_str).collect();
            let known: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|zone| zone.name()).collect();
            assert_eq!(listed, known);
            continue;
        }
        if schema.get("enum").is_some() {
            let (_, check) = checks
                .iter()
                .find(|(checked_name, _)| checked_name == name)
                .unwrap_or_else(|| panic!("enum {name} is in the spec but not in this test's list"));
            check(schema);
            checked += 1;
        }
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            assert!(property.get("enum").is_none(), "{name}.{field} is an inline enum: make it a text_enum! type");
        }
    }
    assert!(checked >= checks.len() - 1, "only {checked} enums were found in the spec");
}

#[test]
fn every_operation_documents_what_the_plumbing_can_answer() {
    let spec = anchang::openapi::document();
    assert_eq!(spec["servers"][0]["url"], "/");
    let not_idempotent = ["/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout"];
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            let id = operation["operationId"].as_str().unwrap_or_default();
            let responses = operation["responses"].as_object().expect("responses");
            let has = |status: &str| responses.contains_key(status);
            // The health probes are never rate-limited; everything else is.
            let probe = matches!(path.as_str(), "/healthz" | "/readyz");
            assert_eq!(has("429"), !probe, "{id}: 429 wherever the rate limit applies");
            assert!(has("503"), "{id} lacks 503");
            if !probe {
                for (status, response) in responses {
                    let headers = &response["headers"];
                    let limited = response.get("$ref").is_some()
                        || headers["RateLimit"]["$ref"] == "#/components/headers/RateLimit";
                    assert!(limited, "{id} {status} lacks the RateLimit headers");
                }
            }
            if operation.get("requestBody").is_some() {
                assert!(has("400") && has("413") && has("415") && has("422"), "{id} reads a body");
            }
            if path.contains('{') {
                assert!(has("404") && has("405"), "{id} takes an id");
            }
            for (status, response) in responses {
                let described =
                    response.get("$ref").is_some() || response["description"].as_str().is_some_and(|d| !d.is_empty());
                assert!(described, "{id} {status} has no description");
            }
            let header = |name: &str| {
                operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|p| p["in"] == "header" && p["name"] == name)
            };
            let secured = operation["security"].as_array().is_some_and(|s| !s.is_empty());
            if method == "post" && secured && !not_idempotent.contains(&path.as_str()) {
                assert!(header("Idempotency-Key").is_some(), "{id} does not declare Idempotency-Key");
            }
            if method == "patch" {
                let twin = &item["post"];
                assert_eq!(twin["operationId"], format!("{id}_via_post"), "{path} has no POST for mini-programs");
                let override_header = twin["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|p| p["name"] == "X-HTTP-Method-Override")
                    .expect("the override header");
                assert_eq!(
                    (override_header["required"].as_bool(), &override_header["schema"]["enum"]),
                    (Some(true), &serde_json::json!(["PATCH"]))
                );
            }
        }
    }
}
