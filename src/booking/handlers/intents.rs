//! HTTP endpoints of unit intents (意向房号).

use actix_web::{get, put, web};
use uuid::Uuid;

use crate::auth::Session;
use crate::booking::dto::*;
use crate::booking::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidJsonList, ValidQuery};

/// Set a lead's unit intents (房号意向)
///
/// Replaces the set: up to 3 units of the lead's project, ranks 1–3 once each; `[]`
/// clears it. Each change goes to the intent register and regrades the lead.
#[utoipa::path(
    tag = "booking",
    operation_id = "set_intents",
    params(("id" = Uuid, Path, description = "Lead id")),
    request_body = IntentList,
    responses(
        (status = 200, body = Vec<IntentView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/leads/{id}/intents")]
pub async fn set_intents(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJsonList<IntentInput, { MAX_INTENTS }>,
) -> ApiResult<web::Json<Vec<IntentView>>> {
    let (lead_id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_intents(conn, actor, lead_id, input)).await.map(web::Json)
}

/// A lead's unit intents
#[utoipa::path(
    tag = "booking",
    operation_id = "list_intents",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = Vec<IntentView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}/intents")]
pub async fn list_intents(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<Vec<IntentView>>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_intents(conn, actor, id)).await.map(web::Json)
}

/// A lead's intent changes
///
/// Its entries of the intent register, newest first.
#[utoipa::path(
    tag = "booking",
    operation_id = "list_lead_intent_changes",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = Vec<IntentChangeView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}/intents/history")]
pub async fn list_lead_intent_changes(
    session: Session,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<IntentChangeView>>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::lead_intent_history(conn, actor, id)).await.map(web::Json)
}

/// The intent register of a project (意向房号变动登记表)
///
/// Managers: every change since `from`, oldest first, for the daily re-check.
#[utoipa::path(
    tag = "booking",
    operation_id = "list_intent_changes",
    params(("id" = Uuid, Path, description = "Project id"), IntentChangesQuery, PageQuery),
    responses(
        (status = 200, body = Page<IntentChangeView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/intents/changes")]
pub async fn list_intent_changes(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<IntentChangesQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<IntentChangeView>>> {
    let (id, query, page) = (id.into_inner(), query.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::project_intent_changes(conn, actor, id, query, page)).await.map(web::Json)
}

/// Who wants a unit
///
/// In priority order: first choices first, then by queue number, then by score.
#[utoipa::path(
    tag = "booking",
    operation_id = "list_unit_intents",
    params(("id" = Uuid, Path, description = "Unit id")),
    responses(
        (status = 200, body = UnitIntents),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/units/{id}/intents")]
pub async fn list_unit_intents(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<UnitIntents>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::unit_intents(conn, actor, id)).await.map(web::Json)
}
