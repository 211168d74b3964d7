//! `GET /events`.

use actix_web::{get, web};

use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::events::dto::{EventQuery, EventView};
use crate::events::service::feed;
use crate::http::{Page, PageQuery, ValidQuery};

/// Read the change feed
///
/// Changes worth telling (leads, follow-ups, grades, visits, reports, subscriptions,
/// reservations, deals, payments, commissions), oldest first, each with the fields that
/// changed and their old and new values — the same JSON webhooks deliver. Admins read every
/// project's events, managers and integration accounts their projects'; others get 403
/// `event.forbidden`. Page with `cursor`; to poll, keep the `id` of the last event handled
/// and ask again with `after` (an unknown one is 422). Events are kept at least 30 days.
#[utoipa::path(
    tag = "events",
    operation_id = "list_events",
    params(EventQuery, PageQuery),
    responses(
        (status = 200, body = Page<EventView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/events")]
pub async fn list_events(
    session: Session,
    query: ValidQuery<EventQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<EventView>>> {
    let (query, page) = (query.into_inner(), page.into_inner());
    session.run(move |conn, actor| feed::list(conn, actor, query, page)).await.map(web::Json)
}
