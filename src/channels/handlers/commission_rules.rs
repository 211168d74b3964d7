//! HTTP endpoints of commission rules (结佣规则).

use actix_web::{get, put, web};
use uuid::Uuid;

use crate::auth::Session;
use crate::channels::dto::{CommissionRuleRequest, CommissionRuleView};
use crate::channels::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::ValidJson;

/// Set a channel's commission rule for a project
///
/// Admins and the managers who manage the channel (403 `channel.not_yours` for one that
/// also serves a project they do not manage). Replaces the project's rule; deals signed
/// from now on accrue under it, earlier commissions keep theirs.
#[utoipa::path(
    tag = "channels",
    operation_id = "set_commission_rule",
    params(("id" = Uuid, Path, description = "Channel id")),
    request_body = CommissionRuleRequest,
    responses(
        (status = 200, body = CommissionRuleView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/channels/{id}/commission-rules")]
pub async fn set_commission_rule(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<CommissionRuleRequest>,
) -> ApiResult<web::Json<CommissionRuleView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_rule(conn, actor, id, input)).await.map(web::Json)
}

/// A channel's commission rules
///
/// One per project that has one; for the channel's agents and the managers who see it.
#[utoipa::path(
    tag = "channels",
    operation_id = "list_commission_rules",
    params(("id" = Uuid, Path, description = "Channel id")),
    responses(
        (status = 200, body = Vec<CommissionRuleView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/channels/{id}/commission-rules")]
pub async fn list_commission_rules(
    session: Session,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<CommissionRuleView>>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::list_rules(conn, actor, id)).await.map(web::Json)
}
