//! Deal rules, split by action: signing, payments and the mortgage, changes and
//! cancellations, receivables, commissions, and the lists. Who reads a deal and who may
//! move its money is decided here, once.
//!
//! - admins: every deal;
//! - managers and finance: the deals of their projects (finance: names, no contact details
//!   — a deal carries no contact details at all);
//! - salespeople and integrations: the deals of the leads they own;
//! - receptionists and channel agents: no deal (403 `deal.role_forbidden`); an agent sees
//!   their channel's commissions only.

mod changes;
mod commissions;
mod deliveries;
mod list;
mod payments;
mod receivables;
mod signing;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::{Actor, Role};
use crate::db::{Conn, Id};
use crate::deals::dto::{DealChangeView, DealView, DueView, PaymentView};
use crate::deals::model::{self, Commission, Deal, Payment};
use crate::deals::DealStatus;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::calendar;
use crate::projects::model::zone_of;
use crate::schema::{leads, units};
use crate::scope::{self, LeadRights};

pub use changes::{cancel, change_unit};
pub use commissions::{find_commission, list_commissions, pay_commission};
pub use deliveries::{list_deliveries, set_delivery, signed_of};
pub use list::{deals_of_lead, list_deals};
pub use payments::{move_mortgage, record_payment, Recorded};
pub use receivables::{overdue_on, overdue_payments, receivables};
pub use signing::sign;

pub(crate) fn deal_not_found() -> ApiError {
    ApiError::not_found("deal.not_found", "No such deal.")
}

/// 403 `deal.role_forbidden` for the roles that see no deal (the desk, channel agents).
fn require_deal_reader(actor: &Actor) -> ApiResult<()> {
    match actor.role {
        Role::Receptionist | Role::ChannelAgent => {
            Err(ApiError::forbidden("deal.role_forbidden", "Your role does not see deals."))
        }
        _ => Ok(()),
    }
}

/// Whether the role reads every deal of its projects (and their commissions).
fn reads_projects(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager | Role::Client | Role::Finance)
}

/// The deal, if the actor may see it; 404 otherwise.
pub(crate) fn visible_deal(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Deal> {
    require_deal_reader(actor)?;
    let deal = Deal::find(conn, Id(id))?.ok_or_else(deal_not_found)?;
    if reads_projects(actor) {
        scope::require_project(conn, actor, deal.project_id.0).map_err(|_| deal_not_found())?;
    } else {
        scope::require_lead(conn, actor, deal.lead_id.0, LeadRights::Owner).map_err(|_| deal_not_found())?;
    }
    Ok(deal)
}

/// 403 `deal.finance_only` unless the actor moves money in the deal's project: admins,
/// the project's managers and finance.
fn require_money_role(actor: &Actor) -> ApiResult<()> {
    match actor.role {
        Role::Admin | Role::Manager | Role::Client | Role::Finance => Ok(()),
        _ => Err(ApiError::forbidden("deal.finance_only", "Only the project's managers and finance record money.")),
    }
}

/// 403 `deal.manager_only` unless the actor manages the deal's project.
fn require_deal_manager(actor: &Actor) -> ApiResult<()> {
    if actor.role.manages() {
        Ok(())
    } else {
        Err(ApiError::forbidden("deal.manager_only", "Only the project's managers change or cancel a deal."))
    }
}

/// 409 `deal.cancelled` for a deal that no longer stands.
fn require_signed(deal: &Deal) -> ApiResult<()> {
    if deal.status == DealStatus::Signed {
        Ok(())
    } else {
        Err(ApiError::conflict("deal.cancelled", "The deal was cancelled."))
    }
}

/// How far ahead of the server's clock a recorded moment may be (phones' clocks drift).
const CLOCK_SKEW: Duration = Duration::minutes(5);

/// A moment the request records (`field`), as stored: 422 when it is in the future or on a
/// day (in the project's `zone`) before that of `not_before`, the moment it follows (`after`,
/// e.g. "the reservation"). Days, not instants: a clerk enters the bank's date, often as
/// midnight, for money that came in hours after the reservation on the same day.
fn recorded_at(
    field: &str,
    at: DateTime<Utc>,
    zone: chrono_tz::Tz,
    not_before: NaiveDateTime,
    after: &str,
) -> ApiResult<NaiveDateTime> {
    let at = crate::db::stored(at);
    if at > crate::db::now() + CLOCK_SKEW {
        return Err(ApiError::validation(vec![FieldError::new(field, "must not be in the future")]));
    }
    if day_of(zone, at) < day_of(zone, not_before) {
        return Err(ApiError::validation(vec![FieldError::new(field, format!("must not be before {after}"))]));
    }
    Ok(at)
}

/// The project's date of an instant.
fn day_of(zone: chrono_tz::Tz, at: NaiveDateTime) -> NaiveDate {
    calendar::today(zone, at)
}

fn payment_view(p: Payment) -> PaymentView {
    PaymentView {
        id: p.id.0,
        deal_id: p.deal_id.0,
        kind: p.kind,
        amount_fen: p.amount_fen,
        method: p.method,
        paid_at: p.paid_at.and_utc(),
        receipt_no: p.receipt_no,
        recorded_by: p.recorded_by.0,
        created_at: p.created_at.and_utc(),
    }
}

/// The deal as `actor` sees it, with its schedule, money, changes and (for managers and
/// finance) commissions.
fn deal_view(conn: &mut Conn, actor: &Actor, deal: Deal) -> ApiResult<DealView> {
    let (building, room): (String, String) =
        units::table.find(deal.unit_id).select((units::building, units::room)).first(conn)?;
    let lead_name: String = leads::table.find(deal.lead_id).select(leads::name).first(conn)?;
    let dues = deal.dues(conn)?;
    let payments = Payment::of_deal(conn, deal.id)?;
    let money = model::money_of(conn, deal.id, None)?;
    let changes = deal.changes(conn)?;
    let commissions = if reads_projects(actor) {
        let zone = zone_of(conn, deal.project_id)?;
        let facts = commissions::DealFacts {
            building: building.clone(),
            room: room.clone(),
            signed_on: day_of(zone, deal.signed_at),
            lead_id: deal.lead_id,
        };
        Commission::of_deal(conn, deal.id)?.into_iter().map(|c| commissions::view(c, facts.clone(), true)).collect()
    } else {
        Vec::new()
    };
    let outstanding_fen =
        if deal.status == DealStatus::Signed { (deal.price_fen - money.collected_fen()).max(0) } else { 0 };
    Ok(DealView {
        id: deal.id.0,
        project_id: deal.project_id.0,
        reservation_id: deal.reservation_id.0,
        lead_id: deal.lead_id.0,
        lead_name,
        unit_id: deal.unit_id.0,
        building,
        room,
        owner_id: deal.owner_id.0,
        channel_id: deal.channel_id.map(|c| c.0),
        contract_no: deal.contract_no,
        price_fen: deal.price_fen,
        status: deal.status,
        plan_kind: deal.plan_kind,
        dues: dues.into_iter().map(|d| DueView { kind: d.kind, due_on: d.due_on, amount_fen: d.amount_fen }).collect(),
        mortgage_stage: deal.mortgage_stage,
        mortgage_applied_at: deal.mortgage_applied_at.map(|t| t.and_utc()),
        mortgage_approved_at: deal.mortgage_approved_at.map(|t| t.and_utc()),
        mortgage_disbursed_at: deal.mortgage_disbursed_at.map(|t| t.and_utc()),
        collected_fen: money.collected_fen(),
        refunded_fen: money.refunded_fen,
        outstanding_fen,
        payments: payments.into_iter().map(payment_view).collect(),
        changes: changes
            .into_iter()
            .map(|c| DealChangeView {
                from_unit_id: c.from_unit_id.0,
                to_unit_id: c.to_unit_id.0,
                from_price_fen: c.from_price_fen,
                to_price_fen: c.to_price_fen,
                reason: c.reason,
                changed_by: c.changed_by.0,
                changed_at: c.changed_at.and_utc(),
            })
            .collect(),
        commissions,
        signed_at: deal.signed_at.and_utc(),
        signed_by: deal.signed_by.0,
        cancelled_at: deal.cancelled_at.map(|t| t.and_utc()),
        cancel_reason: deal.cancel_reason,
        delivery_expected_at: deal.delivery_expected_at,
        version: deal.version,
    })
}

/// `GET /deals/{id}`.
pub fn find_deal(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<DealView> {
    let deal = visible_deal(conn, actor, id)?;
    deal_view(conn, actor, deal)
}
