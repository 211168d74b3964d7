//! Changes of unit (换房) and cancellations (退房): each moves the units, the reservation,
//! the schedule, the lead and the commissions in one transaction.

use diesel::prelude::*;
use uuid::Uuid;

use super::{commissions, day_of, deal_view, require_deal_manager, require_signed, visible_deal, zone_of};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::model::{Ending, Reservation, Unit};
use crate::booking::UnitStatus;
use crate::db::{self, Conn, Id};
use crate::deals::dto::{CancelDealRequest, ChangeUnitRequest, DealView};
use crate::deals::model::{self, Deal, DealChange, Payment};
use crate::deals::{plan, DealStatus, PaymentKind, PaymentMethod};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::leads::lifecycle::StatusCause;
use crate::leads::model::{self as lead_model, Lead};
use crate::schema::{deals, reservations};
use crate::words::{LostReason, ReservationStatus};

fn non_blank(field: &str, text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new(field, "must not be blank")]));
    }
    Ok(text.to_owned())
}

/// The refusal for a target unit that is not available: held back, or taken.
fn unavailable(status: Option<UnitStatus>) -> ApiError {
    match status {
        Some(UnitStatus::Held) => ApiError::conflict("unit.held", "The unit is held back (预销控)."),
        _ => ApiError::conflict("unit.not_available", "Someone has just taken this unit."),
    }
}

/// `POST /deals/{id}/change-unit` (managers): the old unit goes back on sale, the new one
/// is sold — decided by its conditional move, so a reservation racing for it and the change
/// have one winner — and the price difference changes what is due.
pub fn change_unit(conn: &mut Conn, actor: &Actor, id: Uuid, input: ChangeUnitRequest) -> ApiResult<DealView> {
    let deal = visible_deal(conn, actor, id)?;
    require_deal_manager(actor)?;
    let reason = non_blank("reason", &input.reason)?;
    let target =
        Unit::find(conn, Id(input.to_unit_id))?.filter(|u| u.project_id == deal.project_id).ok_or_else(|| {
            ApiError::validation(vec![FieldError::new("to_unit_id", "must be a unit of the deal's project")])
        })?;
    if target.id == deal.unit_id {
        return Err(ApiError::validation(vec![FieldError::new("to_unit_id", "is the deal's unit already")]));
    }
    let zone = zone_of(conn, deal.project_id)?;
    db::transaction(conn, |conn| {
        let deal = Deal::lock(conn, deal.id)?.ok_or_else(super::deal_not_found)?;
        require_signed(&deal)?;
        let collected = model::money_of(conn, deal.id, None)?.collected_fen();
        if input.price_fen < collected {
            return Err(ApiError::conflict(
                "deal.price_below_collected",
                format!("{collected} fen are collected already: the new price cannot be lower."),
            ));
        }
        if !Unit::move_status(conn, target.id, UnitStatus::Available, UnitStatus::Sold, None)? {
            return Err(unavailable(Unit::find(conn, target.id)?.map(|u| u.status)));
        }
        Unit::move_status(conn, deal.unit_id, UnitStatus::Sold, UnitStatus::Available, None)?;
        if !Reservation::move_to_unit(conn, deal.reservation_id, target.id, input.price_fen)? {
            return Err(ApiError::internal(anyhow::anyhow!("the reservation of a signed deal was not signed")));
        }
        let now = db::now();
        let dues: Vec<plan::Due> = deal.dues(conn)?.iter().map(|d| d.due()).collect();
        let repriced = plan::reprice(&dues, input.price_fen, day_of(zone, now));
        let change = DealChange {
            id: Id::new(),
            deal_id: deal.id,
            from_unit_id: deal.unit_id,
            to_unit_id: target.id,
            from_price_fen: deal.price_fen,
            to_price_fen: input.price_fen,
            reason: reason.clone(),
            changed_by: Id(actor.id),
            changed_at: now,
        };
        deal.change_unit(conn, &change, &repriced)?;
        let handover = crate::deals::model::deliveries::delivery_of_unit(conn, target.id)?;
        crate::deals::model::deliveries::set_deal_delivery(conn, deal.id, handover)?;
        let entry = Entry::new(AuditAction::DealChangeUnit, deal.id.0)
            .project(deal.project_id.0)
            .change("unit_id", deal.unit_id.0, target.id.0)
            .change("price_fen", deal.price_fen, input.price_fen)
            .set("reason", &reason);
        audit::record(conn, actor.into(), entry)?;
        commissions::reprice(conn, actor, deal.id, input.price_fen, now)?;
        commissions::advance(conn, actor, deal.id, collected, input.price_fen, now)?;
        let changed = Deal::find(conn, deal.id)?.ok_or_else(super::deal_not_found)?;
        deal_view(conn, actor, changed)
    })
}

/// What else the lead holds besides this deal: another signed deal, a live reservation.
fn other_holdings(conn: &mut Conn, lead: Id, deal: &Deal) -> ApiResult<(bool, bool)> {
    let signed: i64 = deals::table
        .filter(deals::lead_id.eq(lead))
        .filter(deals::status.eq(DealStatus::Signed))
        .filter(deals::id.ne(deal.id))
        .count()
        .get_result(conn)?;
    let reserved: i64 = reservations::table
        .filter(reservations::lead_id.eq(lead))
        .filter(reservations::status.eq(ReservationStatus::Active))
        .count()
        .get_result(conn)?;
    Ok((signed > 0, reserved > 0))
}

/// `POST /deals/{id}/cancel` (managers): the unit back on sale, the reservation ended, the
/// refund recorded (at most what was collected), the commissions clawed back, and the lead
/// `lost` (or `visited` with `keep_prospect`) unless another unit holds them.
pub fn cancel(conn: &mut Conn, actor: &Actor, id: Uuid, input: CancelDealRequest) -> ApiResult<DealView> {
    let deal = visible_deal(conn, actor, id)?;
    require_deal_manager(actor)?;
    let reason = non_blank("reason", &input.reason)?;
    db::transaction(conn, |conn| {
        // The lead before the deal, as every writer of both locks them.
        let lead = Lead::lock_live(conn, deal.lead_id)?.ok_or_else(super::deal_not_found)?;
        let deal = Deal::lock(conn, deal.id)?.ok_or_else(super::deal_not_found)?;
        require_signed(&deal)?;
        let collected = model::money_of(conn, deal.id, None)?.collected_fen();
        if input.refund_fen > collected {
            return Err(ApiError::conflict(
                "deal.refund_exceeds_collected",
                format!("Only {collected} fen were collected: the refund cannot be more."),
            ));
        }
        let now = db::now();
        if !deal.cancel(conn, Id(actor.id), now, &reason)? {
            return Err(ApiError::conflict("deal.cancelled", "The deal was cancelled."));
        }
        Unit::move_status(conn, deal.unit_id, UnitStatus::Sold, UnitStatus::Available, None)?;
        Reservation::end(conn, deal.reservation_id, Ending::DealCancelled { by: Id(actor.id), at: now })?;
        let refund_id = (input.refund_fen > 0).then(Id::new);
        if let Some(refund_id) = refund_id {
            let refund = Payment {
                id: refund_id,
                deal_id: deal.id,
                project_id: deal.project_id,
                kind: PaymentKind::Refund,
                amount_fen: input.refund_fen,
                method: input.refund_method.unwrap_or(PaymentMethod::BankTransfer),
                paid_at: now,
                receipt_no: None,
                recorded_by: Id(actor.id),
                created_at: now,
            };
            refund.insert_new(conn)?;
        }
        let (holds_signed, holds_reserved) = other_holdings(conn, lead.id, &deal)?;
        let cause = StatusCause::DealCancelled {
            holds_signed,
            holds_reserved,
            keep_prospect: input.keep_prospect,
            lost_reason: input.lost_reason.unwrap_or(LostReason::Other),
        };
        let status = lead_model::move_status(conn, lead.id, cause)?.unwrap_or(lead.status);
        let entry = Entry::new(AuditAction::DealCancel, deal.id.0)
            .project(deal.project_id.0)
            .change("status", DealStatus::Signed, DealStatus::Cancelled)
            .change("unit.status", UnitStatus::Sold, UnitStatus::Available)
            .change("lead.status", lead.status, status)
            .set("reason", &reason)
            .set("collected_fen", collected)
            .set("refund_fen", input.refund_fen)
            .set("refund_payment_id", refund_id.map(|r| r.0));
        audit::record(conn, actor.into(), entry)?;
        commissions::claw_back(conn, actor, &deal, &lead, now)?;
        let cancelled = Deal::find(conn, deal.id)?.ok_or_else(super::deal_not_found)?;
        deal_view(conn, actor, cancelled)
    })
}
