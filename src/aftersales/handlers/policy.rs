//! HTTP endpoints of a project's complaint deadlines.

use actix_web::{get, put, web};
use uuid::Uuid;

use crate::aftersales::dto::{ComplaintPolicyRequest, ComplaintPolicyView};
use crate::aftersales::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::ValidJson;

/// Get a project's complaint deadlines
///
/// Hours to acknowledge and to resolve, per severity; the default until a manager sets them.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "find_complaint_policy",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = ComplaintPolicyView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/complaint-policy")]
pub async fn find_complaint_policy(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ComplaintPolicyView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_policy(conn, actor, id)).await.map(web::Json)
}

/// Set a project's complaint deadlines
///
/// Managers. Elapsed hours, 1–8760 each, resolving never sooner than acknowledging. Cases
/// already received keep the deadlines they were given.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "set_complaint_policy",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = ComplaintPolicyRequest,
    responses(
        (status = 200, body = ComplaintPolicyView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/complaint-policy")]
pub async fn set_complaint_policy(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<ComplaintPolicyRequest>,
) -> ApiResult<web::Json<ComplaintPolicyView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_policy(conn, actor, id, input)).await.map(web::Json)
}
