//! A cohort: the leads registered in a range, and how far each has gone since.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Span;
use crate::db::{Conn, Id};
use crate::deals::DealStatus;
use crate::schema::{deals, lead_status_moves, leads, reservations, subscriptions};
use crate::words::{LeadStatus, SourceChannel};

/// A lead of the cohort.
#[derive(Debug, Clone, Queryable)]
pub struct CohortLead {
    pub id: Id,
    pub created_at: NaiveDateTime,
    pub owner_id: Id,
    pub source_channel: SourceChannel,
    pub channel_id: Option<Id>,
    pub first_visit_at: Option<NaiveDateTime>,
}

/// How far the cohort's leads went.
#[derive(Debug, Default)]
pub struct Reached {
    pub subscribed: HashSet<Id>,
    pub reserved: HashSet<Id>,
    /// Each lead's deals: status, signing time, price now.
    pub deals: HashMap<Id, Vec<(DealStatus, NaiveDateTime, i64)>>,
}

/// The project's leads registered in `[start, end)`, as a subquery.
#[diesel::dsl::auto_type]
fn registered(project: Id, start: NaiveDateTime, end: NaiveDateTime) -> _ {
    leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::created_at.ge(start))
        .filter(leads::created_at.lt(end))
        .select(leads::id)
}

/// The leads registered in the span (by its salesperson, when it names one), with who
/// registered them through which channel (their registration move) and their first visit.
pub fn cohort(conn: &mut Conn, span: Span) -> QueryResult<Vec<CohortLead>> {
    let Span { project, start, end, only } = span;
    let mut query = lead_status_moves::table
        .inner_join(leads::table.on(leads::id.eq(lead_status_moves::lead_id)))
        .filter(lead_status_moves::project_id.eq(project))
        .filter(lead_status_moves::from_status.is_null())
        // Not the rows kept for buyers lost before moves were (from NULL to lost).
        .filter(lead_status_moves::to_status.eq(LeadStatus::New))
        .filter(lead_status_moves::moved_at.ge(start))
        .filter(lead_status_moves::moved_at.lt(end))
        .select((
            lead_status_moves::lead_id,
            lead_status_moves::moved_at,
            lead_status_moves::owner_id,
            lead_status_moves::source_channel,
            lead_status_moves::channel_id,
            leads::first_visit_at,
        ))
        .into_boxed();
    if let Some(owner) = only {
        query = query.filter(lead_status_moves::owner_id.eq(owner));
    }
    query.load(conn)
}

/// Where the leads registered in `[start, end)` went: deposits, reservations and deals. One
/// statement each, the cohort as a subquery (not its ids sent back in chunks).
pub fn reached(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Reached> {
    let subscribed: Vec<Id> = subscriptions::table
        .filter(subscriptions::project_id.eq(project))
        .filter(subscriptions::lead_id.eq_any(registered(project, start, end)))
        .select(subscriptions::lead_id)
        .distinct()
        .load(conn)?;
    let reserved: Vec<Id> = reservations::table
        .filter(reservations::project_id.eq(project))
        .filter(reservations::lead_id.eq_any(registered(project, start, end)))
        .select(reservations::lead_id)
        .distinct()
        .load(conn)?;
    let deals: Vec<(Id, DealStatus, NaiveDateTime, i64)> = deals::table
        .filter(deals::project_id.eq(project))
        .filter(deals::lead_id.eq_any(registered(project, start, end)))
        .select((deals::lead_id, deals::status, deals::signed_at, deals::price_fen))
        .load(conn)?;
    let mut reached = Reached {
        subscribed: subscribed.into_iter().collect(),
        reserved: reserved.into_iter().collect(),
        ..Default::default()
    };
    for (lead, status, signed_at, price) in deals {
        reached.deals.entry(lead).or_default().push((status, signed_at, price));
    }
    Ok(reached)
}
