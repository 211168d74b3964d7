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
- Authenticate with `Authorization: Bearer <access_token>` from `/api/v1/auth/login`.
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
        schemas(Problem, FieldError, ErrorCode, crate::booking::dto::UnitRow),
        responses(
            BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, Conflict, PreconditionFailed,
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
    document
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
