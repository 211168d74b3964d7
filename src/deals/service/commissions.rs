//! Commissions (结佣): accrued when a channel's buyer signs (under the channel's rule for the
//! project, copied into the commission), `payable` when the rule's milestone is reached,
//! `paid` by finance, `clawed_back` when the deal is cancelled — before or after payment.
//! A referred buyer (老带新) who came through no channel earns the project's referral
//! programme its reward; the payee is the referring buyer, paid outside anchang.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{day_of, deal_not_found, recorded_at, zone_of};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::{Actor, Role};
use crate::channels::model::CommissionRule;
use crate::channels::service::arrivals;
use crate::db::{self, Conn, Id};
use crate::deals::dto::{CommissionView, ListCommissionsQuery, PayCommissionRequest};
use crate::deals::model::{Commission, CommissionMove, Deal};
use crate::deals::CommissionStatus;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::leads::model::Lead;
use crate::schema::{commissions, deals, units};
use crate::scope;

fn not_found() -> ApiError {
    ApiError::not_found("commission.not_found", "No such commission.")
}

/// The commission as its reader sees it: an agent never learns who the buyer is.
pub(super) fn view(c: Commission, deal: DealFacts, full: bool) -> CommissionView {
    CommissionView {
        id: c.id.0,
        project_id: c.project_id.0,
        channel_id: c.channel_id.0,
        deal_id: c.deal_id.0,
        building: deal.building,
        room: deal.room,
        signed_on: deal.signed_on,
        lead_id: if full { Some(deal.lead_id.0) } else { None },
        payee_lead_id: if full { c.payee_lead_id.map(|l| l.0) } else { None },
        kind: c.kind,
        value: c.value,
        milestone: c.milestone,
        milestone_percent: c.milestone_percent,
        amount_fen: c.amount_fen,
        status: c.status,
        accrued_at: c.accrued_at.and_utc(),
        payable_at: c.payable_at.map(|t| t.and_utc()),
        paid_at: c.paid_at.map(|t| t.and_utc()),
        paid_reference: c.paid_reference,
        clawed_back_at: c.clawed_back_at.map(|t| t.and_utc()),
        version: c.version,
    }
}

/// The channel's rule a signing buyer earns under, with the payee of a referral reward.
fn earning_rule(conn: &mut Conn, deal: &Deal, lead: &Lead) -> ApiResult<Option<(CommissionRule, Option<Id>)>> {
    if let Some(channel_id) = lead.channel_id {
        let rule = CommissionRule::find(conn, channel_id, deal.project_id)?;
        let referral = crate::channels::model::Channel::find(conn, channel_id)?
            .is_some_and(|c| c.kind == crate::channels::ChannelKind::Referral);
        return Ok(rule.map(|r| (r, if referral { lead.referrer_lead_id } else { None })));
    }
    match lead.referrer_lead_id {
        Some(referrer) => Ok(CommissionRule::referral_programme(conn, deal.project_id)?.map(|r| (r, Some(referrer)))),
        None => Ok(None),
    }
}

/// At signing: the commission the buyer's channel (or the referral programme) earns, if
/// it has a rule for the project; payable at once for a `signed` milestone. The buyer's
/// report becomes `deal`.
pub(super) fn accrue(conn: &mut Conn, actor: &Actor, deal: &Deal, lead: &Lead, now: NaiveDateTime) -> ApiResult<()> {
    if let Some(report_id) = lead.report_id {
        arrivals::deal_signed(conn, actor, report_id, true, now)?;
    }
    let Some((rule, payee)) = earning_rule(conn, deal, lead)? else { return Ok(()) };
    let commission = Commission {
        id: Id::new(),
        project_id: deal.project_id,
        channel_id: rule.channel_id,
        deal_id: deal.id,
        payee_lead_id: payee,
        kind: rule.kind,
        value: rule.value,
        milestone: rule.milestone,
        milestone_percent: rule.milestone_percent,
        amount_fen: rule.amount_for(deal.price_fen),
        status: CommissionStatus::Accrued,
        accrued_at: now,
        payable_at: None,
        paid_at: None,
        paid_reference: None,
        paid_by: None,
        clawed_back_at: None,
        version: 1,
        updated_at: now,
    };
    commission.insert(conn)?;
    let entry = Entry::new(AuditAction::CommissionAccrue, commission.id.0)
        .project(deal.project_id.0)
        .set("deal_id", deal.id.0)
        .set("channel_id", rule.channel_id.0)
        .set("amount_fen", commission.amount_fen)
        .set("milestone", rule.milestone);
    audit::record(conn, actor.into(), entry)?;
    advance(conn, actor, deal.id, 0, deal.price_fen, now)
}

/// After money or the price moved: each accrued commission of the deal whose milestone
/// `collected_fen` of `price_fen` reaches becomes payable.
pub(super) fn advance(
    conn: &mut Conn,
    actor: &Actor,
    deal_id: Id,
    collected_fen: i64,
    price_fen: i64,
    now: NaiveDateTime,
) -> ApiResult<()> {
    for commission in Commission::of_deal(conn, deal_id)? {
        if commission.status != CommissionStatus::Accrued || !commission.milestone_reached(collected_fen, price_fen) {
            continue;
        }
        if commission.make_move(conn, CommissionMove::Payable { at: now })? {
            let entry = Entry::new(AuditAction::CommissionPayable, commission.id.0)
                .project(commission.project_id.0)
                .change("status", commission.status, CommissionStatus::Payable)
                .set("collected_fen", collected_fen);
            audit::record(conn, actor.into(), entry)?;
        }
    }
    Ok(())
}

/// After a change of unit: what is not yet paid is counted again on the new price
/// (`commission.reprice`). A paid or clawed-back commission keeps its amount.
pub(super) fn reprice(
    conn: &mut Conn,
    actor: &Actor,
    deal_id: Id,
    price_fen: i64,
    now: NaiveDateTime,
) -> ApiResult<()> {
    for commission in Commission::of_deal(conn, deal_id)? {
        let amount = crate::channels::model::commission_amount(commission.kind, commission.value, price_fen);
        if amount == commission.amount_fen || !commission.reprice(conn, amount, now)? {
            continue;
        }
        let entry = Entry::new(AuditAction::CommissionReprice, commission.id.0)
            .project(commission.project_id.0)
            .set("deal_id", deal_id.0)
            .set("price_fen", price_fen)
            .change("amount_fen", commission.amount_fen, amount);
        audit::record(conn, actor.into(), entry)?;
    }
    Ok(())
}

/// On a cancellation: every commission of the deal is taken back, paid or not; the
/// buyer's report is `arrived` again unless another deal of theirs stands. The caller
/// holds the deal's lock, which every mover of its commissions takes, so a commission
/// that does not move was clawed back before.
pub(super) fn claw_back(conn: &mut Conn, actor: &Actor, deal: &Deal, lead: &Lead, now: NaiveDateTime) -> ApiResult<()> {
    for commission in Commission::of_deal(conn, deal.id)? {
        if commission.status == CommissionStatus::ClawedBack {
            continue;
        }
        if !commission.make_move(conn, CommissionMove::ClawedBack { at: now })? {
            return Err(ApiError::internal(anyhow::anyhow!(
                "commission {} moved under its deal's lock",
                commission.id.0
            )));
        }
        let entry = Entry::new(AuditAction::CommissionClawBack, commission.id.0)
            .project(commission.project_id.0)
            .change("status", commission.status, CommissionStatus::ClawedBack)
            .set("amount_fen", commission.amount_fen);
        audit::record(conn, actor.into(), entry)?;
    }
    if let Some(report_id) = lead.report_id {
        let another: i64 = deals::table
            .filter(deals::lead_id.eq(lead.id))
            .filter(deals::status.eq(crate::deals::DealStatus::Signed))
            .filter(deals::id.ne(deal.id))
            .count()
            .get_result(conn)?;
        if another == 0 {
            arrivals::deal_signed(conn, actor, report_id, false, now)?;
        }
    }
    Ok(())
}

/// How the actor reads commissions: every one of a project (admins, its managers and
/// finance), or their own channel's (agents); 403 `commission.forbidden` for everyone else.
enum Reader {
    Project,
    Agent(Uuid),
}

fn reader(conn: &mut Conn, actor: &Actor) -> ApiResult<Reader> {
    let forbidden = || {
        ApiError::forbidden("commission.forbidden", "Commissions are for managers, finance and the channel's agents.")
    };
    match actor.role {
        Role::Admin | Role::Manager | Role::Client | Role::Finance => Ok(Reader::Project),
        Role::ChannelAgent => scope::agent_channel(conn, actor.id)?.map(Reader::Agent).ok_or_else(forbidden),
        _ => Err(forbidden()),
    }
}

/// Where the previous page stopped: newest first.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    id: Uuid,
}

/// `GET /projects/{id}/commissions`.
pub fn list_commissions(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    filter: ListCommissionsQuery,
    page: PageQuery,
) -> ApiResult<Page<CommissionView>> {
    let reader = reader(conn, actor)?;
    let mut query = commissions::table
        .filter(commissions::project_id.eq(Id(project_id)))
        .select(Commission::as_select())
        .order(commissions::id.desc())
        .into_boxed();
    match reader {
        Reader::Project => scope::require_project(conn, actor, project_id)?,
        Reader::Agent(channel) => {
            if !scope::channel_projects(conn, channel)?.contains(&project_id) {
                return Err(ApiError::not_found("project.not_found", "No such project."));
            }
            query = query.filter(commissions::channel_id.eq(Id(channel)));
        }
    }
    if let Some(channel_id) = filter.channel_id {
        query = query.filter(commissions::channel_id.eq(Id(channel_id)));
    }
    if let Some(status) = filter.status {
        query = query.filter(commissions::status.eq(status));
    }
    if let Some(Cursor { id }) = page.decode()? {
        query = query.filter(commissions::id.lt(Id(id)));
    }
    let limit = page.limit();
    let rows: Vec<Commission> = query.limit(limit + 1).load(conn)?;
    let full = matches!(reader, Reader::Project);
    let places = places_of(conn, project_id, rows.iter().map(|c| c.deal_id).collect())?;
    Ok(Page::from_rows(
        rows,
        limit,
        |c| Cursor { id: c.id.0 },
        |c| {
            let facts = places.get(&c.deal_id).cloned().unwrap_or_default();
            view(c, facts, full)
        },
    ))
}

/// What a commission shows of its deal.
#[derive(Debug, Clone, Default)]
pub(super) struct DealFacts {
    pub building: String,
    pub room: String,
    /// The project's date the deal was signed.
    pub signed_on: NaiveDate,
    pub lead_id: Id,
}

/// Each deal's unit, signing date and lead.
fn places_of(conn: &mut Conn, project_id: Uuid, deal_ids: Vec<Id>) -> ApiResult<HashMap<Id, DealFacts>> {
    let zone = zone_of(conn, Id(project_id))?;
    let rows: Vec<(Id, String, String, NaiveDateTime, Id)> = deals::table
        .inner_join(units::table.on(units::id.eq(deals::unit_id)))
        .filter(deals::id.eq_any(deal_ids))
        .select((deals::id, units::building, units::room, deals::signed_at, deals::lead_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, building, room, at, lead_id)| {
            (id, DealFacts { building, room, signed_on: day_of(zone, at), lead_id })
        })
        .collect())
}

/// The commission, if the actor reads it; 404 otherwise.
fn visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<(Commission, bool)> {
    let reader = reader(conn, actor).map_err(|_| not_found())?;
    let commission = Commission::find(conn, Id(id))?.ok_or_else(not_found)?;
    let seen = match reader {
        Reader::Project => scope::projects(conn, actor)?.covers(commission.project_id.0),
        Reader::Agent(channel) => commission.channel_id.0 == channel,
    };
    if seen {
        Ok((commission, matches!(reader, Reader::Project)))
    } else {
        Err(not_found())
    }
}

fn one_view(conn: &mut Conn, commission: Commission, full: bool) -> ApiResult<CommissionView> {
    let project_id = commission.project_id.0;
    let mut places = places_of(conn, project_id, vec![commission.deal_id])?;
    let facts = places.remove(&commission.deal_id).ok_or_else(deal_not_found)?;
    Ok(view(commission, facts, full))
}

/// `GET /commissions/{id}`.
pub fn find_commission(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<CommissionView> {
    let (commission, full) = visible(conn, actor, id)?;
    one_view(conn, commission, full)
}

/// `POST /commissions/{id}/pay` (finance, admins): once it is payable (409
/// `commission.not_payable` otherwise).
pub fn pay_commission(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    input: PayCommissionRequest,
) -> ApiResult<CommissionView> {
    let (commission, _) = visible(conn, actor, id)?;
    if !matches!(actor.role, Role::Finance | Role::Admin) {
        return Err(ApiError::forbidden("commission.finance_only", "Only finance pays commissions."));
    }
    let reference = input.reference.trim();
    if reference.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("reference", "must not be blank")]));
    }
    let zone = zone_of(conn, commission.project_id)?;
    db::transaction(conn, |conn| {
        // Behind the deal's lock, as a cancellation's claw-back and a change's repricing
        // are: a payment never slips between their read and their write.
        let deal = Deal::lock(conn, commission.deal_id)?.ok_or_else(deal_not_found)?;
        // Paid on or after the day the deal was signed (its commission's first day), never later than now.
        let paid_at = recorded_at("paid_at", input.paid_at, zone, deal.signed_at, "the deal's signing")?;
        let current = Commission::find(conn, commission.id)?.ok_or_else(not_found)?;
        let paid = current.status == CommissionStatus::Payable
            && current.make_move(conn, CommissionMove::Paid { at: paid_at, reference, by: Id(actor.id) })?;
        if !paid {
            return Err(ApiError::conflict(
                "commission.not_payable",
                "Only a payable commission is paid: its milestone is not reached, or it was paid or clawed back.",
            ));
        }
        let entry = Entry::new(AuditAction::CommissionPay, id)
            .project(current.project_id.0)
            .change("status", current.status, CommissionStatus::Paid)
            .set("amount_fen", current.amount_fen)
            .set("reference", reference);
        audit::record(conn, actor.into(), entry)?;
        let updated = Commission::find(conn, commission.id)?.ok_or_else(not_found)?;
        one_view(conn, updated, true)
    })
}
