//! HTTP endpoints of the projects API.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};
use uuid::Uuid;

use super::dto::{CreateProjectRequest, ListProjectsQuery, MemberView, ProjectView, UpdateProjectRequest};
use super::dto::{ProtectionRulesRequest, ProtectionRulesView};
use super::service::{self, Membership};
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};
use crate::state::AppState;

/// Registers the projects routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_project)
        .service(list_projects)
        .service(find_project)
        .service(update_project)
        .service(list_project_members)
        .service(add_project_member)
        .service(remove_project_member)
        .service(find_protection_rules)
        .service(set_protection_rules);
}

/// Create a project
///
/// A project (楼盘) is one development on sale, with its own sales office, team, leads
/// and units. Admins only.
#[utoipa::path(
    tag = "projects",
    operation_id = "create_project",
    request_body = CreateProjectRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response")),
    responses(
        (status = 201, body = ProjectView, headers(("Location" = String, description = "URL of the new project"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects")]
pub async fn create_project(session: Session, body: ValidJson<CreateProjectRequest>) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let project = session.run(move |conn, actor| service::create(conn, actor, input)).await?;
    Ok(created(format!("/api/v1/projects/{}", project.id), &project))
}

/// List projects
///
/// Admins see every project; everyone else the projects they are a member of.
#[utoipa::path(
    tag = "projects",
    operation_id = "list_projects",
    params(ListProjectsQuery, PageQuery),
    responses(
        (status = 200, body = Page<ProjectView>),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects")]
pub async fn list_projects(
    session: Session,
    filter: ValidQuery<ListProjectsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<ProjectView>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list(conn, actor, filter, page)).await.map(web::Json)
}

/// Get a project
#[utoipa::path(
    tag = "projects",
    operation_id = "find_project",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = ProjectView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}")]
pub async fn find_project(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ProjectView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find(conn, actor, id)).await.map(web::Json)
}

/// Change a project
///
/// Admins only, guarded by `version`. Mini-programs: send `POST` with
/// `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "projects",
    operation_id = "update_project",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = UpdateProjectRequest,
    responses(
        (status = 200, body = ProjectView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/projects/{id}")]
pub async fn update_project(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateProjectRequest>,
) -> ApiResult<web::Json<ProjectView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::update(conn, actor, id, input)).await.map(web::Json)
}

/// List a project's members
#[utoipa::path(
    tag = "projects",
    operation_id = "list_project_members",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = Vec<MemberView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/members")]
pub async fn list_project_members(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<Vec<MemberView>>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::members(conn, actor, id)).await.map(web::Json)
}

/// Add a member to a project
///
/// Admins, or the project's managers (who may add managers and salespeople). Answers 201
/// when the user joined now and 200 when they already were a member.
#[utoipa::path(
    tag = "projects",
    operation_id = "add_project_member",
    params(("id" = Uuid, Path, description = "Project id"), ("user_id" = Uuid, Path, description = "Account id")),
    responses(
        (status = 201, body = MemberView, description = "Joined now"),
        (status = 200, body = MemberView, description = "Already a member"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/members/{user_id}")]
pub async fn add_project_member(session: Session, path: web::Path<(Uuid, Uuid)>) -> ApiResult<HttpResponse> {
    let (project_id, user_id) = path.into_inner();
    let membership = session.run(move |conn, actor| service::add_member(conn, actor, project_id, user_id)).await?;
    Ok(match membership {
        Membership::Added(member) => HttpResponse::Created().json(member),
        Membership::Existing(member) => HttpResponse::Ok().json(member),
    })
}

/// Remove a member from a project
#[utoipa::path(
    tag = "projects",
    operation_id = "remove_project_member",
    params(("id" = Uuid, Path, description = "Project id"), ("user_id" = Uuid, Path, description = "Account id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[delete("/projects/{id}/members/{user_id}")]
pub async fn remove_project_member(session: Session, path: web::Path<(Uuid, Uuid)>) -> ApiResult<HttpResponse> {
    let (project_id, user_id) = path.into_inner();
    session.run(move |conn, actor| service::remove_member(conn, actor, project_id, user_id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A project's protection rules
///
/// How long a lead stays with its owner without a contact before it goes to the public
/// pool (公海): the project's own rule, or the server's default. Everyone in the project.
#[utoipa::path(
    tag = "projects",
    operation_id = "find_protection_rules",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = ProtectionRulesView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/protection-rules")]
pub async fn find_protection_rules(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ProtectionRulesView>> {
    let (id, default_days) = (id.into_inner(), state.protection_days());
    session.run(move |conn, actor| service::find_protection(conn, actor, id, default_days)).await.map(web::Json)
}

/// Set a project's protection rules
///
/// Managers of the project (and admins). Leads keep the dates they have; the new period
/// applies from each lead's next contact, claim, transfer or registration.
#[utoipa::path(
    tag = "projects",
    operation_id = "set_protection_rules",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = ProtectionRulesRequest,
    responses(
        (status = 200, body = ProtectionRulesView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/protection-rules")]
pub async fn set_protection_rules(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<ProtectionRulesRequest>,
) -> ApiResult<web::Json<ProtectionRulesView>> {
    let (id, input, default_days) = (id.into_inner(), body.into_inner(), state.protection_days());
    session.run(move |conn, actor| service::set_protection(conn, actor, id, input, default_days)).await.map(web::Json)
}
