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
    channel_projects, channels, deal_changes, deal_payments, deals, follow_ups, leads, reservations, subscriptions,
};
use crate::words::{Channel, InitiatedBy, SourceChannel};

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

/// One thing that happened, when, for whom and through which channel.
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

/// Calls the buyer started, and visits — first or return, by the lead's first visit ever.
fn contacts(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<Fact>> {
    let rows: Vec<(NaiveDateTime, Id, Channel, Id, SourceChannel, Option<Id>)> = follow_ups::table
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
            follow_ups::lead_id,
            leads::source_channel,
            leads::channel_id,
        ))
        .load(conn)?;
    let mut visited: Vec<Id> = rows.iter().filter(|r| r.2 == Channel::Visit).map(|r| r.3).collect();
    visited.sort();
    visited.dedup();
    let mut first_visit: HashMap<Id, NaiveDateTime> = HashMap::new();
    for chunk in visited.chunks(CHUNK) {
        let firsts: Vec<(Id, Option<NaiveDateTime>)> = follow_ups::table
            .filter(follow_ups::lead_id.eq_any(chunk.to_vec()))
            .filter(follow_ups::channel.eq(Channel::Visit))
            .group_by(follow_ups::lead_id)
            .select((follow_ups::lead_id, diesel::dsl::min(follow_ups::happened_at)))
            .load(conn)?;
        first_visit.extend(firsts.into_iter().filter_map(|(lead, at)| Some((lead, at?))));
    }
    Ok(rows
        .into_iter()
        .map(|(at, author, channel, lead, source, partner)| {
            let measure = match channel {
                Channel::Visit if first_visit.get(&lead) == Some(&at) => Measure::FirstVisit,
                Channel::Visit => Measure::ReturnVisit,
                _ => Measure::CallIn,
            };
            fact((at, author, source, partner), measure, 0)
        })
        .collect())
}

/// Leads registered.
fn new_leads(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<Fact>> {
    let rows: Vec<Attributed> = leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::created_at.ge(start))
        .filter(leads::created_at.lt(end))
        .select((leads::created_at, leads::owner_id, leads::source_channel, leads::channel_id))
        .load(conn)?;
    Ok(rows.into_iter().map(|row| fact(row, Measure::NewLead, 0)).collect())
}

/// Deposits paid and refunded.
fn subscriptions(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<Fact>> {
    let base = || {
        subscriptions::table
            .inner_join(leads::table.on(leads::id.eq(subscriptions::lead_id)))
            .filter(subscriptions::project_id.eq(project))
    };
    let paid: Vec<Attributed> = base()
        .filter(subscriptions::paid_at.ge(start))
        .filter(subscriptions::paid_at.lt(end))
        .select((subscriptions::paid_at, leads::owner_id, leads::source_channel, leads::channel_id))
        .load(conn)?;
    let refunded: Vec<Attributed> = base()
        .filter(subscriptions::refunded_at.ge(start))
        .filter(subscriptions::refunded_at.lt(end))
        .select((
            subscriptions::refunded_at.assume_not_null(),
            leads::owner_id,
            leads::source_channel,
            leads::channel_id,
        ))
        .load(conn)?;
    let paid = paid.into_iter().map(|row| fact(row, Measure::Subscription, 0));
    Ok(paid.chain(refunded.into_iter().map(|row| fact(row, Measure::SubscriptionRefund, 0))).collect())
}

/// Units reserved and reservations cancelled.
fn reservations(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<Fact>> {
    let base = || {
        reservations::table
            .inner_join(leads::table.on(leads::id.eq(reservations::lead_id)))
            .filter(reservations::project_id.eq(project))
    };
    let made: Vec<Attributed> = base()
        .filter(reservations::reserved_at.ge(start))
        .filter(reservations::reserved_at.lt(end))
        .select((reservations::reserved_at, leads::owner_id, leads::source_channel, leads::channel_id))
        .load(conn)?;
    let cancelled: Vec<Attributed> = base()
        .filter(reservations::cancelled_at.ge(start))
        .filter(reservations::cancelled_at.lt(end))
        .select((
            reservations::cancelled_at.assume_not_null(),
            leads::owner_id,
            leads::source_channel,
            leads::channel_id,
        ))
        .load(conn)?;
    let made = made.into_iter().map(|row| fact(row, Measure::Reservation, 0));
    Ok(made.chain(cancelled.into_iter().map(|row| fact(row, Measure::ReservationCancellation, 0))).collect())
}

/// Deals signed (at their price at signing) and cancelled (at their price then).
fn deals(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<Fact>> {
    type Row = (Id, NaiveDateTime, Option<NaiveDateTime>, i64, Id, SourceChannel, Option<Id>);
    let base = || {
        deals::table
            .inner_join(leads::table.on(leads::id.eq(deals::lead_id)))
            .filter(deals::project_id.eq(project))
            .select((
                deals::id,
                deals::signed_at,
                deals::cancelled_at,
                deals::price_fen,
                deals::owner_id,
                leads::source_channel,
                deals::channel_id,
            ))
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
fn payments(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<Fact>> {
    let rows: Vec<(NaiveDateTime, PaymentKind, i64, Id, SourceChannel, Option<Id>)> = deal_payments::table
        .inner_join(deals::table.on(deals::id.eq(deal_payments::deal_id)))
        .inner_join(leads::table.on(leads::id.eq(deals::lead_id)))
        .filter(deal_payments::project_id.eq(project))
        .filter(deal_payments::paid_at.ge(start))
        .filter(deal_payments::paid_at.lt(end))
        .select((
            deal_payments::paid_at,
            deal_payments::kind,
            deal_payments::amount_fen,
            deals::owner_id,
            leads::source_channel,
            deals::channel_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, kind, amount, owner, source, partner)| {
            let signed = if kind == PaymentKind::Refund { -amount.abs() } else { amount };
            fact((at, owner, source, partner), Measure::Collected, signed)
        })
        .collect())
}

/// Everything that happened in the project in `[start, end)`.
pub fn facts(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<Fact>> {
    let mut found = contacts(conn, project, start, end)?;
    found.extend(new_leads(conn, project, start, end)?);
    found.extend(subscriptions(conn, project, start, end)?);
    found.extend(reservations(conn, project, start, end)?);
    found.extend(deals(conn, project, start, end)?);
    found.extend(payments(conn, project, start, end)?);
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
