//! `reminders_told`: what the scans told, once each.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Reminder;
use crate::db::{self, Conn, Id};
use crate::schema::reminders_told;

/// Subjects looked up per statement.
const CHUNK: usize = 500;

#[derive(Debug, Insertable)]
#[diesel(table_name = reminders_told)]
struct Told<'a> {
    kind: &'a str,
    subject_id: Id,
    occasion: &'a str,
    told_at: NaiveDateTime,
}

/// Remembers that `kind` was told of `subject` for `occasion`; whether this call did (of
/// two replicas telling at once, one does).
pub fn tell_once(
    conn: &mut Conn,
    kind: Reminder,
    subject: Id,
    occasion: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let row = Told { kind: kind.as_str(), subject_id: subject, occasion, told_at: now };
    Ok(db::insert_or_ignore!(conn, reminders_told::table, &row)? == 1)
}

/// Which of these subjects were told of `kind`, with the occasion.
pub fn told(conn: &mut Conn, kind: Reminder, subjects: &[Id]) -> QueryResult<HashSet<(Id, String)>> {
    let mut found = HashSet::new();
    for chunk in subjects.chunks(CHUNK) {
        let rows: Vec<(Id, String)> = reminders_told::table
            .filter(reminders_told::kind.eq(kind.as_str()))
            .filter(reminders_told::subject_id.eq_any(chunk.to_vec()))
            .select((reminders_told::subject_id, reminders_told::occasion))
            .load(conn)?;
        found.extend(rows);
    }
    Ok(found)
}

/// Forgets what was told before `before`: older than every scan's window.
pub fn forget_before(conn: &mut Conn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(reminders_told::table.filter(reminders_told::told_at.lt(before))).execute(conn)
}
