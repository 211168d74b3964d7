//! HTTP endpoints of a project's care rules.

use actix_web::{get, put, web};
use uuid::Uuid;

use crate::aftersales::dto::{CareRulesRequest, CareRulesView};
use crate::aftersales::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::ValidJson;

/// Get a project's care rules
///
/// What its salespeople's agendas show in `care`: birthdays, purchase anniversaries, the
/// countdown to the handover, festivals — for buyers whose marketing consent is granted.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "find_care_rules",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = CareRulesView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/care-rules")]
pub async fn find_care_rules(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<CareRulesView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_care_rules(conn, actor, id)).await.map(web::Json)
}

/// Set a project's care rules
///
/// Managers; replaces the rules (festivals with their dates per year: the lunar ones move).
/// Tasks are planned a week ahead by the `care_reminders` job; those planned stay.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "set_care_rules",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = CareRulesRequest,
    responses(
        (status = 200, body = CareRulesView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/care-rules")]
pub async fn set_care_rules(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<CareRulesRequest>,
) -> ApiResult<web::Json<CareRulesView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_care_rules(conn, actor, id, input)).await.map(web::Json)
}
