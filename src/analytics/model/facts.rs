//! The reporting view: what happened in a project between two instants, read from the rows
//! the domain modules keep when things happen, each with who and which channel it counts for.
//! One statement per kind of row, each on an index led by the project (or the lead) and the
//! time; the days are cut by the service in the project's zone.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::deals::PaymentKind;
use crate::schema::{
    channel_projects, channels, deal_changes, deal_payments, deals, follow_ups, lead_status_moves, leads, reservations,
    subscriptions,
};
use crate::words::{Channel, InitiatedBy, LeadStatus, SourceChannel};

/// Ids looked up per statement.
const CHUNK: usize = 500;

/// What a fact counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    CallIn,
    FirstVisit,
    ReturnVisit,
    NewLead,
    Subscription,
    SubscriptionRefund,
    Reservation,
    ReservationCancellation,
    Signing,
    Cancellation,
    Collected,
}

/// One thing that happened, when, for whom and through which channel: as they stood when it
/// happened (kept on the fact's own row), corrected by upheld appeals.
#[derive(Debug, Clone)]
pub struct Fact {
    pub at: NaiveDateTime,
    pub user: Id,
    pub source_channel: SourceChannel,
    pub channel_id: Option<Id>,
    pub measure: Measure,
    pub amount_fen: i64,
}

type Attributed = (NaiveDateTime, Id, SourceChannel, Option<Id>);

fn fact((at, user, source_channel, channel_id): Attributed, measure: Measure, amount_fen: i64) -> Fact {
    Fact { at, user, source_channel, channel_id, measure, amount_fen }
}

/// Calls the buyer started, and visits — first or return, by the lead's first visit ever
/// (kept on the lead, so one statement answers both); each counted for its author, through
/// the channel the buyer had then.
fn contacts(conn: &mut Conn, span: Span) -> QueryResult<Vec<Fact>> {
    type Row = (NaiveDateTime, Id, Channel, Option<NaiveDateTime>, SourceChannel, Option<Id>);
    let Span { project, start, end, only } = span;
    let mut query = follow_ups::table
        .inner_join(leads::table.on(leads::id.eq(follow_ups::lead_id)))
        .filter(follow_ups::project_id.eq(project))
        .filter(follow_ups::happened_at.ge(start))
        .filter(follow_ups::happened_at.lt(end))
        .filter(
            follow_ups::channel
                .eq(Channel::Visit)
                .or(follow_ups::channel.eq(Channel::Phone).and(follow_ups::initiated_by.eq(InitiatedBy::Customer))),
        )
        .select((
            follow_ups::happened_at,
            follow_ups::author_id,
            follow_ups::channel,
            leads::first_visit_at,
            follow_ups::source_channel,
            follow_ups::channel_id,
        ))
        .into_boxed();
    if let Some(author) = only {
        query = query.filter(follow_ups::author_id.eq(author));
    }
    let rows: Vec<Row> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, author, channel, first_visit, source, partner)| {
            let measure = match channel {
                Channel::Visit if first_visit == Some(at) => Measure::FirstVisit,
                Channel::Visit => Measure::ReturnVisit,
                _ => Measure::CallIn,
            };
            fact((at, author, source, partner), measure, 0)
        })
        .collect())
}

/// Leads registered, for who registered them through which channel (their registration is
/// their first status move).
fn new_leads(conn: &mut Conn, span: Span) -> QueryResult<Vec<Fact>> {
    let Span { project, start, end, only } = span;
    let mut query = lead_status_moves::table
        .filter(lead_status_moves::project_id.eq(project))
        .filter(lead_status_moves::from_status.is_null())
        // Not the rows kept for buyers lost before moves were (from NULL to lost).
        .filter(lead_status_moves::to_status.eq(LeadStatus::New))
        .filter(lead_status_moves::moved_at.ge(start))
        .filter(lead_status_moves::moved_at.lt(end))
        .select((
            lead_status_moves::moved_at,
            lead_status_moves::owner_id,
            lead_status_moves::source_channel,
            lead_status_moves::channel_id,
        ))
        .into_boxed();
    if let Some(owner) = only {
        query = query.filter(lead_status_moves::owner_id.eq(owner));
    }
    let rows: Vec<Attributed> = query.load(conn)?;
    Ok(rows.into_iter().map(|row| fact(row, Measure::NewLead, 0)).collect())
}

/// Deposits paid and refunded, both counted for whom the deposit was paid with.
fn subscriptions(conn: &mut Conn, span: Span) -> QueryResult<Vec<Fact>> {
    let Span { project, start, end, only } = span;
    let base = || {
        let query = subscriptions::table.filter(subscriptions::project_id.eq(project)).into_boxed();
        match only {
            Some(owner) => query.filter(subscriptions::owner_id.eq(owner)),
            None => query,
        }
    };
    let paid: Vec<Attributed> = base()
        .filter(subscriptions::paid_at.ge(start))
        .filter(subscriptions::paid_at.lt(end))
        .select((
            subscriptions::paid_at,
            subscriptions::owner_id,
            subscriptions::source_channel,
            subscriptions::channel_id,
        ))
        .load(conn)?;
    let refunded: Vec<Attributed> = base()
        .filter(subscriptions::refunded_at.ge(start))
        .filter(subscriptions::refunded_at.lt(end))
        .select((
            subscriptions::refunded_at.assume_not_null(),
            subscriptions::owner_id,
            subscriptions::source_channel,
            subscriptions::channel_id,
        ))
        .load(conn)?;
    let paid = paid.into_iter().map(|row| fact(row, Measure::Subscription, 0));
    Ok(paid.chain(refunded.into_iter().map(|row| fact(row, Measure::SubscriptionRefund, 0))).collect())
}

/// Units reserved and reservations cancelled, both counted for whom the unit was reserved with.
fn reservations(conn: &mut Conn, span: Span) -> QueryResult<Vec<Fact>> {
    let Span { project, start, end, only } = span;
    let base = || {
        let query = reservations::table.filter(reservations::project_id.eq(project)).into_boxed();
        match only {
            Some(owner) => query.filter(reservations::owner_id.eq(owner)),
            None => query,
        }
    };
    let made: Vec<Attributed> = base()
        .filter(reservations::reserved_at.ge(start))
        .filter(reservations::reserved_at.lt(end))
        .select((
            reservations::reserved_at,
            reservations::owner_id,
            reservations::source_channel,
            reservations::channel_id,
        ))
        .load(conn)?;
    let cancelled: Vec<Attributed> = base()
        .filter(reservations::cancelled_at.ge(start))
        .filter(reservations::cancelled_at.lt(end))
        .select((
            reservations::cancelled_at.assume_not_null(),
            reservations::owner_id,
            reservations::source_channel,
            reservations::channel_id,
        ))
        .load(conn)?;
    let made = made.into_iter().map(|row| fact(row, Measure::Reservation, 0));
    Ok(made.chain(cancelled.into_iter().map(|row| fact(row, Measure::ReservationCancellation, 0))).collect())
}

/// Deals signed (at their price at signing) and cancelled (at their price then), both
/// counted for whom the deal was signed with.
fn deals(conn: &mut Conn, span: Span) -> QueryResult<Vec<Fact>> {
    type Row = (Id, NaiveDateTime, Option<NaiveDateTime>, i64, Id, SourceChannel, Option<Id>);
    let Span { project, start, end, only } = span;
    let base = || {
        let query = deals::table
            .filter(deals::project_id.eq(project))
            .select((
                deals::id,
                deals::signed_at,
                deals::cancelled_at,
                deals::price_fen,
                deals::owner_id,
                deals::source_channel,
                deals::channel_id,
            ))
            .into_boxed();
        match only {
            Some(owner) => query.filter(deals::owner_id.eq(owner)),
            None => query,
        }
    };
    let signed: Vec<Row> = base().filter(deals::signed_at.ge(start)).filter(deals::signed_at.lt(end)).load(conn)?;
    let cancelled: Vec<Row> =
        base().filter(deals::cancelled_at.ge(start)).filter(deals::cancelled_at.lt(end)).load(conn)?;
    // A change of unit reprices a deal; its first change knows the price it was signed at.
    let mut signed_price: HashMap<Id, i64> = HashMap::new();
    for chunk in signed.iter().map(|d| d.0).collect::<Vec<_>>().chunks(CHUNK) {
        let changes: Vec<(Id, i64)> = deal_changes::table
            .filter(deal_changes::deal_id.eq_any(chunk.to_vec()))
            .order((deal_changes::deal_id, deal_changes::changed_at.desc()))
            .select((deal_changes::deal_id, deal_changes::from_price_fen))
            .load(conn)?;
        signed_price.extend(changes);
    }
    let mut found = Vec::new();
    for (id, signed_at, _, price, owner, source, partner) in signed {
        let at_signing = signed_price.get(&id).copied().unwrap_or(price);
        found.push(fact((signed_at, owner, source, partner), Measure::Signing, at_signing));
    }
    for (_, _, cancelled_at, price, owner, source, partner) in cancelled {
        if let Some(at) = cancelled_at {
            found.push(fact((at, owner, source, partner), Measure::Cancellation, price));
        }
    }
    Ok(found)
}

/// Money received (positive) and refunded (negative).
fn payments(conn: &mut Conn, span: Span) -> QueryResult<Vec<Fact>> {
    let Span { project, start, end, only } = span;
    let mut query = deal_payments::table
        .inner_join(deals::table.on(deals::id.eq(deal_payments::deal_id)))
        .filter(deal_payments::project_id.eq(project))
        .filter(deal_payments::paid_at.ge(start))
        .filter(deal_payments::paid_at.lt(end))
        .select((
            deal_payments::paid_at,
            deal_payments::kind,
            deal_payments::amount_fen,
            deals::owner_id,
            deals::source_channel,
            deals::channel_id,
        ))
        .into_boxed();
    if let Some(owner) = only {
        query = query.filter(deals::owner_id.eq(owner));
    }
    let rows: Vec<(NaiveDateTime, PaymentKind, i64, Id, SourceChannel, Option<Id>)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, kind, amount, owner, source, partner)| {
            let signed = if kind == PaymentKind::Refund { -amount.abs() } else { amount };
            fact((at, owner, source, partner), Measure::Collected, signed)
        })
        .collect())
}

/// Which facts: a project's in `[start, end)`, and only those counted for `only` (a
/// salesperson reading their own numbers; each statement filters on the column the fact is
/// counted by, so a salesperson's report reads their rows, not the project's).
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub project: Id,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub only: Option<Id>,
}

/// Everything that happened in the span.
pub fn facts(conn: &mut Conn, span: Span) -> QueryResult<Vec<Fact>> {
    let mut found = contacts(conn, span)?;
    found.extend(new_leads(conn, span)?);
    found.extend(subscriptions(conn, span)?);
    found.extend(reservations(conn, span)?);
    found.extend(deals(conn, span)?);
    found.extend(payments(conn, span)?);
    Ok(found)
}

/// Whether the channel serves the project.
pub fn serves(conn: &mut Conn, channel: Id, project: Id) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        channel_projects::table
            .filter(channel_projects::channel_id.eq(channel))
            .filter(channel_projects::project_id.eq(project)),
    ))
    .get_result(conn)
}

/// The names of these channel partners.
pub fn channel_names(conn: &mut Conn, ids: &[Id]) -> QueryResult<HashMap<Id, String>> {
    let mut names = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(Id, String)> = channels::table
            .filter(channels::id.eq_any(chunk.to_vec()))
            .select((channels::id, channels::name))
            .load(conn)?;
        names.extend(rows);
    }
    Ok(names)
}
