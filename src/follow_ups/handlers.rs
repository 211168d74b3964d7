//! HTTP endpoints of follow-ups, the agenda, the overdue alert and cadence.

use actix_web::{get, patch, post, put, web, HttpResponse};
use uuid::Uuid;

use super::dto::*;
use super::service::{self, FollowUpRules};
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};
use crate::state::AppState;

/// Registers the follow-up routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(record_follow_up)
        .service(list_lead_follow_ups)
        .service(find_follow_up)
        .service(update_follow_up)
        .service(list_follow_ups)
        .service(find_agenda)
        .service(list_overdue_leads)
        .service(find_cadence)
        .service(set_cadence);
}

fn rules(state: &AppState) -> FollowUpRules {
    FollowUpRules { protection: state.protection, overdue_days: state.overdue_days }
}

/// Record a follow-up
///
/// One contact with the buyer. In the same transaction the lead's counters, last
/// contact, status (new → contacted → visited), next follow-up (given, or by the grade's
/// cadence) and the owner's protection move; the answer carries the lead's new state.
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "record_follow_up",
    params(
        ("id" = Uuid, Path, description = "Lead id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = RecordFollowUpRequest,
    responses(
        (status = 201, body = FollowUpView, headers(("Location" = String, description = "URL of the follow-up"))),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/follow-ups")]
pub async fn record_follow_up(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<RecordFollowUpRequest>,
) -> ApiResult<HttpResponse> {
    let (lead_id, input, rules) = (id.into_inner(), body.into_inner(), rules(&state));
    let view = session
        .run_folded(move |conn, actor, check| service::record(conn, actor, check, &rules, lead_id, &input))
        .await?;
    Ok(created(format!("/api/v1/follow-ups/{}", view.id), &view))
}

/// List a lead's follow-ups
///
/// The timeline, newest first.
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "list_lead_follow_ups",
    params(("id" = Uuid, Path, description = "Lead id"), PageQuery),
    responses(
        (status = 200, body = Page<FollowUpView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}/follow-ups")]
pub async fn list_lead_follow_ups(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<FollowUpView>>> {
    let (lead_id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_for_lead(conn, actor, lead_id, page)).await.map(web::Json)
}

/// Correct a follow-up
///
/// Only its author, only within 24 hours of recording it (then 403 `follow_up.locked`):
/// a follow-up is evidence and is never deleted. Mini-programs: `POST` with
/// Read a follow-up
///
/// Whoever may see its lead: the owner and the project's managers.
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "find_follow_up",
    params(("id" = Uuid, Path, description = "Follow-up id")),
    responses(
        (status = 200, description = "The follow-up", body = FollowUpView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/follow-ups/{id}")]
pub async fn find_follow_up(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<FollowUpView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find(conn, actor, id)).await.map(web::Json)
}

/// `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "update_follow_up",
    params(("id" = Uuid, Path, description = "Follow-up id")),
    request_body = UpdateFollowUpRequest,
    responses(
        (status = 200, body = FollowUpView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/follow-ups/{id}")]
pub async fn update_follow_up(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateFollowUpRequest>,
) -> ApiResult<web::Json<FollowUpView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::update(conn, actor, id, input)).await.map(web::Json)
}

/// Review follow-ups
///
/// Managers see their projects' contacts (filter by salesperson with `owner_id`);
/// salespeople see their own. Newest first.
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "list_follow_ups",
    params(ListFollowUpsQuery, PageQuery),
    responses(
        (status = 200, body = Page<FollowUpView>),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/follow-ups")]
pub async fn list_follow_ups(
    session: Session,
    filter: ValidQuery<ListFollowUpsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<FollowUpView>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_for_team(conn, actor, filter, page)).await.map(web::Json)
}

/// My agenda
///
/// The phone app's home screen in one request: the signed-in user's leads whose next
/// follow-up is overdue, due today or in the next 7 days, and birthdays in the next 7
/// days (关怀). Days are cut at midnight in each project's time zone.
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "find_agenda",
    params(AgendaQuery),
    responses(
        (status = 200, body = Agenda),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/me/agenda")]
pub async fn find_agenda(session: Session, query: ValidQuery<AgendaQuery>) -> ApiResult<web::Json<Agenda>> {
    let query = query.into_inner();
    session.run(move |conn, actor| service::agenda(conn, actor, query)).await.map(web::Json)
}

/// Neglected leads of a project
///
/// Managers: leads nobody contacted for `days`, or whose next follow-up is late by more
/// than their grade's cadence, grouped by owner, most first.
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "list_overdue_leads",
    params(OverdueQuery),
    responses(
        (status = 200, body = OverdueAlert),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/alerts/overdue")]
pub async fn list_overdue_leads(
    session: Session,
    state: web::Data<AppState>,
    query: ValidQuery<OverdueQuery>,
) -> ApiResult<web::Json<OverdueAlert>> {
    let (query, rules) = (query.into_inner(), rules(&state));
    session.run(move |conn, actor| service::overdue(conn, actor, &rules, query)).await.map(web::Json)
}

/// A project's follow-up cadence
///
/// Days between contacts per grade (default A 3, B 7, C 14, D 30; ungraded leads as C).
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "find_cadence",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = CadenceView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/cadence")]
pub async fn find_cadence(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<CadenceView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_cadence(conn, actor, id)).await.map(web::Json)
}

/// Set a project's follow-up cadence
///
/// Managers. 1–365 days each, a better grade never waiting longer than a worse one.
/// Planned dates stay; the cadence applies from each lead's next contact.
#[utoipa::path(
    tag = "follow-ups",
    operation_id = "set_cadence",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = CadenceRequest,
    responses(
        (status = 200, body = CadenceView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/cadence")]
pub async fn set_cadence(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<CadenceRequest>,
) -> ApiResult<web::Json<CadenceView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_cadence(conn, actor, id, input)).await.map(web::Json)
}
