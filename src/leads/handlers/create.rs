//! HTTP endpoints of registering a lead and checking a phone for duplicates.

use actix_web::{post, web, HttpResponse};

use super::rules;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, ValidJson};
use crate::leads::dto::*;
use crate::leads::service;
use crate::state::AppState;

/// Register a lead
///
/// Salespeople register buyers for themselves; managers, admins and integrations may name
/// the owner. A phone already held in the project answers 409 `lead.duplicate_phone` with
/// only the holder's display name and `protected_until`.
#[utoipa::path(
    tag = "leads",
    operation_id = "create_lead",
    request_body = CreateLeadRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response")),
    responses(
        (status = 201, body = LeadView, headers(("Location" = String, description = "URL of the new lead"))),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads")]
pub async fn create_lead(
    session: Session,
    state: web::Data<AppState>,
    body: ValidJson<CreateLeadRequest>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let lead = session.run(move |conn, actor| service::create(conn, actor, &rules(&state), input)).await?;
    Ok(created(format!("/api/v1/leads/{}", lead.id), &lead))
}

/// Check whether a phone is already registered
///
/// Answers only whether the phone is held in the project, by whom (display name) and until
/// when: nothing else about the lead.
#[utoipa::path(
    tag = "leads",
    operation_id = "check_duplicate_lead",
    request_body = CheckDuplicateRequest,
    responses(
        (status = 200, body = DuplicateCheck),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/check-duplicate")]
pub async fn check_duplicate_lead(
    session: Session,
    body: ValidJson<CheckDuplicateRequest>,
) -> ApiResult<web::Json<DuplicateCheck>> {
    let input = body.into_inner();
    session.run(move |conn, actor| service::check_duplicate(conn, actor, input)).await.map(web::Json)
}
