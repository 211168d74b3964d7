//! HTTP endpoints of segments (客群).

use actix_web::{delete, get, post, put, web, HttpResponse};
use uuid::Uuid;

use crate::analytics::dto::{CreateSegmentRequest, ReplaceSegmentRequest, SegmentSummary, SegmentView};
use crate::analytics::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidJson, ValidQuery};
use crate::leads::dto::LeadSummary;

/// Save a segment
///
/// Managers: a named description of which buyers to look at — the lead list's filters
/// (`grade`, `status`, `source_channel`, `tag`, `owner_id`, `created_from`, `created_to`)
/// plus profile and behaviour (`age_band`, `family_structure`, `purpose`,
/// `residence_district`, `work_district`, `budget_min_fen`/`budget_max_fen`,
/// `intended_layouts`, `min_visits`). 409 `segment.name_taken` for a name the project
/// already uses.
#[utoipa::path(
    tag = "analytics",
    operation_id = "create_segment",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = CreateSegmentRequest,
    responses(
        (status = 201, body = SegmentView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/segments")]
pub async fn create_segment(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<CreateSegmentRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let segment = session.run(move |conn, actor| service::create_segment(conn, actor, id, input)).await?;
    Ok(HttpResponse::Created().json(segment))
}

/// List a project's segments
///
/// By name, in keyset pages. Managers and salespeople (who count their own buyers in each).
#[utoipa::path(
    tag = "analytics",
    operation_id = "list_segments",
    params(("id" = Uuid, Path, description = "Project id"), PageQuery),
    responses(
        (status = 200, body = Page<SegmentView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/segments")]
pub async fn list_segments(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<SegmentView>>> {
    let (id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_segments(conn, actor, id, &page)).await.map(web::Json)
}

/// Get a segment
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_segment",
    params(("id" = Uuid, Path, description = "Project id"), ("sid" = Uuid, Path, description = "Segment id")),
    responses(
        (status = 200, body = SegmentView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/segments/{sid}")]
pub async fn find_segment(session: Session, path: web::Path<(Uuid, Uuid)>) -> ApiResult<web::Json<SegmentView>> {
    let (id, sid) = path.into_inner();
    session.run(move |conn, actor| service::find_segment(conn, actor, id, sid)).await.map(web::Json)
}

/// Replace a segment
///
/// Managers: name, description and criteria replaced as a whole (what is left out is
/// cleared), guarded by `version` (412 `segment.version_conflict` when stale).
#[utoipa::path(
    tag = "analytics",
    operation_id = "replace_segment",
    params(("id" = Uuid, Path, description = "Project id"), ("sid" = Uuid, Path, description = "Segment id")),
    request_body = ReplaceSegmentRequest,
    responses(
        (status = 200, body = SegmentView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/segments/{sid}")]
pub async fn replace_segment(
    session: Session,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<ReplaceSegmentRequest>,
) -> ApiResult<web::Json<SegmentView>> {
    let ((id, sid), input) = (path.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::replace_segment(conn, actor, id, sid, input)).await.map(web::Json)
}

/// Delete a segment
///
/// Managers. The buyers are untouched; only the saved criteria go.
#[utoipa::path(
    tag = "analytics",
    operation_id = "delete_segment",
    params(("id" = Uuid, Path, description = "Project id"), ("sid" = Uuid, Path, description = "Segment id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[delete("/projects/{id}/segments/{sid}")]
pub async fn delete_segment(session: Session, path: web::Path<(Uuid, Uuid)>) -> ApiResult<HttpResponse> {
    let (id, sid) = path.into_inner();
    session.run(move |conn, actor| service::delete_segment(conn, actor, id, sid)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What a segment holds
///
/// Its buyers now (a salesperson: their own): how many, the grade mix, how many visited
/// (到访率) and hold a signed deal (转化率), and their average budget.
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_segment_summary",
    params(("id" = Uuid, Path, description = "Project id"), ("sid" = Uuid, Path, description = "Segment id")),
    responses(
        (status = 200, body = SegmentSummary),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/segments/{sid}/summary")]
pub async fn find_segment_summary(
    session: Session,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<SegmentSummary>> {
    let (id, sid) = path.into_inner();
    session.run_heavy(move |conn, actor| service::segment_summary(conn, actor, id, sid)).await.map(web::Json)
}

/// A segment's buyers
///
/// Newest first in keyset pages, as the lead list shows them: a salesperson their own, a
/// manager the project's.
#[utoipa::path(
    tag = "analytics",
    operation_id = "list_segment_leads",
    params(("id" = Uuid, Path, description = "Project id"), ("sid" = Uuid, Path, description = "Segment id"), PageQuery),
    responses(
        (status = 200, body = Page<LeadSummary>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/segments/{sid}/leads")]
pub async fn list_segment_leads(
    session: Session,
    path: web::Path<(Uuid, Uuid)>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<LeadSummary>>> {
    let ((id, sid), page) = (path.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::segment_leads(conn, actor, id, sid, &page)).await.map(web::Json)
}
