//! Finding leads: by id, by phone, within a data scope, locked for a change.

use diesel::prelude::*;

use super::Lead;
use crate::auth::Condition;
use crate::db::{Conn, Id};
use crate::schema::{leads, users};

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

    /// The live lead when `visible` (a data scope, a folded session check, `None` for
    /// everything) lets its caller see it, locked until the transaction ends, with
    /// `reader`'s display name (a subquery on the users' primary key, so that a write that
    /// shows its author looks up nobody), in one `SELECT … FOR UPDATE` sent on PostgreSQL's
    /// own connection (diesel's multi-backend statements cannot lock).
    pub fn lock_visible_pg(
        pg: &mut diesel::PgConnection,
        id: Id,
        reader: Id,
        visible: Option<Condition<leads::table, diesel::pg::Pg>>,
    ) -> QueryResult<Option<(Lead, Option<String>)>> {
        let live = leads::table
            .filter(leads::id.eq(id))
            .filter(leads::deleted_at.is_null())
            .select((Lead::as_select(), display_name_of(reader)));
        // Not boxed: diesel locks only statically typed statements.
        match visible {
            Some(visible) => live.filter(visible).for_update().first(pg).optional(),
            None => live.for_update().first(pg).optional(),
        }
    }

    /// [`Lead::find_visible`] reading `reader`'s display name on the way, as
    /// [`Lead::lock_visible_pg`] does.
    pub fn find_visible_named(
        conn: &mut Conn,
        id: Id,
        reader: Id,
        visible: Option<Condition<leads::table>>,
    ) -> QueryResult<Option<(Lead, Option<String>)>> {
        let mut query = leads::table
            .filter(leads::id.eq(id))
            .filter(leads::deleted_at.is_null())
            .select((Lead::as_select(), display_name_of(reader)))
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

/// A user's display name, as a subquery on the users' primary key.
#[diesel::dsl::auto_type]
fn display_name_of(user: Id) -> _ {
    users::table.filter(users::id.eq(user)).select(users::display_name).single_value()
}
