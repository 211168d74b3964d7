//! The OpenAPI document and the docs UI. The document is collected from the
//! `#[utoipa::path]` of every handler registered through `routes::api`; the committed
//! `openapi/openapi.json` is compared with it by a test.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

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
- Errors are `application/problem+json` with a stable `code`; 422 lists failing fields in `errors`.
- Authenticate with `Authorization: Bearer <access_token>` from `/api/v1/auth/login`.
- Lists are keyset-paged: `?limit=` (1–100, default 20) and `?cursor=` from `next_cursor`.
- `POST` accepts `Idempotency-Key`: a retry with the same key and body returns the first response.
- Clients that cannot send PATCH (WeChat mini-programs) send `POST` with `X-HTTP-Method-Override: PATCH`.
- Updates carry the `version` last read; a stale one answers 412.
- `X-Request-Id` is accepted (or generated) and echoed on every response.",
        license(name = "MIT")
    ),
    modifiers(&BearerAuth),
    components(
        schemas(Problem, FieldError),
        responses(BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PreconditionFailed, Unprocessable, TooManyRequests, Unavailable)
    ),
    tags(
        (name = "auth", description = "Sign-in, token refresh and sign-out"),
        (name = "users", description = "Staff accounts and the signed-in user"),
        (name = "projects", description = "Projects (楼盘) and their members"),
        (name = "leads", description = "Leads (客户): registration, de-duplication, the pool, transfer, handover, personal data"),
        (name = "follow-ups", description = "Follow-ups (跟进), the agenda, overdue alerts and cadence"),
        (name = "grading", description = "Grades A/B/C/D from an explainable sincerity score; rules, overrides, history"),
        (name = "objections", description = "The objection library (异议处理库)"),
        (name = "booking", description = "Inventory, pre-sale control (预销控) and subscriptions (认筹)"),
        (name = "audit", description = "The audit trail: search, export, a lead's history, verification"),
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

/// The full document, as served at `/api/v1/openapi.json` and printed by `anchang openapi`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, document) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::all)
        .split_for_parts();
    document
}

/// The document as pretty JSON with a trailing newline, as committed.
pub fn to_pretty_json(document: &utoipa::openapi::OpenApi) -> String {
    let mut json = document.to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}
