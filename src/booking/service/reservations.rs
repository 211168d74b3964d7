//! Reservations (认购): taking a unit on opening day and cancelling it; each moves the
//! unit and the lead in the same transaction. Signing (签约) makes a deal: `deals`' own.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use super::opening::settings_of;
use super::visible_unit;
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::*;
use crate::booking::model::{Ending, Reservation, Unit};
use crate::booking::{SubscriptionStatus, UnitStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::leads::lifecycle::StatusCause;
use crate::leads::model::{self as lead_model, Lead};
use crate::leads::service::{lead_not_found, visible_lead};
use crate::schema::{leads, reservations, subscriptions, units};
use crate::scope;

/// A reservation as the API shows it. A signing makes its deal under the reservation's own
/// id (deals/), so a signed reservation names its deal without reading another table.
pub fn reservation_view(conn: &mut Conn, r: Reservation) -> ApiResult<ReservationView> {
    let (building, room): (String, String) =
        units::table.find(r.unit_id).select((units::building, units::room)).first(conn)?;
    let lead_name: String = leads::table.find(r.lead_id).select(leads::name).first(conn)?;
    let deal_id = r.signed_at.map(|_| r.id.0);
    Ok(ReservationView {
        id: r.id.0,
        project_id: r.project_id.0,
        unit_id: r.unit_id.0,
        building,
        room,
        lead_id: r.lead_id.0,
        lead_name,
        status: r.status,
        reserved_by: r.reserved_by.0,
        reserved_at: r.reserved_at.and_utc(),
        price_fen: r.price_fen,
        contract_no: r.contract_no,
        signed_at: r.signed_at.map(|t| t.and_utc()),
        deal_id,
    })
}

/// Where a lead stands before an attempt: its active subscription's queue number and how
/// many units it holds, in one statement.
struct Standing {
    queue_no: Option<i64>,
    held: i64,
}

fn standing(conn: &mut Conn, lead: Id) -> QueryResult<Standing> {
    let queue_no = subscriptions::table
        .filter(subscriptions::lead_id.eq(lead))
        .filter(subscriptions::status.eq(SubscriptionStatus::Active))
        .select(subscriptions::queue_no)
        .single_value();
    let (queue_no, held): (Option<i64>, Option<i64>) =
        diesel::select((queue_no, units_held(lead).single_value())).get_result(conn)?;
    Ok(Standing { queue_no, held: held.unwrap_or(0) })
}

/// The count of a lead's live reservations.
#[diesel::dsl::auto_type]
fn units_held(lead: Id) -> _ {
    let cancelled: ReservationStatus = ReservationStatus::Cancelled;
    reservations::table.filter(reservations::lead_id.eq(lead)).filter(reservations::status.ne(cancelled)).count()
}

fn active_queue_no(conn: &mut Conn, lead: Id) -> QueryResult<Option<i64>> {
    subscriptions::table
        .filter(subscriptions::lead_id.eq(lead))
        .filter(subscriptions::status.eq(SubscriptionStatus::Active))
        .select(subscriptions::queue_no)
        .first(conn)
        .optional()
}

fn over_limit() -> ApiError {
    ApiError::conflict("lead.reservation_limit", "The lead already holds as many units as allowed.")
}

/// The refusal for a unit that is not available: held back, or taken.
fn unavailable(status: Option<UnitStatus>) -> ApiError {
    if status == Some(UnitStatus::Held) {
        ApiError::conflict("unit.held", "The unit is held back (预销控).")
    } else {
        taken()
    }
}

fn taken() -> ApiError {
    ApiError::conflict("unit.not_available", "Someone has just taken this unit.")
}

/// `POST /units/{id}/reservations`: take a unit for a lead the caller owns (or, for a
/// manager, any lead of the project).
pub fn reserve(conn: &mut Conn, actor: &Actor, unit_id: Uuid, input: ReserveRequest) -> ApiResult<ReservationView> {
    crate::scope::require_lead_worker(actor)?;
    let unit = visible_unit(conn, actor, unit_id)?;
    let lead = visible_lead(conn, actor, input.lead_id)?;
    if lead.project_id != unit.project_id {
        return Err(ApiError::validation(vec![FieldError::new("lead_id", "must be a lead of the unit's project")]));
    }
    let settings = settings_of(conn, unit.project_id)?;
    if settings.state != OpeningState::Open {
        return Err(ApiError::conflict("opening.closed", "The opening is not open."));
    }
    let Standing { queue_no, held } = standing(conn, lead.id)?;
    if settings.requires_subscription && queue_no.is_none() {
        return Err(ApiError::conflict("lead.not_subscribed", "Only subscribed leads may reserve."));
    }
    if settings.mode == OpeningMode::Ordered && queue_no.is_none_or(|n| n > settings.called_up_to) {
        return Err(ApiError::conflict("opening.not_called", "This lead's queue number has not been called yet."));
    }
    // Most attempts of an opening are refused: a unit just taken, a buyer who already has
    // one. What was just read says so without a transaction; every other attempt is decided
    // below, with the lead locked and the unit's conditional UPDATE.
    let limit = i64::from(settings.max_units_per_lead);
    if held >= limit {
        return Err(over_limit());
    }
    if unit.status != UnitStatus::Available {
        return Err(unavailable(Some(unit.status)));
    }
    db::transaction(conn, |conn| {
        // One lead's attempts queue behind each other, so the limit holds under races.
        let lead = Lead::lock_live(conn, lead.id)?.ok_or_else(lead_not_found)?;
        let held: i64 = units_held(lead.id).get_result(conn)?;
        if held >= limit {
            return Err(over_limit());
        }
        let now = db::now();
        if !Unit::move_status(conn, unit.id, UnitStatus::Available, UnitStatus::Reserved, None)? {
            return Err(unavailable(Unit::find(conn, unit.id)?.map(|u| u.status)));
        }
        let reservation = Reservation {
            id: Id::new(),
            project_id: unit.project_id,
            unit_id: unit.id,
            lead_id: lead.id,
            status: ReservationStatus::Active,
            reserved_by: Id(actor.id),
            reserved_at: now,
            price_fen: None,
            contract_no: None,
            signed_at: None,
            cancelled_at: None,
            cancelled_by: None,
            owner_id: lead.owner_id,
            source_channel: lead.source_channel,
            channel_id: lead.channel_id,
        };
        match diesel::insert_into(reservations::table).values(&reservation).execute(conn) {
            Ok(_) => {}
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => return Err(taken()),
            Err(other) => return Err(other.into()),
        }
        let status = lead_model::move_status(conn, lead.id, StatusCause::Reservation)?.unwrap_or(lead.status);
        let entry = Entry::new(AuditAction::ReservationCreate, reservation.id.0)
            .project(unit.project_id.0)
            .set("unit_id", unit.id.0)
            .set("lead_id", lead.id.0)
            .change("unit.status", UnitStatus::Available, UnitStatus::Reserved)
            .change("lead.status", lead.status, status);
        audit::record(conn, actor.into(), entry)?;
        reservation_view(conn, reservation)
    })
}

pub fn reservation_not_found() -> ApiError {
    ApiError::not_found("reservation.not_found", "No such reservation.")
}

/// The reservation and its lead, if the actor may see the lead; 404 otherwise.
pub fn visible_reservation(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<(Reservation, Lead)> {
    let r: Reservation = reservations::table
        .find(Id(id))
        .select(Reservation::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(reservation_not_found)?;
    let lead = visible_lead(conn, actor, r.lead_id.0).map_err(|_| reservation_not_found())?;
    Ok((r, lead))
}

/// `GET /reservations/{id}`: the lead's owner and the project's managers.
pub fn find_reservation(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<ReservationView> {
    crate::scope::require_lead_worker(actor)?;
    let (reservation, _) = visible_reservation(conn, actor, id)?;
    reservation_view(conn, reservation)
}

/// `DELETE /reservations/{id}` (managers): the unit goes back on sale.
pub fn cancel(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<()> {
    crate::scope::require_lead_worker(actor)?;
    let (reservation, lead) = visible_reservation(conn, actor, id)?;
    scope::require_project_manager(conn, actor, reservation.project_id.0)?;
    db::transaction(conn, |conn| {
        let now = db::now();
        let ending = Ending::Cancelled { by: Id(actor.id), at: now };
        if !Reservation::end(conn, reservation.id, ending)? {
            return Err(ApiError::conflict(
                "reservation.not_active",
                "Only an active reservation can be cancelled; a signed one is a sale.",
            ));
        }
        Unit::move_status(conn, reservation.unit_id, UnitStatus::Reserved, UnitStatus::Available, None)?;
        let holds_another = reservations::table
            .filter(reservations::lead_id.eq(lead.id))
            .filter(reservations::status.ne(ReservationStatus::Cancelled))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        let subscribed = active_queue_no(conn, lead.id)?.is_some();
        let cause = StatusCause::ReservationCancelled { subscribed, holds_another };
        let back = lead_model::move_status(conn, lead.id, cause)?.unwrap_or(lead.status);
        let entry = Entry::new(AuditAction::ReservationCancel, id)
            .project(reservation.project_id.0)
            .change("status", ReservationStatus::Active, ReservationStatus::Cancelled)
            .change("lead.status", lead.status, back);
        audit::record(conn, actor.into(), entry)?;
        Ok(())
    })
}
