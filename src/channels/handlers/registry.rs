//! HTTP endpoints of the channel registry.

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::channels::dto::{ChannelView, CreateChannelRequest, ListChannelsQuery, UpdateChannelRequest};
use crate::channels::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};

/// Register a channel
///
/// A broker agency, an independent agent or a referral programme (渠道) that brings buyers
/// to projects. Admins, and managers for projects they manage. Its people are then created
/// as users with role `channel_agent` and this `channel_id`.
#[utoipa::path(
    tag = "channels",
    operation_id = "create_channel",
    request_body = CreateChannelRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response")),
    responses(
        (status = 201, body = ChannelView, headers(("Location" = String, description = "URL of the new channel"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/channels")]
pub async fn create_channel(session: Session, body: ValidJson<CreateChannelRequest>) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let channel = session.run(move |conn, actor| service::create(conn, actor, input)).await?;
    Ok(created(format!("/api/v1/channels/{}", channel.id), &channel))
}

/// List channels
///
/// Admins see every channel; managers those serving one of their projects; a channel agent
/// their own. Everyone else: 403.
#[utoipa::path(
    tag = "channels",
    operation_id = "list_channels",
    params(ListChannelsQuery, PageQuery),
    responses(
        (status = 200, body = Page<ChannelView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/channels")]
pub async fn list_channels(
    session: Session,
    filter: ValidQuery<ListChannelsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<ChannelView>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list(conn, actor, filter, page)).await.map(web::Json)
}

/// Get a channel
///
/// Admins, managers of a project it serves, and its own agents.
#[utoipa::path(
    tag = "channels",
    operation_id = "find_channel",
    params(("id" = Uuid, Path, description = "Channel id")),
    responses(
        (status = 200, body = ChannelView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/channels/{id}")]
pub async fn find_channel(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ChannelView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find(conn, actor, id)).await.map(web::Json)
}

/// Change a channel
///
/// Admins, and managers who manage every project the channel serves; guarded by
/// `version`. `status: suspended` stops new reports. Mini-programs: send `POST` with
/// `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "channels",
    operation_id = "update_channel",
    params(("id" = Uuid, Path, description = "Channel id")),
    request_body = UpdateChannelRequest,
    responses(
        (status = 200, body = ChannelView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/channels/{id}")]
pub async fn update_channel(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateChannelRequest>,
) -> ApiResult<web::Json<ChannelView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::update(conn, actor, id, input)).await.map(web::Json)
}
