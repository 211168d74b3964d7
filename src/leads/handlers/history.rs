//! HTTP endpoint of a lead's history in words.

use actix_web::{get, web};
use uuid::Uuid;

use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidQuery};
use crate::leads::dto::*;
use crate::leads::service;

/// A lead's history, in words
///
/// Everything that happened to the lead and its follow-ups, newest first, each as a
/// sentence (e.g. 周经理 将客户从 王丽 转给 李娜（原因：休假）). The owner and managers.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_lead_history",
    params(("id" = Uuid, Path, description = "Lead id"), PageQuery),
    responses(
        (status = 200, body = Page<LeadHistoryEntry>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}/history")]
pub async fn list_lead_history(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<LeadHistoryEntry>>> {
    let (id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::history(conn, actor, id, page)).await.map(web::Json)
}
