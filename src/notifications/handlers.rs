//! `/me/notifications`.

use actix_web::{get, post, web};

use super::dto::{MarkReadRequest, MarkedRead, NotificationQuery, NotificationView};
use super::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidJson, ValidQuery};

/// Registers the notification routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_my_notifications).service(mark_my_notifications_read);
}

/// My notifications
///
/// Unread first, then newest first; keyset-paged. A lead assigned to you (registered for
/// you, transferred, handed over, given by the desk), a report of yours arrived, an appeal
/// of yours decided — each within seconds of the change.
#[utoipa::path(
    tag = "users",
    operation_id = "list_my_notifications",
    params(NotificationQuery, PageQuery),
    responses(
        (status = 200, body = Page<NotificationView>),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/me/notifications")]
pub async fn list_my_notifications(
    session: Session,
    query: ValidQuery<NotificationQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<NotificationView>>> {
    let (query, page) = (query.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list(conn, actor, query, page)).await.map(web::Json)
}

/// Mark my notifications read
///
/// `{"ids": [...]}` (yours; others' are ignored) or `{"all": true}`; 422 for neither or
/// both. Answers how many were unread and are read now; marking twice is harmless.
#[utoipa::path(
    tag = "users",
    operation_id = "mark_my_notifications_read",
    request_body = MarkReadRequest,
    responses(
        (status = 200, body = MarkedRead),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/me/notifications/read")]
pub async fn mark_my_notifications_read(
    session: Session,
    body: ValidJson<MarkReadRequest>,
) -> ApiResult<web::Json<MarkedRead>> {
    let input = body.into_inner();
    session.run(move |conn, actor| service::mark_read(conn, actor, input)).await.map(web::Json)
}
