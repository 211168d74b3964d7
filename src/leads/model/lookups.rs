//! Finding leads: by id, by phone, within a data scope, locked for a change.

use diesel::prelude::*;

use super::Lead;
use crate::auth::Condition;
use crate::db::{Conn, Id};
use crate::schema::leads;

impl Lead {
    /// A live (not deleted) lead by id.
    pub fn find_live(conn: &mut Conn, id: Id) -> QueryResult<Option<Lead>> {
        leads::table
            .filter(leads::id.eq(id))
            .filter(leads::deleted_at.is_null())
            .select(Lead::as_select())
            .first(conn)
            .optional()
    }

    /// The live lead, locked until the transaction ends, for a change that reads before it
    /// writes (counters, plans). SQLite's `BEGIN IMMEDIATE` already holds the write lock.
    pub fn lock_live(conn: &mut Conn, id: Id) -> QueryResult<Option<Lead>> {
        crate::db::lock_rows!(conn, leads::table.filter(leads::id.eq(id)).select(leads::id))?;
        Lead::find_live(conn, id)
    }

    /// The live lead if `visible` (a data scope) holds for it, checked in the same statement.
    pub fn find_visible(
        conn: &mut Conn,
        id: Id,
        visible: Option<Condition<leads::table>>,
    ) -> QueryResult<Option<Lead>> {
        let mut query = leads::table
            .filter(leads::id.eq(id))
            .filter(leads::deleted_at.is_null())
            .select(Lead::as_select())
            .into_boxed();
        if let Some(visible) = visible {
            query = query.filter(visible);
        }
        query.first(conn).optional()
    }

    /// The live lead holding a phone in a project.
    pub fn find_by_phone(conn: &mut Conn, project_id: Id, phone: &str) -> QueryResult<Option<Lead>> {
        leads::table
            .filter(leads::project_id.eq(project_id))
            .filter(leads::phone.eq(phone))
            .filter(leads::deleted_at.is_null())
            .select(Lead::as_select())
            .first(conn)
            .optional()
    }
}
