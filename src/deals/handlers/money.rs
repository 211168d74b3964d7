//! HTTP endpoints of money: payments (回款), receivables and the overdue alert.

use actix_web::{get, post, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::deals::dto::*;
use crate::deals::service::{self, Recorded};
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, ValidJson, ValidQuery};

/// Record a payment (回款)
///
/// The project's managers and finance. Idempotent by receipt number: the same receipt with
/// the same deal, amount and method answers the payment recorded first (200); with other
/// facts 409 `payment.receipt_conflict`. Never more than the price in all (409
/// `payment.exceeds_due`, decided with the deal locked, also under concurrent payments). A
/// loan method pays only a mortgage plan (422 `method`); a cancelled deal is 409
/// `deal.cancelled`. Commissions whose milestone the payment reaches become payable.
#[utoipa::path(
    tag = "deals",
    operation_id = "record_payment",
    params(("id" = Uuid, Path, description = "Deal id")),
    request_body = PaymentRequest,
    responses(
        (status = 201, body = PaymentView, headers(("Location" = String, description = "URL of the deal"))),
        (status = 200, description = "The payment recorded before under this receipt number", body = PaymentView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/deals/{id}/payments")]
pub async fn record_payment(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<PaymentRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let recorded = session.run(move |conn, actor| service::record_payment(conn, actor, id, input)).await?;
    Ok(match recorded {
        Recorded::New(payment) => created(format!("/api/v1/deals/{}", payment.deal_id), &payment),
        Recorded::Existing(payment) => HttpResponse::Ok().json(payment),
    })
}

/// A project's receivables (回款)
///
/// Managers and finance. Every signed deal on `as_of` (the project's date, default today):
/// due by the end of the day, collected by then, outstanding, overdue (a day past its due
/// date and not collected) with days overdue, and the mortgage's stage; worst first, with
/// the totals.
#[utoipa::path(
    tag = "deals",
    operation_id = "find_receivables",
    params(("id" = Uuid, Path, description = "Project id"), ReceivablesQuery),
    responses(
        (status = 200, body = ReceivablesView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/receivables")]
pub async fn find_receivables(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<ReceivablesQuery>,
) -> ApiResult<web::Json<ReceivablesView>> {
    let (id, as_of) = (id.into_inner(), query.into_inner().as_of);
    session.run(move |conn, actor| service::receivables(conn, actor, id, as_of)).await.map(web::Json)
}

/// Overdue payments
///
/// Managers and finance: the deals of their projects (or of `project_id`) with something
/// overdue today, worst first — the alert beside the neglected leads.
#[utoipa::path(
    tag = "deals",
    operation_id = "list_overdue_payments",
    params(PaymentsOverdueQuery),
    responses(
        (status = 200, body = PaymentsOverdueView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/alerts/payments-overdue")]
pub async fn list_overdue_payments(
    session: Session,
    query: ValidQuery<PaymentsOverdueQuery>,
) -> ApiResult<web::Json<PaymentsOverdueView>> {
    let query = query.into_inner();
    session.run(move |conn, actor| service::overdue_payments(conn, actor, query)).await.map(web::Json)
}
