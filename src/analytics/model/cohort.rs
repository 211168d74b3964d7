//! A cohort: the leads registered in a range, and how far each has gone since.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::deals::DealStatus;
use crate::schema::{deals, follow_ups, leads, reservations, subscriptions};
use crate::words::{Channel, SourceChannel};

/// Leads looked up per statement.
const CHUNK: usize = 500;

/// A lead of the cohort.
#[derive(Debug, Clone, Queryable)]
pub struct CohortLead {
    pub id: Id,
    pub created_at: NaiveDateTime,
    pub owner_id: Id,
    pub source_channel: SourceChannel,
    pub channel_id: Option<Id>,
}

/// How far the cohort's leads went.
#[derive(Debug, Default)]
pub struct Reached {
    pub first_visit: HashMap<Id, NaiveDateTime>,
    pub subscribed: HashSet<Id>,
    pub reserved: HashSet<Id>,
    /// Each lead's deals: status, signing time, price now.
    pub deals: HashMap<Id, Vec<(DealStatus, NaiveDateTime, i64)>>,
}

/// The project's leads registered in `[start, end)`.
pub fn cohort(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<CohortLead>> {
    leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::created_at.ge(start))
        .filter(leads::created_at.lt(end))
        .select((leads::id, leads::created_at, leads::owner_id, leads::source_channel, leads::channel_id))
        .load(conn)
}

/// Where these leads went: their first visit, deposits, reservations and deals.
pub fn reached(conn: &mut Conn, ids: &[Id]) -> QueryResult<Reached> {
    let mut reached = Reached::default();
    for chunk in ids.chunks(CHUNK) {
        let chunk = chunk.to_vec();
        let firsts: Vec<(Id, Option<NaiveDateTime>)> = follow_ups::table
            .filter(follow_ups::lead_id.eq_any(chunk.clone()))
            .filter(follow_ups::channel.eq(Channel::Visit))
            .group_by(follow_ups::lead_id)
            .select((follow_ups::lead_id, diesel::dsl::min(follow_ups::happened_at)))
            .load(conn)?;
        reached.first_visit.extend(firsts.into_iter().filter_map(|(lead, at)| Some((lead, at?))));
        let subscribed: Vec<Id> = subscriptions::table
            .filter(subscriptions::lead_id.eq_any(chunk.clone()))
            .select(subscriptions::lead_id)
            .distinct()
            .load(conn)?;
        reached.subscribed.extend(subscribed);
        let reserved: Vec<Id> = reservations::table
            .filter(reservations::lead_id.eq_any(chunk.clone()))
            .select(reservations::lead_id)
            .distinct()
            .load(conn)?;
        reached.reserved.extend(reserved);
        let deals: Vec<(Id, DealStatus, NaiveDateTime, i64)> = deals::table
            .filter(deals::lead_id.eq_any(chunk))
            .select((deals::lead_id, deals::status, deals::signed_at, deals::price_fen))
            .load(conn)?;
        for (lead, status, signed_at, price) in deals {
            reached.deals.entry(lead).or_default().push((status, signed_at, price));
        }
    }
    Ok(reached)
}
