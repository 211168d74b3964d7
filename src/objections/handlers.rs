//! HTTP endpoints of the objection library.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::*;
use super::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};

/// Registers the objection routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_objections)
        .service(create_objection)
        .service(find_objection)
        .service(update_objection)
        .service(delete_objection)
        .service(use_objection);
}

/// Search the objection library
///
/// Everyone in the project. Most used first; `q` searches objection, answer and tags.
#[utoipa::path(
    tag = "objections",
    operation_id = "list_objections",
    params(("id" = Uuid, Path, description = "Project id"), ListObjectionsQuery, PageQuery),
    responses(
        (status = 200, body = Page<ObjectionView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/objections")]
pub async fn list_objections(
    session: Session,
    id: web::Path<Uuid>,
    filter: ValidQuery<ListObjectionsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<ObjectionView>>> {
    let (project_id, filter, page) = (id.into_inner(), filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list(conn, actor, project_id, filter, page)).await.map(web::Json)
}

/// Add an objection and its answer
///
/// Managers of the project.
#[utoipa::path(
    tag = "objections",
    operation_id = "create_objection",
    params(
        ("id" = Uuid, Path, description = "Project id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = CreateObjectionRequest,
    responses(
        (status = 201, body = ObjectionView, headers(("Location" = String, description = "URL of the entry"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/objections")]
pub async fn create_objection(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<CreateObjectionRequest>,
) -> ApiResult<HttpResponse> {
    let (project_id, input) = (id.into_inner(), body.into_inner());
    let view = session.run(move |conn, actor| service::create(conn, actor, project_id, input)).await?;
    Ok(created(format!("/api/v1/objections/{}", view.id), &view))
}

/// Change an objection
///
/// Managers. Mini-programs: `POST` with `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "objections",
    operation_id = "update_objection",
    params(("id" = Uuid, Path, description = "Objection id")),
    request_body = UpdateObjectionRequest,
    responses(
        (status = 200, body = ObjectionView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/objections/{id}")]
pub async fn update_objection(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateObjectionRequest>,
) -> ApiResult<web::Json<ObjectionView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::update(conn, actor, id, input)).await.map(web::Json)
}

/// Read an objection
///
/// Anyone in its project.
#[utoipa::path(
    tag = "objections",
    operation_id = "find_objection",
    params(("id" = Uuid, Path, description = "Objection id")),
    responses(
        (status = 200, description = "The objection", body = ObjectionView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/objections/{id}")]
pub async fn find_objection(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ObjectionView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find(conn, actor, id)).await.map(web::Json)
}

/// Remove an objection
///
/// Managers. It leaves the library; the audit trail keeps it.
#[utoipa::path(
    tag = "objections",
    operation_id = "delete_objection",
    params(("id" = Uuid, Path, description = "Objection id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[delete("/objections/{id}")]
pub async fn delete_objection(session: Session, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::delete(conn, actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Count a use of an answer
///
/// Anyone in the project, after using the answer with a buyer; the most used answers
/// come first in the library.
#[utoipa::path(
    tag = "objections",
    operation_id = "use_objection",
    params(("id" = Uuid, Path, description = "Objection id")),
    responses(
        (status = 200, body = ObjectionView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[post("/objections/{id}/used")]
pub async fn use_objection(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ObjectionView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::record_use(conn, actor, id)).await.map(web::Json)
}
