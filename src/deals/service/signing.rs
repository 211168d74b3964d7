//! Signing (签约): a reservation becomes a deal with its payment plan, the unit is sold, the
//! lead signed, and a channel's buyer accrues the channel's commission — in one transaction.

use uuid::Uuid;

use super::{commissions, day_of, recorded_at, zone_of};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::ReservationView;
use crate::booking::model::{Ending, Reservation, Unit};
use crate::booking::service::{reservation_not_found, reservation_view, visible_reservation};
use crate::booking::UnitStatus;
use crate::db::{self, Conn, Id};
use crate::deals::dto::{PaymentPlanRequest, SignRequest};
use crate::deals::model::Deal;
use crate::deals::{plan, DealStatus, PlanKind};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::leads::lifecycle::StatusCause;
use crate::leads::model as lead_model;
use crate::scope::{self, LeadRights};

fn full_plan() -> PaymentPlanRequest {
    PaymentPlanRequest {
        kind: PlanKind::Full,
        installments: None,
        down_payment_fen: None,
        down_payment_due_at: None,
        loan_fen: None,
    }
}

/// `POST /reservations/{id}/sign`: the owner or a manager records the contract; answers
/// the signed reservation with its `deal_id`.
pub fn sign(conn: &mut Conn, actor: &Actor, id: Uuid, input: SignRequest) -> ApiResult<ReservationView> {
    scope::require_lead_worker(actor)?;
    let (reservation, lead) = visible_reservation(conn, actor, id)?;
    if LeadRights::within_scope(actor, lead.owner_id.0) < LeadRights::Owner {
        return Err(reservation_not_found());
    }
    let contract_no = input.contract_no.trim();
    if contract_no.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("contract_no", "must not be blank")]));
    }
    let zone = zone_of(conn, reservation.project_id)?;
    let signed_at = recorded_at("signed_at", input.signed_at, zone, reservation.reserved_at, "the reservation")?;
    let plan_request = input.payment_plan.unwrap_or_else(full_plan);
    let dues = plan::schedule(&plan_request, input.price_fen, day_of(zone, signed_at)).map_err(ApiError::validation)?;
    db::transaction(conn, |conn| {
        // The lead as it is now, locked first as every writer of a lead and its deals does:
        // the deal, its owner and channel, and the commission are built from this row, not
        // from the one read before the transaction (a handover or an attribution may have
        // landed since).
        let lead = lead_model::Lead::lock_live(conn, lead.id)?.ok_or_else(reservation_not_found)?;
        if LeadRights::within_scope(actor, lead.owner_id.0) < LeadRights::Owner {
            return Err(reservation_not_found());
        }
        let ending = Ending::Signed { contract_no, price_fen: input.price_fen, at: signed_at };
        if !Reservation::end(conn, reservation.id, ending)? {
            return Err(ApiError::conflict(
                "reservation.not_active",
                "The reservation is cancelled or already signed.",
            ));
        }
        if !Unit::move_status(conn, reservation.unit_id, UnitStatus::Reserved, UnitStatus::Sold, None)? {
            return Err(ApiError::internal(anyhow::anyhow!("the unit of an active reservation was not reserved")));
        }
        let status = lead_model::move_status(conn, lead.id, StatusCause::Signing)?.unwrap_or(lead.status);
        let now = db::now();
        // The deal takes the reservation's id: one signing, one deal, and the reservation
        // names its deal without a lookup (booking/ never reads deals).
        let deal = Deal {
            id: reservation.id,
            project_id: reservation.project_id,
            reservation_id: reservation.id,
            lead_id: lead.id,
            unit_id: reservation.unit_id,
            owner_id: lead.owner_id,
            channel_id: lead.channel_id,
            source_channel: lead.source_channel,
            delivery_expected_at: crate::deals::model::deliveries::delivery_of_unit(conn, reservation.unit_id)?,
            contract_no: contract_no.to_owned(),
            price_fen: input.price_fen,
            plan_kind: plan_request.kind,
            mortgage_stage: None,
            mortgage_applied_at: None,
            mortgage_approved_at: None,
            mortgage_disbursed_at: None,
            status: DealStatus::Signed,
            signed_at,
            signed_by: Id(actor.id),
            cancelled_at: None,
            cancelled_by: None,
            cancel_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        deal.insert(conn, &dues)?;
        let signing = Entry::new(AuditAction::ReservationSign, id)
            .project(reservation.project_id.0)
            .set("contract_no", contract_no)
            .set("price_fen", input.price_fen)
            .set("deal_id", deal.id.0)
            .change("lead.status", lead.status, status);
        audit::record(conn, actor.into(), signing)?;
        let made = Entry::new(AuditAction::DealSign, deal.id.0)
            .project(deal.project_id.0)
            .set("reservation_id", reservation.id.0)
            .set("lead_id", lead.id.0)
            .set("unit_id", deal.unit_id.0)
            .set("price_fen", deal.price_fen)
            .set("plan_kind", deal.plan_kind)
            .set("channel_id", deal.channel_id.map(|c| c.0));
        audit::record(conn, actor.into(), made)?;
        commissions::accrue(conn, actor, &deal, &lead, now)?;
        let signed = Reservation::find(conn, reservation.id)?.ok_or_else(reservation_not_found)?;
        reservation_view(conn, signed)
    })
}
