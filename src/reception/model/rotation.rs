//! Diesel structs and statements of the rotation. Every writer of a day's queue holds the
//! project row's lock (PostgreSQL) or the write lock (SQLite), taken by the service.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::reception::DutyState;
use crate::schema::{rotation_entries, users};

/// One person's place in a day's queue.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rotation_entries)]
pub struct Entry {
    pub project_id: Id,
    pub day: NaiveDate,
    pub user_id: Id,
    pub state: DutyState,
    pub position: i32,
    pub served_count: i32,
    pub checked_in_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The day's queue with each person's display name, in queue order.
pub fn queue_of(conn: &mut Conn, project_id: Id, day: NaiveDate) -> QueryResult<Vec<(Entry, String)>> {
    rotation_entries::table
        .inner_join(users::table)
        .filter(rotation_entries::project_id.eq(project_id))
        .filter(rotation_entries::day.eq(day))
        .select((Entry::as_select(), users::display_name))
        .order(rotation_entries::position.asc())
        .load(conn)
}

/// The person's entry of the day, if they checked in.
pub fn entry_of(conn: &mut Conn, project_id: Id, day: NaiveDate, user_id: Id) -> QueryResult<Option<Entry>> {
    rotation_entries::table.find((project_id, day, user_id)).select(Entry::as_select()).first(conn).optional()
}

/// The first on duty, whom the next walk-in goes to.
pub fn next_on_duty(conn: &mut Conn, project_id: Id, day: NaiveDate) -> QueryResult<Option<Entry>> {
    rotation_entries::table
        .filter(rotation_entries::project_id.eq(project_id))
        .filter(rotation_entries::day.eq(day))
        .filter(rotation_entries::state.eq(DutyState::OnDuty))
        .order(rotation_entries::position.asc())
        .select(Entry::as_select())
        .first(conn)
        .optional()
}

/// The place after the last of the day's queue.
pub fn end_of_queue(conn: &mut Conn, project_id: Id, day: NaiveDate) -> QueryResult<i32> {
    let last: Option<i32> = rotation_entries::table
        .filter(rotation_entries::project_id.eq(project_id))
        .filter(rotation_entries::day.eq(day))
        .select(diesel::dsl::max(rotation_entries::position))
        .first(conn)?;
    Ok(last.map_or(1, |p| p + 1))
}

impl Entry {
    /// Writes a new entry.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(rotation_entries::table).values(self).execute(conn).map(|_| ())
    }

    /// Moves the person to `position` in `state`, counting `served` more walk-ins.
    pub fn move_to(
        &self,
        conn: &mut Conn,
        position: i32,
        state: DutyState,
        served: i32,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(rotation_entries::table.find((self.project_id, self.day, self.user_id)))
            .set((
                rotation_entries::position.eq(position),
                rotation_entries::state.eq(state),
                rotation_entries::served_count.eq(rotation_entries::served_count + served),
                rotation_entries::updated_at.eq(now),
            ))
            .execute(conn)
            .map(|_| ())
    }
}
