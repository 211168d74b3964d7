//! `/webhook-endpoints`: registering where events are delivered.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::events::dto::{CreateEndpointRequest, CreatedEndpoint, EndpointView, RotatedSecret, UpdateEndpointRequest};
use crate::events::service::endpoints;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};
use crate::state::AppState;

/// Register a webhook endpoint
///
/// Admins. Events of the chosen types and projects (all, when the lists are empty) that
/// happen from now on are POSTed to `url`, signed as Standard Webhooks describes: headers
/// `webhook-id` (the event's id), `webhook-timestamp` (Unix seconds) and
/// `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the
/// secret's bytes). The answer carries the signing `secret` — shown this once. A URL on a
/// loopback, private or link-local address is 422 unless the server allows them.
#[utoipa::path(
    tag = "events",
    operation_id = "create_webhook_endpoint",
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response")),
    request_body = CreateEndpointRequest,
    responses(
        (status = 201, body = CreatedEndpoint, headers(("Location" = String, description = "URL of the endpoint"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/webhook-endpoints")]
pub async fn create_webhook_endpoint(
    session: Session,
    state: web::Data<AppState>,
    body: ValidJson<CreateEndpointRequest>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let allow_private = state.webhooks_allow_private;
    let made =
        session.run(move |conn, actor| endpoints::create(conn, actor, &state.cipher, allow_private, input)).await?;
    Ok(created(format!("/api/v1/webhook-endpoints/{}", made.endpoint.id), &made))
}

/// List webhook endpoints
///
/// Admins. Newest first, keyset-paged.
#[utoipa::path(
    tag = "events",
    operation_id = "list_webhook_endpoints",
    params(PageQuery),
    responses(
        (status = 200, body = Page<EndpointView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/webhook-endpoints")]
pub async fn list_webhook_endpoints(
    session: Session,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<EndpointView>>> {
    let page = page.into_inner();
    session.run(move |conn, actor| endpoints::list(conn, actor, page)).await.map(web::Json)
}

/// Read a webhook endpoint
///
/// Admins. `failing_since` says since when every attempt has failed; `disabled_reason` why
/// the server turned it off.
#[utoipa::path(
    tag = "events",
    operation_id = "find_webhook_endpoint",
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses(
        (status = 200, body = EndpointView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/webhook-endpoints/{id}")]
pub async fn find_webhook_endpoint(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<EndpointView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| endpoints::find(conn, actor, id)).await.map(web::Json)
}

/// Change a webhook endpoint
///
/// Admins, with the `version` read (stale: 412). `status: enabled` turns a disabled
/// endpoint back on and resumes its pending deliveries. Mini-programs: `POST` with
/// `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "events",
    operation_id = "update_webhook_endpoint",
    params(("id" = Uuid, Path, description = "Endpoint id")),
    request_body = UpdateEndpointRequest,
    responses(
        (status = 200, body = EndpointView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/webhook-endpoints/{id}")]
pub async fn update_webhook_endpoint(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateEndpointRequest>,
) -> ApiResult<web::Json<EndpointView>> {
    let (id, input, allow_private) = (id.into_inner(), body.into_inner(), state.webhooks_allow_private);
    session.run(move |conn, actor| endpoints::update(conn, actor, allow_private, id, input)).await.map(web::Json)
}

/// Delete a webhook endpoint
///
/// Admins. Nothing more is sent to it, pending deliveries included.
#[utoipa::path(
    tag = "events",
    operation_id = "delete_webhook_endpoint",
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[delete("/webhook-endpoints/{id}")]
pub async fn delete_webhook_endpoint(session: Session, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    session.run(move |conn, actor| endpoints::delete(conn, actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate a webhook endpoint's signing secret
///
/// Admins. A new secret, shown this once; for 24 hours the old one signs too (two
/// signatures in `webhook-signature`), so the receiver can switch without missing one.
#[utoipa::path(
    tag = "events",
    operation_id = "rotate_webhook_secret",
    params(
        ("id" = Uuid, Path, description = "Endpoint id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    responses(
        (status = 200, body = RotatedSecret),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[post("/webhook-endpoints/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RotatedSecret>> {
    let id = id.into_inner();
    session.run(move |conn, actor| endpoints::rotate_secret(conn, actor, &state.cipher, id)).await.map(web::Json)
}
