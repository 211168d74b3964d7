//! Diesel structs and statements of the visit register.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::reception::{CameWith, Verdict};
use crate::schema::visits;

/// A registered visit.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = visits)]
pub struct Visit {
    pub id: Id,
    pub project_id: Id,
    pub phone: String,
    pub phone_mask: String,
    pub name: Option<String>,
    pub party_size: i32,
    pub came_with: CameWith,
    pub verdict: Verdict,
    pub lead_id: Option<Id>,
    pub assigned_to: Option<Id>,
    pub report_id: Option<Id>,
    pub referrer_lead_id: Option<Id>,
    pub follow_up_id: Option<Id>,
    pub first_visit: bool,
    pub arrived_at: NaiveDateTime,
    pub registered_by: Id,
    pub note: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a manager may correct.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = visits, treat_none_as_null = true)]
pub struct VisitCorrection {
    pub name: Option<String>,
    pub party_size: i32,
    pub note: Option<String>,
}

/// Who received a visit, and what it became for the lead.
#[derive(Debug, Clone, Copy, AsChangeset)]
#[diesel(table_name = visits)]
pub struct Settled {
    pub assigned_to: Id,
    pub lead_id: Id,
    pub follow_up_id: Id,
}

impl Visit {
    /// Writes the visit.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(visits::table).values(self).execute(conn).map(|_| ())
    }

    /// The visit with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Visit>> {
        visits::table.find(id).select(Visit::as_select()).first(conn).optional()
    }

    /// Records who received a waiting visit, once: whether it was still waiting.
    pub fn settle(&self, conn: &mut Conn, settled: Settled, now: NaiveDateTime) -> QueryResult<bool> {
        let changed =
            diesel::update(visits::table.filter(visits::id.eq(self.id)).filter(visits::assigned_to.is_null()))
                .set((settled, visits::version.eq(visits::version + 1), visits::updated_at.eq(now)))
                .execute(conn)?;
        Ok(changed == 1)
    }

    /// Applies a correction when the stored version is still `expected`: whether it was.
    pub fn correct(
        &self,
        conn: &mut Conn,
        correction: &VisitCorrection,
        expected: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let changed = diesel::update(visits::table.filter(visits::id.eq(self.id)).filter(visits::version.eq(expected)))
            .set((correction, visits::version.eq(visits::version + 1), visits::updated_at.eq(now)))
            .execute(conn)?;
        Ok(changed == 1)
    }
}
