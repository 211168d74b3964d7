//! HTTP endpoints of complaints (客诉).

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use crate::aftersales::dto::{
    AssignComplaintRequest, CloseComplaintRequest, ComplaintNoteRequest, ComplaintView, FileComplaintRequest,
    ListComplaintsQuery, ReopenComplaintRequest, ResolveComplaintRequest,
};
use crate::aftersales::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};

/// File a complaint
///
/// The buyer's salesperson, the project's managers, or an integration (a call centre) with
/// `complaints:write`. The case is `open`, due to be acknowledged and resolved within the
/// project's hours for its severity (`GET /projects/{id}/complaint-policy`), counted from
/// now. Another salesperson's buyer is 404; the desk, finance and channel agents 403
/// `complaint.forbidden`; `assignee_id` must be a manager or salesperson of the project (422).
#[utoipa::path(
    tag = "aftersales",
    operation_id = "file_complaint",
    params(
        ("id" = Uuid, Path, description = "Lead id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = FileComplaintRequest,
    responses(
        (status = 201, body = ComplaintView, headers(("Location" = String, description = "URL of the complaint"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/complaints")]
pub async fn file_complaint(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<FileComplaintRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let case = session.run(move |conn, actor| service::file_complaint(conn, actor, id, input)).await?;
    Ok(created(format!("/api/v1/complaints/{}", case.id), &case))
}

/// Get a complaint
///
/// With its deadlines (each `breached` when met late or past and not met) and its timeline.
/// The buyer's salesperson, the project's managers and the case's assignee; 404 for anyone else.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "find_complaint",
    params(("id" = Uuid, Path, description = "Complaint id")),
    responses(
        (status = 200, body = ComplaintView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/complaints/{id}")]
pub async fn find_complaint(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ComplaintView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_complaint(conn, actor, id)).await.map(web::Json)
}

/// List a project's complaints
///
/// Newest first, in keyset pages. Managers: all of the project's; a salesperson: their
/// buyers' and those assigned to them. `breached=true` keeps the cases with a deadline
/// missed (met late, or past and not met).
#[utoipa::path(
    tag = "aftersales",
    operation_id = "list_complaints",
    params(("id" = Uuid, Path, description = "Project id"), ListComplaintsQuery, PageQuery),
    responses(
        (status = 200, body = Page<ComplaintView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/complaints")]
pub async fn list_complaints(
    session: Session,
    id: web::Path<Uuid>,
    filter: ValidQuery<ListComplaintsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<ComplaintView>>> {
    let (id, filter, page) = (id.into_inner(), filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_complaints(conn, actor, id, filter, page)).await.map(web::Json)
}

/// Acknowledge a complaint
///
/// The buyer was told it is being looked at (响应): `open → acknowledged`. The buyer's
/// salesperson, the project's managers or the assignee. From anywhere else 409 `complaint.invalid_move`, as
/// is the loser of two moves at once.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "acknowledge_complaint",
    params(("id" = Uuid, Path, description = "Complaint id")),
    request_body = ComplaintNoteRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/complaints/{id}/acknowledge")]
pub async fn acknowledge_complaint(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<ComplaintNoteRequest>,
) -> ApiResult<web::Json<ComplaintView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::acknowledge(conn, actor, id, input)).await.map(web::Json)
}

/// Start work on a complaint
///
/// `acknowledged → in_progress`. Managers or the case's assignee (403 `complaint.not_allowed`). From anywhere else 409 `complaint.invalid_move`, as
/// is the loser of two moves at once.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "start_complaint",
    params(("id" = Uuid, Path, description = "Complaint id")),
    request_body = ComplaintNoteRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/complaints/{id}/start")]
pub async fn start_complaint(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<ComplaintNoteRequest>,
) -> ApiResult<web::Json<ComplaintView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::start(conn, actor, id, input)).await.map(web::Json)
}

/// Resolve a complaint
///
/// `in_progress → resolved`, with the root cause and what was done. Managers or the case's
/// assignee. From anywhere else 409 `complaint.invalid_move`, as
/// is the loser of two moves at once.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "resolve_complaint",
    params(("id" = Uuid, Path, description = "Complaint id")),
    request_body = ResolveComplaintRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/complaints/{id}/resolve")]
pub async fn resolve_complaint(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<ResolveComplaintRequest>,
) -> ApiResult<web::Json<ComplaintView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::resolve(conn, actor, id, input)).await.map(web::Json)
}

/// Close a complaint
///
/// `resolved → closed`, with the buyer's satisfaction (1–5). Managers or the case's assignee. From anywhere else 409 `complaint.invalid_move`, as
/// is the loser of two moves at once.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "close_complaint",
    params(("id" = Uuid, Path, description = "Complaint id")),
    request_body = CloseComplaintRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/complaints/{id}/close")]
pub async fn close_complaint(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<CloseComplaintRequest>,
) -> ApiResult<web::Json<ComplaintView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::close(conn, actor, id, input)).await.map(web::Json)
}

/// Reopen a complaint
///
/// Not solved after all: `resolved | closed → in_progress`, with why; the resolve deadline
/// starts again from now. The buyer's salesperson, managers or the assignee. From anywhere else 409 `complaint.invalid_move`, as
/// is the loser of two moves at once.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "reopen_complaint",
    params(("id" = Uuid, Path, description = "Complaint id")),
    request_body = ReopenComplaintRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/complaints/{id}/reopen")]
pub async fn reopen_complaint(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<ReopenComplaintRequest>,
) -> ApiResult<web::Json<ComplaintView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::reopen(conn, actor, id, input)).await.map(web::Json)
}

/// Assign a complaint
///
/// Managers name who works on it (a manager or salesperson of the project; 422 otherwise);
/// the status stays. A closed case is 409 `complaint.invalid_move`.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "assign_complaint",
    params(("id" = Uuid, Path, description = "Complaint id")),
    request_body = AssignComplaintRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/complaints/{id}/assign")]
pub async fn assign_complaint(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<AssignComplaintRequest>,
) -> ApiResult<web::Json<ComplaintView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::assign(conn, actor, id, input)).await.map(web::Json)
}
