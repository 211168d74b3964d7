//! HTTP endpoints of signing and deals: reading, listing, a change of unit, a
//! cancellation, the mortgage's stages.

use actix_web::{get, post, web};
use uuid::Uuid;

use crate::auth::Session;
use crate::booking::dto::ReservationView;
use crate::deals::dto::*;
use crate::deals::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidJson, ValidQuery};

/// Sign the contract (签约)
///
/// The owner or a manager: the unit is sold, the lead signed, and a deal made with its
/// payment plan (`full` by default: the whole price due that day; a plan that does not add
/// up to the price is 422 `payment_plan…`). Answers the reservation with its `deal_id`. A
/// buyer reported or referred by a channel with a commission rule for the project accrues
/// the channel's commission. 409 `reservation.not_active` for a cancelled or signed one.
#[utoipa::path(
    tag = "deals",
    operation_id = "sign_reservation",
    params(("id" = Uuid, Path, description = "Reservation id")),
    request_body = SignRequest,
    responses(
        (status = 200, body = ReservationView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/reservations/{id}/sign")]
pub async fn sign_reservation(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<SignRequest>,
) -> ApiResult<web::Json<ReservationView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::sign(conn, actor, id, input)).await.map(web::Json)
}

/// Read a deal
///
/// With its schedule, payments, changes and (for managers and finance) commissions; the
/// buyer's name, never their contact details. The lead's owner, the project's managers and
/// finance; 404 for anyone else, 403 `deal.role_forbidden` for the desk and channel agents.
#[utoipa::path(
    tag = "deals",
    operation_id = "find_deal",
    params(("id" = Uuid, Path, description = "Deal id")),
    responses(
        (status = 200, body = DealView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/deals/{id}")]
pub async fn find_deal(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<DealView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_deal(conn, actor, id)).await.map(web::Json)
}

/// List a project's deals
///
/// Latest signing first. Managers and finance: every deal of the project; a salesperson:
/// the deals of their own leads.
#[utoipa::path(
    tag = "deals",
    operation_id = "list_deals",
    params(("id" = Uuid, Path, description = "Project id"), ListDealsQuery, PageQuery),
    responses(
        (status = 200, body = Page<DealView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/deals")]
pub async fn list_deals(
    session: Session,
    id: web::Path<Uuid>,
    filter: ValidQuery<ListDealsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<DealView>>> {
    let (id, filter, page) = (id.into_inner(), filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_deals(conn, actor, id, filter, page)).await.map(web::Json)
}

/// Change a deal's unit (换房)
///
/// Managers. In one step the old unit goes back on sale and the new one is sold: of a
/// change and a reservation racing for one unit exactly one wins (409 `unit.not_available`
/// or `unit.held` for the other). The price difference changes what is due (a dearer unit
/// owes it that day); a price below what was collected is 409 `deal.price_below_collected`.
/// Unpaid commissions are counted again on the new price.
#[utoipa::path(
    tag = "deals",
    operation_id = "change_deal_unit",
    params(
        ("id" = Uuid, Path, description = "Deal id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = ChangeUnitRequest,
    responses(
        (status = 200, body = DealView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/deals/{id}/change-unit")]
pub async fn change_deal_unit(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<ChangeUnitRequest>,
) -> ApiResult<web::Json<DealView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::change_unit(conn, actor, id, input)).await.map(web::Json)
}

/// Cancel a deal (退房)
///
/// Managers. The unit goes back on sale, the refund is recorded (at most what was
/// collected: 409 `deal.refund_exceeds_collected`), the commissions are clawed back (paid
/// or not), and the lead is `lost` with `lost_reason` (default `other`) — or `visited` with
/// `keep_prospect` — unless another unit still holds them. 409 `deal.cancelled` once done.
#[utoipa::path(
    tag = "deals",
    operation_id = "cancel_deal",
    params(
        ("id" = Uuid, Path, description = "Deal id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = CancelDealRequest,
    responses(
        (status = 200, body = DealView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/deals/{id}/cancel")]
pub async fn cancel_deal(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<CancelDealRequest>,
) -> ApiResult<web::Json<DealView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::cancel(conn, actor, id, input)).await.map(web::Json)
}

/// Move a deal's mortgage to its next stage
///
/// Managers and finance: `applied`, then `approved`, then `disbursed` (409
/// `deal.mortgage_stage` for any other move, `deal.not_mortgage` for another plan). The
/// disbursed loan falls due that day.
#[utoipa::path(
    tag = "deals",
    operation_id = "move_deal_mortgage",
    params(("id" = Uuid, Path, description = "Deal id")),
    request_body = MortgageRequest,
    responses(
        (status = 200, body = DealView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/deals/{id}/mortgage")]
pub async fn move_deal_mortgage(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<MortgageRequest>,
) -> ApiResult<web::Json<DealView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::move_mortgage(conn, actor, id, input)).await.map(web::Json)
}
