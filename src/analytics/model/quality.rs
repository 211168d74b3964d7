//! What the quality report reads: the live files, and the follow-ups of a range with each
//! lead's contact before it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::leads::model::Lead;
use crate::schema::{follow_ups, leads};

/// Leads looked up per statement.
const CHUNK: usize = 500;

/// The project's live files (not deleted), of `only` when it names a salesperson.
pub fn live_leads(conn: &mut Conn, project: Id, only: Option<Id>) -> QueryResult<Vec<Lead>> {
    let mut query = leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::deleted_at.is_null())
        .select(Lead::as_select())
        .into_boxed();
    if let Some(owner) = only {
        query = query.filter(leads::owner_id.eq(owner));
    }
    query.load(conn)
}

/// A follow-up of the range: its lead, author and time.
#[derive(Debug, Clone, Queryable)]
pub struct Contact {
    pub lead_id: Id,
    pub author_id: Id,
    pub happened_at: NaiveDateTime,
}

/// The project's follow-ups in `[start, end)`, by lead then time.
pub fn contacts(conn: &mut Conn, project: Id, start: NaiveDateTime, end: NaiveDateTime) -> QueryResult<Vec<Contact>> {
    follow_ups::table
        .filter(follow_ups::project_id.eq(project))
        .filter(follow_ups::happened_at.ge(start))
        .filter(follow_ups::happened_at.lt(end))
        .order((follow_ups::lead_id, follow_ups::happened_at))
        .select((follow_ups::lead_id, follow_ups::author_id, follow_ups::happened_at))
        .load(conn)
}

/// For each lead, the time of its last contact before `before` (`None`: it had none).
pub fn last_contact_before(
    conn: &mut Conn,
    ids: &[Id],
    before: NaiveDateTime,
) -> QueryResult<HashMap<Id, NaiveDateTime>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(Id, Option<NaiveDateTime>)> = follow_ups::table
            .filter(follow_ups::lead_id.eq_any(chunk.to_vec()))
            .filter(follow_ups::happened_at.lt(before))
            .group_by(follow_ups::lead_id)
            .select((follow_ups::lead_id, diesel::dsl::max(follow_ups::happened_at)))
            .load(conn)?;
        found.extend(rows.into_iter().filter_map(|(lead, at)| Some((lead, at?))));
    }
    Ok(found)
}

/// For each lead, the time of its first contact ever.
pub fn first_contact(conn: &mut Conn, ids: &[Id]) -> QueryResult<HashMap<Id, NaiveDateTime>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(Id, Option<NaiveDateTime>)> = follow_ups::table
            .filter(follow_ups::lead_id.eq_any(chunk.to_vec()))
            .group_by(follow_ups::lead_id)
            .select((follow_ups::lead_id, diesel::dsl::min(follow_ups::happened_at)))
            .load(conn)?;
        found.extend(rows.into_iter().filter_map(|(lead, at)| Some((lead, at?))));
    }
    Ok(found)
}
