//! HTTP endpoints of channel reports (报备).

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::channels::dto::{FileReportRequest, ListReportsQuery, ReportView};
use crate::channels::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};
use crate::state::AppState;

/// File a report
///
/// A channel agent registers a customer before bringing them (渠道报备). The server decides
/// whether it stands: 201 `valid` until `valid_until`, or 409 with a stable code and the
/// id of the report kept as `rejected` — `report.prior_visit` (the customer visited before),
/// `report.already_reported` (another valid report holds them; of two agents filing at
/// once exactly one wins), `report.already_customer` (a salesperson holds them under
/// protection). Nothing else about the customer is said. Phones: the whole number, or
/// `139****6001` where the project takes them masked.
#[utoipa::path(
    tag = "channels",
    operation_id = "file_report",
    request_body = FileReportRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response")),
    responses(
        (status = 201, body = ReportView, headers(("Location" = String, description = "URL of the report"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/channel-reports")]
pub async fn file_report(
    session: Session,
    state: web::Data<AppState>,
    body: ValidJson<FileReportRequest>,
) -> ApiResult<HttpResponse> {
    let (input, default_days) = (body.into_inner(), state.protection_days());
    let report = session.run(move |conn, actor| service::file_report(conn, actor, default_days, input)).await?;
    Ok(created(format!("/api/v1/channel-reports/{}", report.id), &report))
}

/// List reports
///
/// Agents: their own. Managers: their projects' (whole phones). Receptionists: their
/// projects' (masked phones), e.g. who is expected today. Newest first.
#[utoipa::path(
    tag = "channels",
    operation_id = "list_reports",
    params(ListReportsQuery, PageQuery),
    responses(
        (status = 200, body = Page<ReportView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/channel-reports")]
pub async fn list_reports(
    session: Session,
    filter: ValidQuery<ListReportsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<ReportView>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_reports(conn, actor, filter, page)).await.map(web::Json)
}

/// Get a report
///
/// The agent who filed it, and the project's managers and desk; 404 for anyone else.
#[utoipa::path(
    tag = "channels",
    operation_id = "find_report",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, body = ReportView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/channel-reports/{id}")]
pub async fn find_report(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ReportView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_report(conn, actor, id)).await.map(web::Json)
}
