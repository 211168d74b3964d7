//! The OpenAPI document and the docs UI. The document is collected from the
//! `#[utoipa::path]` of every handler registered through `routes::all`, then the
//! conventions every operation shares are written in by [`conventions`]; the committed
//! `openapi/openapi.json` is compared with it by a test.

pub mod conventions;

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::error::codes::{ErrorCode, REGISTRY};
use crate::error::responses::*;
use crate::error::{FieldError, Problem};

/// The top of the document: title, conventions, shared components.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "anchang",
        description = "The JSON API behind a new-home sales office (案场): leads, follow-ups, grading, \
subscription (认筹), opening-day unit selection, deals and an audit trail.

Conventions:
- Errors are `application/problem+json` with a stable `code`; 422 lists failing fields in `errors`. \
Every code is listed below and at `GET /api/v1/error-codes`; send `Accept-Language: zh-CN` for Chinese \
`title` and `detail`.
- Authenticate with `Authorization: Bearer <access_token>` from `/api/v1/auth/login` (people) or \
`/api/v1/oauth/token` (integration clients, narrowed by the scope each operation names under `oauth2`).
- Lists are keyset-paged: `?limit=` (1–100, default 20) and `?cursor=` from `next_cursor`.
- `POST` accepts `Idempotency-Key`: a retry with the same key and body returns the first response.
- Clients that cannot send PATCH (WeChat mini-programs) send `POST` with `X-HTTP-Method-Override: PATCH`.
- Updates carry the `version` last read; a stale one answers 412.
- `X-Request-Id` is accepted (or generated) and echoed on every response.
- Text fields refuse control characters other than tab and newline (the `pattern` on each).
- Responses are compressed (gzip, br) when `Accept-Encoding` asks; GETs carry an `ETag` \
(`If-None-Match` → 304) and also answer `HEAD`.",
        license(name = "MIT", identifier = "MIT")
    ),
    modifiers(&BearerAuth),
    components(
        schemas(
            Problem,
            FieldError,
            ErrorCode,
            crate::booking::dto::UnitRow,
            // Query-only words: no body names them, so they are listed here.
            crate::analytics::dto::ReportFormat,
            crate::analytics::dto::LostGroup
        ),
        responses(
            BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, Conflict, Gone, PreconditionFailed,
            PayloadTooLarge, UnsupportedMediaType, Unprocessable, TooManyRequests, Unavailable
        )
    ),
    tags(
        (name = "auth", description = "Sign-in, token refresh and sign-out"),
        (name = "users", description = "Staff accounts and the signed-in user"),
        (name = "projects", description = "Projects (楼盘) and their members"),
        (name = "leads", description = "Leads (客户): registration, de-duplication, the pool, transfer, handover, personal data"),
        (name = "follow-ups", description = "Follow-ups (跟进), the agenda, overdue alerts and cadence"),
        (name = "grading", description = "Grades A/B/C/D from an explainable sincerity score; rules, overrides, history"),
        (name = "objections", description = "The objection library (异议处理库)"),
        (name = "channels", description = "Channels (渠道): agencies, agents and referral programmes, their reports (报备) and appeals (申诉)"),
        (name = "reception", description = "The front desk (前台): the walk-in rotation (轮排) and the visit register (来访登记) with its verdicts (判客)"),
        (name = "booking", description = "Inventory, pre-sale control (预销控) and subscriptions (认筹)"),
        (name = "deals", description = "Deals (签约) with payment plans, collections (回款), changes of unit (换房), cancellations (退房) and commissions (结佣)"),
        (name = "aftersales", description = "Service after the sale (售后): complaints (客诉) with deadlines per severity, escalated when missed"),
        (name = "analytics", description = "The sales director's numbers: the daily report (案场日报), the funnel and channel costs"),
        (name = "audit", description = "The audit trail: search, export, a lead's history, verification"),
        (name = "events", description = "Telling other software what changed: the change feed and webhooks"),
        (name = "operations", description = "Health and readiness")
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        scheme.description = Some("Access token from /api/v1/auth/login; 15 minutes.".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The full document, as served at `/api/v1/openapi.json` and printed by `anchang openapi`:
/// what the handlers declare, with the shared [`conventions`] and the error-code table
/// written in. It is JSON from here on: utoipa's types cannot read every member back.
pub fn document() -> serde_json::Value {
    let (_, collected) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::all)
        .split_for_parts();
    let mut document = serde_json::to_value(&collected).unwrap_or_default();
    conventions::apply(&mut document);
    append_error_codes(&mut document);
    append_webhooks(&mut document);
    publish_client_scopes(&mut document);
    document
}

/// Integration clients' side of the contract: the `oauth2` scheme (client credentials at
/// `/api/v1/oauth/token`, every scope described) and, on each operation a client may call,
/// the scope it needs beside the bearer requirement (`auth::scopes::required`).
fn publish_client_scopes(document: &mut serde_json::Value) {
    use crate::auth::scopes::{required, Scope};
    use utoipa::PartialSchema;
    let words = serde_json::to_value(Scope::schema()).unwrap_or_default();
    let meanings = words["x-enum-descriptions"].as_array().cloned().unwrap_or_default();
    let scopes: serde_json::Map<String, serde_json::Value> =
        Scope::ALL.iter().zip(meanings).map(|(scope, meaning)| (scope.as_str().to_owned(), meaning)).collect();
    document["components"]["securitySchemes"]["oauth2"] = serde_json::json!({
        "type": "oauth2",
        "description": "Integration clients (made by admins at /api/v1/integration-clients) get a 15-minute \
    access token with the client credentials grant and send it as `Authorization: Bearer`. Each operation a \
    client may call names the one scope it needs; other operations answer a client 403 `auth.insufficient_scope`.",
        "flows": {"clientCredentials": {"tokenUrl": "/api/v1/oauth/token", "scopes": scopes}}
    });
    for item in document["paths"].as_object_mut().into_iter().flat_map(|paths| paths.values_mut()) {
        for operation in item.as_object_mut().into_iter().flat_map(|item| item.values_mut()) {
            let scope = operation["operationId"].as_str().and_then(required);
            let secured = operation["security"].as_array().is_some_and(|s| !s.is_empty());
            if let (Some(scope), true) = (scope, secured) {
                operation["security"] = serde_json::json!([{"bearer": []}, {"oauth2": [scope.as_str()]}]);
            }
        }
    }
}

/// Describes what a webhook endpoint receives (OpenAPI 3.1 `webhooks`): one POST per event,
/// the event as the change feed shows it, signed as Standard Webhooks says.
fn append_webhooks(document: &mut serde_json::Value) {
    let header = |name: &str, description: &str, example: &str| {
        serde_json::json!({
            "name": name, "in": "header", "required": true, "description": description,
            "schema": {"type": "string"}, "example": example
        })
    };
    document["webhooks"] = serde_json::json!({
        "event": {
            "post": {
                "operationId": "receive_event",
                "summary": "An event, delivered to a webhook endpoint",
                "description": "Each change of the types and projects the endpoint chose is POSTed as the event the \
    change feed (`GET /api/v1/events`) shows. Verify `webhook-signature` before trusting the body: \
    base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` under the bytes of the secret \
    (base64 after `whsec_`); the header holds one or more space-separated `v1,<signature>` (two for 24 \
    hours after a rotation) and one must match. Refuse timestamps more than a few minutes off. \
    Delivery is at least once: drop a `webhook-id` already handled. Answer 2xx quickly; anything else \
    (or no answer within 10 s) is retried after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h and 24 h; \
    410 Gone disables the endpoint at once.",
                "tags": ["events"],
                "parameters": [
                    header("webhook-id", "The event's id, the same on every retry and redelivery.", "01938a4e-8c2f-7c1a-9d1e-3f5b2a6c7d80"),
                    header("webhook-timestamp", "When this attempt was signed, in Unix seconds.", "1765000000"),
                    header("webhook-signature", "Space-separated `v1,<base64 HMAC-SHA256>` signatures.", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
                ],
                "requestBody": {
                    "required": true,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventView"}}}
                },
                "responses": {
                    "200": {"description": "Received (any 2xx)."},
                    "410": {"description": "The receiver is gone for good: the endpoint is disabled."}
                },
                "security": []
            }
        }
    });
}

/// Where the document is served.
pub const SPEC_PATH: &str = "/api/v1/openapi.json";

/// The document as served, rendered once at start-up.
#[derive(Debug, Clone)]
pub struct PublishedSpec(actix_web::web::Bytes);

impl PublishedSpec {
    /// Renders the document.
    pub fn of(document: &serde_json::Value) -> Self {
        Self(actix_web::web::Bytes::from(to_pretty_json(document)))
    }
}

/// `GET /api/v1/openapi.json`: public, also when the docs UI is off (`ANCHANG_DOCS`).
pub async fn serve_spec(spec: actix_web::web::Data<PublishedSpec>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().content_type("application/json").body(spec.0.clone())
}

/// The document as pretty JSON with a trailing newline, as committed.
pub fn to_pretty_json(document: &serde_json::Value) -> String {
    let mut json = serde_json::to_string_pretty(document).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}

/// Mirrors the error-code registry in the document's description, as a table.
fn append_error_codes(document: &mut serde_json::Value) {
    let mut table =
        String::from("\n\n## Error codes\n\n| code | status | message | 中文 |\n| --- | --- | --- | --- |\n");
    for entry in REGISTRY.iter() {
        table.push_str(&format!("| `{}` | {} | {} | {} |\n", entry.code, entry.status, entry.en, entry.zh));
    }
    if let Some(description) = document.pointer_mut("/info/description") {
        let text = description.as_str().unwrap_or_default().to_owned();
        *description = serde_json::Value::from(text + table.trim_end());
    }
}
