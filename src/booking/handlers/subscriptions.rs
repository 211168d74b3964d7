//! Subscriptions (认筹): record a deposit, list the queue, refund.

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::booking::dto::*;
use crate::booking::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};

/// Record a subscription deposit (认筹)
///
/// The owner or a manager. The lead gets the project's next queue number (no gaps, no
/// repeats, however many are recorded at once) and becomes `subscribed`; its grade is
/// recomputed. One active subscription per lead (409 `subscription.already_active`);
/// receipt numbers are unique in the project (409 `subscription.duplicate_receipt`).
#[utoipa::path(
    tag = "booking",
    operation_id = "create_subscription",
    params(
        ("id" = Uuid, Path, description = "Lead id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = SubscribeRequest,
    responses(
        (status = 201, body = SubscriptionView, headers(("Location" = String, description = "URL of the project's subscriptions"))),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/subscriptions")]
pub async fn create_subscription(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<SubscribeRequest>,
) -> ApiResult<HttpResponse> {
    let (lead_id, input) = (id.into_inner(), body.into_inner());
    let view = session.run(move |conn, actor| service::subscribe(conn, actor, lead_id, input)).await?;
    Ok(created(format!("/api/v1/subscriptions/{}", view.id), &view))
}

/// A project's subscriptions, in queue order
///
/// Managers see all; salespeople their own leads'.
#[utoipa::path(
    tag = "booking",
    operation_id = "list_subscriptions",
    params(("id" = Uuid, Path, description = "Project id"), PageQuery),
    responses(
        (status = 200, body = Page<SubscriptionView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/subscriptions")]
pub async fn list_subscriptions(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<SubscriptionView>>> {
    let (project_id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_subscriptions(conn, actor, project_id, page)).await.map(web::Json)
}

/// Read a subscription
///
/// The lead's owner and the project's managers, as in the project's list.
#[utoipa::path(
    tag = "booking",
    operation_id = "find_subscription",
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The subscription", body = SubscriptionView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/subscriptions/{id}")]
pub async fn find_subscription(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<SubscriptionView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_subscription(conn, actor, id)).await.map(web::Json)
}

/// Refund a subscription
///
/// Managers. The queue number is not given again; the lead returns to visited (or
/// contacted) and its grade is recomputed.
#[utoipa::path(
    tag = "booking",
    operation_id = "refund_subscription",
    params(("id" = Uuid, Path, description = "Subscription id")),
    request_body = RefundRequest,
    responses(
        (status = 200, body = SubscriptionView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/subscriptions/{id}/refund")]
pub async fn refund_subscription(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<RefundRequest>,
) -> ApiResult<web::Json<SubscriptionView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::refund(conn, actor, id, input)).await.map(web::Json)
}
