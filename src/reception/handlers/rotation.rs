//! HTTP endpoints of the rotation (轮排).

use actix_web::{get, post, web};
use uuid::Uuid;

use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::reception::dto::{RotationView, SkipRequest};
use crate::reception::service;
use crate::state::AppState;

/// Today's rotation
///
/// The walk-in queue (轮排) of the project's day: who is on duty, in order, who is away,
/// and whom the next walk-in goes to. Everyone in the project, the desk included.
#[utoipa::path(
    tag = "reception",
    operation_id = "find_rotation",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = RotationView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/rotation")]
pub async fn find_rotation(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RotationView>> {
    let (id, days) = (id.into_inner(), state.protection_days());
    session.run(move |conn, actor| service::find(conn, actor, id, days)).await.map(web::Json)
}

/// Check in to the rotation
///
/// A salesperson (or manager) of the project joins the end of today's queue; repeating it
/// changes nothing. Answers the queue.
#[utoipa::path(
    tag = "reception",
    operation_id = "check_in",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = RotationView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/rotation/check-in")]
pub async fn check_in(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RotationView>> {
    let (id, days) = (id.into_inner(), state.protection_days());
    session.run(move |conn, actor| service::check_in(conn, actor, id, days)).await.map(web::Json)
}

/// Check out of the rotation
///
/// Off the floor: walk-ins pass you by until you check in again (at the end of the queue).
#[utoipa::path(
    tag = "reception",
    operation_id = "check_out",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = RotationView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/rotation/check-out")]
pub async fn check_out(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RotationView>> {
    let (id, days) = (id.into_inner(), state.protection_days());
    session.run(move |conn, actor| service::check_out(conn, actor, id, days)).await.map(web::Json)
}

/// Skip someone (轮空)
///
/// Managers: the person on duty goes to the end of the queue, with a reason (they are with
/// a returning buyer, on a call…).
#[utoipa::path(
    tag = "reception",
    operation_id = "skip_in_rotation",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = SkipRequest,
    responses(
        (status = 200, body = RotationView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/rotation/skip")]
pub async fn skip_in_rotation(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<SkipRequest>,
) -> ApiResult<web::Json<RotationView>> {
    let (id, input, days) = (id.into_inner(), body.into_inner(), state.protection_days());
    session.run(move |conn, actor| service::skip(conn, actor, id, input, days)).await.map(web::Json)
}
