//! HTTP endpoints of who owns a lead: claiming from the pool, transfer, handover.

use actix_web::{post, web};
use uuid::Uuid;

use super::rules;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::leads::dto::*;
use crate::leads::service;
use crate::state::AppState;

/// Claim a lead from the pool
///
/// Two salespeople racing for the same lead: one gets 200, the other 409
/// `lead.already_claimed`.
#[utoipa::path(
    tag = "leads",
    operation_id = "claim_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = LeadView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/claim")]
pub async fn claim_lead(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<LeadView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::claim(conn, actor, &rules(&state), id)).await.map(web::Json)
}

/// Transfer a lead to another salesperson
///
/// Managers only; the new owner must be an active member of the lead's project.
#[utoipa::path(
    tag = "leads",
    operation_id = "transfer_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    request_body = TransferRequest,
    responses(
        (status = 200, body = LeadView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/transfer")]
pub async fn transfer_lead(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<TransferRequest>,
) -> ApiResult<web::Json<LeadView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::transfer(conn, actor, &rules(&state), id, input)).await.map(web::Json)
}

/// Hand over a user's leads
///
/// Moves every live lead the user holds (in the projects you manage) to another active
/// member, in one transaction with one audit event per lead — typically after freezing
/// someone who left. Running it again moves nothing.
#[utoipa::path(
    tag = "leads",
    operation_id = "hand_over_leads",
    params(("id" = Uuid, Path, description = "The user whose leads move")),
    request_body = HandoverRequest,
    responses(
        (status = 200, body = HandoverResult),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/handover")]
pub async fn hand_over_leads(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<HandoverRequest>,
) -> ApiResult<web::Json<HandoverResult>> {
    let (from, to) = (id.into_inner(), body.into_inner().to_user_id);
    session.run(move |conn, actor| service::handover(conn, actor, &rules(&state), from, to)).await.map(web::Json)
}
