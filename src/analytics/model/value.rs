//! What the value pyramid reads: the signed deals that stand with who referred their
//! buyers, the buyers in touch lately, and how many buyers there are.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::deals::DealStatus;
use crate::schema::{deals, follow_ups, leads};

/// Leads looked up per statement.
const CHUNK: usize = 500;

/// A signed deal that stands, of a live lead.
#[derive(Debug, Clone, Queryable)]
pub struct StandingDeal {
    pub lead_id: Id,
    pub owner_id: Id,
    pub price_fen: i64,
    pub referrer_lead_id: Option<Id>,
}

/// The project's signed deals that stand, with their buyer's owner and referrer.
pub fn standing_deals(conn: &mut Conn, project: Id) -> QueryResult<Vec<StandingDeal>> {
    deals::table
        .inner_join(leads::table.on(leads::id.eq(deals::lead_id)))
        .filter(deals::project_id.eq(project))
        .filter(deals::status.eq(DealStatus::Signed))
        .filter(leads::deleted_at.is_null())
        .select((deals::lead_id, leads::owner_id, deals::price_fen, leads::referrer_lead_id))
        .load(conn)
}

/// The owners of those of `ids` that are live leads.
pub fn live_owners(conn: &mut Conn, ids: &[Id]) -> QueryResult<HashMap<Id, Id>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(Id, Id)> = leads::table
            .filter(leads::id.eq_any(chunk.to_vec()))
            .filter(leads::deleted_at.is_null())
            .select((leads::id, leads::owner_id))
            .load(conn)?;
        found.extend(rows);
    }
    Ok(found)
}

/// The project's live leads with at least `least` follow-ups since `since`, with their owner.
pub fn engaged(conn: &mut Conn, project: Id, since: NaiveDateTime, least: i64) -> QueryResult<Vec<(Id, Id)>> {
    follow_ups::table
        .inner_join(leads::table.on(leads::id.eq(follow_ups::lead_id)))
        .filter(follow_ups::project_id.eq(project))
        .filter(follow_ups::happened_at.ge(since))
        .filter(leads::deleted_at.is_null())
        .group_by(leads::id)
        .having(count_star().ge(least))
        .select((leads::id, leads::owner_id))
        .load(conn)
}

/// How many live leads the project has (of `owner`, when given).
pub fn live_count(conn: &mut Conn, project: Id, owner: Option<Id>) -> QueryResult<i64> {
    let mut query = leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::deleted_at.is_null())
        .select(count_star())
        .into_boxed();
    if let Some(owner) = owner {
        query = query.filter(leads::owner_id.eq(owner));
    }
    query.first(conn)
}
