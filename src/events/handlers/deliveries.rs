//! Deliveries: what was sent where, and sending again.

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::events::dto::{DeliveryView, RedeliverRequest, Redelivery};
use crate::events::service::deliveries;
use crate::http::{Page, PageQuery, ValidJson, ValidQuery};

/// List an endpoint's deliveries
///
/// Admins. Newest first, keyset-paged; each with its attempts (status, latency, error).
/// A failed attempt is retried after 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h and
/// 24 h — about three days — then the delivery fails.
#[utoipa::path(
    tag = "events",
    operation_id = "list_webhook_deliveries",
    params(("id" = Uuid, Path, description = "Endpoint id"), PageQuery),
    responses(
        (status = 200, body = Page<DeliveryView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/webhook-endpoints/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<DeliveryView>>> {
    let (id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| deliveries::list(conn, actor, id, page)).await.map(web::Json)
}

/// Deliver an event again
///
/// Admins. Queues the event for `endpoint_id`, or for every enabled endpoint it is for; it
/// goes out with the same `webhook-id`, so a receiver that has it already can drop it. 404
/// `event.not_found` for an event unknown or past retention.
#[utoipa::path(
    tag = "events",
    operation_id = "redeliver_event",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body(content = RedeliverRequest, description = "Which endpoint; `{}` for all"),
    responses(
        (status = 202, description = "Queued", body = Redelivery),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/events/{id}/redeliver")]
pub async fn redeliver_event(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<RedeliverRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let queued = session.run(move |conn, actor| deliveries::redeliver(conn, actor, id, input)).await?;
    Ok(HttpResponse::Accepted().json(queued))
}
