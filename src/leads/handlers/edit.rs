//! HTTP endpoints of editing and deleting a lead.

use actix_web::{delete, patch, web, HttpResponse};
use uuid::Uuid;

use super::rules;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::leads::dto::*;
use crate::leads::service;
use crate::state::AppState;

/// Change a lead
///
/// Absent fields stay, `null` clears. Owner, grade, counters and the statuses subscribed,
/// reserved and signed change only through their own flows (422 here). Mini-programs:
/// `POST` with `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "leads",
    operation_id = "update_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    request_body = UpdateLeadRequest,
    responses(
        (status = 200, body = LeadView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/leads/{id}")]
pub async fn update_lead(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateLeadRequest>,
) -> ApiResult<web::Json<LeadView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::update(conn, actor, &rules(&state), id, input)).await.map(web::Json)
}

/// Delete a lead
///
/// Managers only. A soft delete: the lead leaves every list and its phone may be
/// registered again; its history stays. A buyer who holds a reservation or a signed deal
/// is refused (409 `lead.in_sale`): cancel the reservation or the deal first.
#[utoipa::path(
    tag = "leads",
    operation_id = "delete_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[delete("/leads/{id}")]
pub async fn delete_lead(session: Session, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::delete(conn, actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
