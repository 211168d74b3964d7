//! HTTP endpoints of appeals (申诉).

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::channels::dto::{AppealView, DecideAppealRequest, FileAppealRequest, ListAppealsQuery};
use crate::channels::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};
use crate::state::AppState;

/// Appeal a report
///
/// The report's agent contests a refusal or an expiry (the customer was theirs: 申诉), one
/// open appeal per report at a time (409 `appeal.already_open`); a valid or arrived report
/// is 409 `appeal.not_contestable`. Another agent's report is 404.
#[utoipa::path(
    tag = "channels",
    operation_id = "file_appeal",
    params(
        ("id" = Uuid, Path, description = "Report id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = FileAppealRequest,
    responses(
        (status = 201, body = AppealView, headers(("Location" = String, description = "URL of the appeal"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/channel-reports/{id}/appeals")]
pub async fn file_appeal(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<FileAppealRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let appeal = session.run(move |conn, actor| service::file_appeal(conn, actor, id, input)).await?;
    Ok(created(format!("/api/v1/appeals/{}", appeal.id), &appeal))
}

/// Decide an appeal
///
/// The project's managers, once (409 `appeal.already_decided`). `upheld` attributes the
/// buyer's lead to the report's channel for the project's `arrival_protection_days` and
/// makes the report `arrived` — naming `lead_id` where several leads match a masked report,
/// 409 `appeal.no_lead` where none does; `rejected` changes nothing.
#[utoipa::path(
    tag = "channels",
    operation_id = "decide_appeal",
    params(("id" = Uuid, Path, description = "Appeal id")),
    request_body = DecideAppealRequest,
    responses(
        (status = 200, body = AppealView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/appeals/{id}/decision")]
pub async fn decide_appeal(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<DecideAppealRequest>,
) -> ApiResult<web::Json<AppealView>> {
    let (id, input, days) = (id.into_inner(), body.into_inner(), state.protection_days());
    session.run(move |conn, actor| service::decide(conn, actor, id, days, input)).await.map(web::Json)
}

/// List appeals
///
/// Agents: their own. Managers: their projects' (`status=open`: those waiting for a
/// decision). Newest first.
#[utoipa::path(
    tag = "channels",
    operation_id = "list_appeals",
    params(ListAppealsQuery, PageQuery),
    responses(
        (status = 200, body = Page<AppealView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/appeals")]
pub async fn list_appeals(
    session: Session,
    filter: ValidQuery<ListAppealsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<AppealView>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_appeals(conn, actor, filter, page)).await.map(web::Json)
}

/// Get an appeal
///
/// The agent who filed it and the project's managers; 404 for anyone else.
#[utoipa::path(
    tag = "channels",
    operation_id = "find_appeal",
    params(("id" = Uuid, Path, description = "Appeal id")),
    responses(
        (status = 200, body = AppealView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/appeals/{id}")]
pub async fn find_appeal(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<AppealView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_appeal(conn, actor, id)).await.map(web::Json)
}
