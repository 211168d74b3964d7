//! HTTP endpoints of reservations (认购): reserving a unit and cancelling it.

use actix_web::{delete, get, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::booking::dto::*;
use crate::booking::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, ValidJson};

/// Reserve a unit (认购)
///
/// For a lead the caller owns (a manager: any lead of the project). Of any number of
/// attempts on one unit exactly one wins (201); the others get 409 `unit.not_available`.
/// A held unit is 409 `unit.held`; a lead at its limit 409 `lead.reservation_limit`;
/// a closed opening 409 `opening.closed`; an unsubscribed lead 409 `lead.not_subscribed`;
/// in ordered mode a number not yet called 409 `opening.not_called`.
#[utoipa::path(
    tag = "booking",
    operation_id = "reserve_unit",
    params(
        ("id" = Uuid, Path, description = "Unit id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = ReserveRequest,
    responses(
        (status = 201, body = ReservationView, headers(("Location" = String, description = "URL of the reservation"))),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/units/{id}/reservations")]
pub async fn reserve_unit(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<ReserveRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let view = session.run(move |conn, actor| service::reserve(conn, actor, id, input)).await?;
    Ok(created(format!("/api/v1/reservations/{}", view.id), &view))
}

/// Read a reservation
///
/// The lead's owner and the project's managers.
#[utoipa::path(
    tag = "booking",
    operation_id = "find_reservation",
    params(("id" = Uuid, Path, description = "Reservation id")),
    responses(
        (status = 200, description = "The reservation", body = ReservationView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/reservations/{id}")]
pub async fn find_reservation(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ReservationView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_reservation(conn, actor, id)).await.map(web::Json)
}

/// Cancel a reservation
///
/// Managers. The unit goes back on sale; a signed reservation cannot be cancelled.
#[utoipa::path(
    tag = "booking",
    operation_id = "cancel_reservation",
    params(("id" = Uuid, Path, description = "Reservation id")),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[delete("/reservations/{id}")]
pub async fn cancel_reservation(session: Session, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::cancel(conn, actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
