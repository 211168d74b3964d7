//! HTTP endpoint of revealing a lead's personal data, with a purpose.

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

/// Reveal a personal-data field
///
/// The owner and managers read the phone or ID number in clear, stating why; every
/// reveal is recorded in the audit trail with its purpose.
#[utoipa::path(
    tag = "leads",
    operation_id = "reveal_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    request_body = RevealRequest,
    responses(
        (status = 200, body = RevealedValue),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/reveal")]
pub async fn reveal_lead(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<RevealRequest>,
) -> ApiResult<web::Json<RevealedValue>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::reveal(conn, actor, &rules(&state), id, input)).await.map(web::Json)
}
