//! Payments (回款) and the mortgage's stages. A payment is checked against what the deal
//! owes in total with the deal's row locked, so concurrent payments never collect more
//! than the price; its receipt number makes a retry the same payment.

use uuid::Uuid;

use super::{
    commissions, day_of, deal_view, payment_view, recorded_at, require_money_role, require_signed, visible_deal,
    zone_of,
};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::model::Reservation;
use crate::db::{self, Conn, Id};
use crate::deals::dto::{DealView, MortgageRequest, PaymentRequest, PaymentView};
use crate::deals::model::{self, Deal, Payment};
use crate::deals::{lifecycle, PaymentKind, PlanKind};
use crate::error::{ApiError, ApiResult, FieldError};

/// What a payment request came to.
pub enum Recorded {
    /// A new payment (201).
    New(PaymentView),
    /// The payment with this receipt number, recorded before with the same facts (200).
    Existing(PaymentView),
}

fn receipt_conflict() -> ApiError {
    ApiError::conflict(
        "payment.receipt_conflict",
        "This receipt number is already a payment of the project with other facts.",
    )
}

/// The payment already recorded under the request's receipt number, if any: the same one
/// when its deal, amount and method agree; 409 `payment.receipt_conflict` when they do not.
fn earlier(conn: &mut Conn, deal: &Deal, input: &PaymentRequest, receipt_no: &str) -> ApiResult<Option<Payment>> {
    match Payment::by_receipt(conn, deal.project_id, receipt_no)? {
        Some(p) if p.deal_id == deal.id && p.amount_fen == input.amount_fen && p.method == input.method => Ok(Some(p)),
        Some(_) => Err(receipt_conflict()),
        None => Ok(None),
    }
}

/// `POST /deals/{id}/payments` (managers, finance).
pub fn record_payment(conn: &mut Conn, actor: &Actor, id: Uuid, input: PaymentRequest) -> ApiResult<Recorded> {
    let deal = visible_deal(conn, actor, id)?;
    require_money_role(actor)?;
    let receipt_no = input.receipt_no.trim().to_owned();
    if receipt_no.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("receipt_no", "must not be blank")]));
    }
    if let Some(p) = earlier(conn, &deal, &input, &receipt_no)? {
        return Ok(Recorded::Existing(payment_view(p)));
    }
    if input.method.is_loan() && deal.plan_kind != PlanKind::Mortgage {
        return Err(ApiError::validation(vec![FieldError::new("method", "a loan pays only a mortgage plan")]));
    }
    // Money may have come in from the reservation on (a deposit becomes part of the price),
    // never before it and never tomorrow.
    let reserved_at = Reservation::find(conn, deal.reservation_id)?.map_or(deal.signed_at, |r| r.reserved_at);
    let paid_at =
        recorded_at("paid_at", input.paid_at, zone_of(conn, deal.project_id)?, reserved_at, "the reservation")?;
    db::transaction(conn, |conn| {
        let deal = Deal::lock(conn, deal.id)?.ok_or_else(super::deal_not_found)?;
        require_signed(&deal)?;
        // A retry that raced its first attempt finds it here, behind the deal's lock.
        if let Some(p) = earlier(conn, &deal, &input, &receipt_no)? {
            return Ok(Recorded::Existing(payment_view(p)));
        }
        let collected = model::money_of(conn, deal.id, None)?.collected_fen();
        if i128::from(collected) + i128::from(input.amount_fen) > i128::from(deal.price_fen) {
            return Err(ApiError::conflict(
                "payment.exceeds_due",
                format!("The deal owes {} fen in all; this payment would collect more.", deal.price_fen - collected),
            ));
        }
        let now = db::now();
        let payment = Payment {
            id: Id::new(),
            deal_id: deal.id,
            project_id: deal.project_id,
            kind: PaymentKind::Payment,
            amount_fen: input.amount_fen,
            method: input.method,
            paid_at,
            receipt_no: Some(receipt_no.clone()),
            recorded_by: Id(actor.id),
            created_at: now,
        };
        if !payment.insert_new(conn)? {
            // The number was taken meanwhile, by a payment of another deal of the project.
            return Err(receipt_conflict());
        }
        let entry = Entry::new(AuditAction::DealPayment, deal.id.0)
            .project(deal.project_id.0)
            .set("payment_id", payment.id.0)
            .set("amount_fen", payment.amount_fen)
            .set("method", payment.method)
            .set("receipt_no", &receipt_no)
            .change("collected_fen", collected, collected + payment.amount_fen);
        audit::record(conn, actor.into(), entry)?;
        commissions::advance(conn, actor, deal.id, collected + payment.amount_fen, deal.price_fen, now)?;
        Ok(Recorded::New(payment_view(payment)))
    })
}

/// `POST /deals/{id}/mortgage` (managers, finance): the next stage only (409
/// `deal.mortgage_stage` otherwise; 409 `deal.not_mortgage` for another plan). A disbursed
/// loan falls due on the project's date of disbursement.
pub fn move_mortgage(conn: &mut Conn, actor: &Actor, id: Uuid, input: MortgageRequest) -> ApiResult<DealView> {
    let deal = visible_deal(conn, actor, id)?;
    require_money_role(actor)?;
    if deal.plan_kind != PlanKind::Mortgage {
        return Err(ApiError::conflict("deal.not_mortgage", "The deal is not paid by a mortgage."));
    }
    let zone = zone_of(conn, deal.project_id)?;
    db::transaction(conn, |conn| {
        let deal = Deal::lock(conn, deal.id)?.ok_or_else(super::deal_not_found)?;
        require_signed(&deal)?;
        if lifecycle::next_stage(deal.mortgage_stage) != Some(input.stage) {
            return Err(ApiError::conflict(
                "deal.mortgage_stage",
                "A mortgage moves one stage at a time: applied, then approved, then disbursed.",
            ));
        }
        // A stage is never dated before the one it follows (or the signing).
        let previous = [deal.mortgage_disbursed_at, deal.mortgage_approved_at, deal.mortgage_applied_at]
            .into_iter()
            .flatten()
            .next()
            .unwrap_or(deal.signed_at);
        let at = recorded_at("at", input.at, zone, previous, "the mortgage's previous stage or the signing")?;
        if !deal.move_mortgage(conn, input.stage, at, day_of(zone, at))? {
            return Err(ApiError::conflict("deal.mortgage_stage", "The mortgage moved meanwhile."));
        }
        let entry = Entry::new(AuditAction::DealMortgage, deal.id.0).project(deal.project_id.0).change(
            "mortgage_stage",
            deal.mortgage_stage,
            Some(input.stage),
        );
        audit::record(conn, actor.into(), entry)?;
        let moved = Deal::find(conn, deal.id)?.ok_or_else(super::deal_not_found)?;
        deal_view(conn, actor, moved)
    })
}
