//! HTTP endpoints of commissions (结佣).

use actix_web::{get, post, web};
use uuid::Uuid;

use crate::auth::Session;
use crate::deals::dto::*;
use crate::deals::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidJson, ValidQuery};

/// List a project's commissions
///
/// Managers and finance: every commission of the project; a channel agent: their
/// channel's, with amounts, status and the deal's unit and date but no buyer. Newest first.
#[utoipa::path(
    tag = "deals",
    operation_id = "list_commissions",
    params(("id" = Uuid, Path, description = "Project id"), ListCommissionsQuery, PageQuery),
    responses(
        (status = 200, body = Page<CommissionView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/commissions")]
pub async fn list_commissions(
    session: Session,
    id: web::Path<Uuid>,
    filter: ValidQuery<ListCommissionsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<CommissionView>>> {
    let (id, filter, page) = (id.into_inner(), filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_commissions(conn, actor, id, filter, page)).await.map(web::Json)
}

/// Read a commission
///
/// As in the list; 404 for anyone who does not see it.
#[utoipa::path(
    tag = "deals",
    operation_id = "find_commission",
    params(("id" = Uuid, Path, description = "Commission id")),
    responses(
        (status = 200, body = CommissionView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/commissions/{id}")]
pub async fn find_commission(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<CommissionView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_commission(conn, actor, id)).await.map(web::Json)
}

/// Pay a commission
///
/// Finance (and admins), once it is payable: 409 `commission.not_payable` before its
/// milestone, after payment or after a claw-back; 403 `commission.finance_only` for others.
#[utoipa::path(
    tag = "deals",
    operation_id = "pay_commission",
    params(("id" = Uuid, Path, description = "Commission id")),
    request_body = PayCommissionRequest,
    responses(
        (status = 200, body = CommissionView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/commissions/{id}/pay")]
pub async fn pay_commission(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<PayCommissionRequest>,
) -> ApiResult<web::Json<CommissionView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::pay_commission(conn, actor, id, input)).await.map(web::Json)
}
