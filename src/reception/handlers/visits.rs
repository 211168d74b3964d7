//! HTTP endpoints of the visit register (来访登记).

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};
use crate::leads::service::LeadRules;
use crate::reception::dto::{AssignVisitRequest, ListVisitsQuery, RegisterVisitRequest, UpdateVisitRequest, VisitView};
use crate::reception::service::{self, DeskRules};
use crate::state::AppState;

fn desk_rules(state: &AppState) -> DeskRules<'_> {
    DeskRules {
        leads: LeadRules { protection: state.protection, cipher: &state.cipher },
        default_days: state.protection_days(),
    }
}

/// Register a visit
///
/// The desk (or a salesperson, or a manager) registers a visitor; the server decides whose
/// customer they are (判客) from the database, never from the desk: `returning` (a lead
/// under protection: its owner receives them, no turn taken), `reported` (a valid channel
/// report matches: the lead is the channel's for the project's `arrival_protection_days`,
/// the report becomes `arrived`), `pool` (a lead whose protection lapsed) or `new` (a lead
/// is created; `name` is then required). Those but `returning` go to the next salesperson
/// on duty in the rotation, who moves to the end of the queue — or stay with the
/// salesperson who registers them. With nobody on duty, or rotation off at the desk, the
/// visit waits (`assigned_to: null`) for a manager's `POST /visits/{id}/assign`. The visit
/// counts as the lead's visit follow-up (首访/复访), once. Two visitors registered at once
/// never get the same turn.
#[utoipa::path(
    tag = "reception",
    operation_id = "register_visit",
    params(
        ("id" = Uuid, Path, description = "Project id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = RegisterVisitRequest,
    responses(
        (status = 201, body = VisitView, headers(("Location" = String, description = "URL of the visit"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/visits")]
pub async fn register_visit(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<RegisterVisitRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let visit = session.run(move |conn, actor| service::register(conn, actor, &desk_rules(&state), id, input)).await?;
    Ok(created(format!("/api/v1/visits/{}", visit.id), &visit))
}

/// The visit register
///
/// The project's visits of a day (`date`, default today in the project's zone) or of a
/// range of days (`from`, `to`: at most 31), latest arrival first. The desk and managers
/// see every visit; a salesperson those they received or registered. Phones are masked.
/// `assigned=false` lists the visits waiting for a manager.
#[utoipa::path(
    tag = "reception",
    operation_id = "list_visits",
    params(("id" = Uuid, Path, description = "Project id"), ListVisitsQuery, PageQuery),
    responses(
        (status = 200, body = Page<VisitView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/visits")]
pub async fn list_visits(
    session: Session,
    id: web::Path<Uuid>,
    filter: ValidQuery<ListVisitsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<VisitView>>> {
    let (id, filter, page) = (id.into_inner(), filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_visits(conn, actor, id, filter, page)).await.map(web::Json)
}

/// Get a visit
///
/// The desk and managers of its project, and the salesperson who received or registered
/// it; 404 for anyone else.
#[utoipa::path(
    tag = "reception",
    operation_id = "find_visit",
    params(("id" = Uuid, Path, description = "Visit id")),
    responses(
        (status = 200, body = VisitView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/visits/{id}")]
pub async fn find_visit(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<VisitView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_visit(conn, actor, id)).await.map(web::Json)
}

/// Correct a visit
///
/// The project's managers, the day of the visit (409 `visit.day_closed` after): the party
/// size, the note, and the name while no lead holds it. Guarded by `version`.
/// Mini-programs: send `POST` with `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "reception",
    operation_id = "update_visit",
    params(("id" = Uuid, Path, description = "Visit id")),
    request_body = UpdateVisitRequest,
    responses(
        (status = 200, body = VisitView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/visits/{id}")]
pub async fn update_visit(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateVisitRequest>,
) -> ApiResult<web::Json<VisitView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::update_visit(conn, actor, id, input)).await.map(web::Json)
}

/// Assign a waiting visit
///
/// The project's managers give a visitor who waits (`assigned_to: null`) to an active
/// salesperson or manager of the project: the lead is created or handed over, the visit
/// counted as its follow-up, and the receiver — on duty — goes to the end of the queue.
/// 409 `visit.already_assigned` once someone has them.
#[utoipa::path(
    tag = "reception",
    operation_id = "assign_visit",
    params(("id" = Uuid, Path, description = "Visit id")),
    request_body = AssignVisitRequest,
    responses(
        (status = 200, body = VisitView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/visits/{id}/assign")]
pub async fn assign_visit(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<AssignVisitRequest>,
) -> ApiResult<web::Json<VisitView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::assign(conn, actor, &desk_rules(&state), id, input)).await.map(web::Json)
}
