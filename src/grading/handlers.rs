//! HTTP endpoints of grading.

use actix_web::{delete, get, post, put, web, HttpResponse};
use uuid::Uuid;

use super::dto::*;
use super::rules::GradingRules;
use super::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidJson, ValidQuery};

/// Registers the grading routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(find_lead_grade)
        .service(override_lead_grade)
        .service(clear_lead_grade_override)
        .service(list_lead_grade_history)
        .service(find_grading_rules)
        .service(save_grading_rules)
        .service(preview_grading_rules)
        .service(recompute_grades);
}

/// A lead's grade and why
///
/// The grade in force, the automatic grade and score beside it, each factor's points,
/// the rules version, and any override with its reason.
#[utoipa::path(
    tag = "grading",
    operation_id = "find_lead_grade",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = GradeView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}/grade")]
pub async fn find_lead_grade(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<GradeView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_grade(conn, actor, id)).await.map(web::Json)
}

/// Override a lead's grade
///
/// The owner or a manager, with a reason; it holds until cleared or until `until`. The
/// automatic score keeps being computed beside it.
#[utoipa::path(
    tag = "grading",
    operation_id = "override_lead_grade",
    params(("id" = Uuid, Path, description = "Lead id")),
    request_body = OverrideRequest,
    responses(
        (status = 200, body = GradeView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/leads/{id}/grade")]
pub async fn override_lead_grade(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<OverrideRequest>,
) -> ApiResult<web::Json<GradeView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_override(conn, actor, id, input)).await.map(web::Json)
}

/// Return a lead to its automatic grade
#[utoipa::path(
    tag = "grading",
    operation_id = "clear_lead_grade_override",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 204, description = "The automatic grade is in force again"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[delete("/leads/{id}/grade/override")]
pub async fn clear_lead_grade_override(session: Session, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::clear_override(conn, actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A lead's grade history
///
/// Every change of the grade in force, newest first, with its cause and actor.
#[utoipa::path(
    tag = "grading",
    operation_id = "list_lead_grade_history",
    params(("id" = Uuid, Path, description = "Lead id"), PageQuery),
    responses(
        (status = 200, body = Page<GradeChangeView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}/grade-history")]
pub async fn list_lead_grade_history(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<GradeChangeView>>> {
    let (id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::history(conn, actor, id, page)).await.map(web::Json)
}

/// A project's grading rules
///
/// Weights per factor (adding up to 100), saturation points, decay, and thresholds.
/// Version 0 means the defaults.
#[utoipa::path(
    tag = "grading",
    operation_id = "find_grading_rules",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = RulesView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/grading-rules")]
pub async fn find_grading_rules(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<RulesView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_rules(conn, actor, id)).await.map(web::Json)
}

/// Save new grading rules
///
/// Managers. Each save is a new version; the project's leads are graded again under it
/// at once, and the answer says how many moved.
#[utoipa::path(
    tag = "grading",
    operation_id = "save_grading_rules",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = GradingRules,
    responses(
        (status = 200, body = SavedRules),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/grading-rules")]
pub async fn save_grading_rules(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<GradingRules>,
) -> ApiResult<web::Json<SavedRules>> {
    let (id, rules) = (id.into_inner(), body.into_inner());
    session.run_heavy(move |conn, actor| service::save_rules(conn, actor, id, rules)).await.map(web::Json)
}

/// Try grading rules without saving
///
/// Managers. The grade distribution the project's leads would have under the rules, and
/// how many would move; nothing changes.
#[utoipa::path(
    tag = "grading",
    operation_id = "preview_grading_rules",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = PreviewRequest,
    responses(
        (status = 200, body = PreviewResult),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/grading-rules/preview")]
pub async fn preview_grading_rules(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<PreviewRequest>,
) -> ApiResult<web::Json<PreviewResult>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run_heavy(move |conn, actor| service::preview(conn, actor, id, input)).await.map(web::Json)
}

/// Grade a project's leads again
///
/// Managers. Recency decays by the day, so this also runs nightly (`anchang regrade`).
/// Running it twice in a row moves nothing the second time.
#[utoipa::path(
    tag = "grading",
    operation_id = "recompute_grades",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = RecomputeResult),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/grading/recompute")]
pub async fn recompute_grades(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<RecomputeResult>> {
    let id = id.into_inner();
    session.run_heavy(move |conn, actor| service::recompute(conn, actor, id)).await.map(web::Json)
}
