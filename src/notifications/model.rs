//! `notifications` and the notifier's place in the change feed (`notifier_position`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::NotificationKind;
use crate::db::{self, Conn, Id};
use crate::schema::{channel_reports, notifications, notifier_position, report_appeals};

/// A notification as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: Id,
    pub user_id: Id,
    pub kind: NotificationKind,
    pub title: String,
    pub resource_type: String,
    pub resource_id: Option<Id>,
    pub project_id: Option<Id>,
    pub event_id: Id,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

impl Notification {
    /// Adds it unless the person was told of this event already.
    pub fn insert_once(&self, conn: &mut Conn) -> QueryResult<usize> {
        db::insert_or_ignore!(conn, notifications::table, self)
    }

    /// A person's notifications, unread first, newest first, after the cursor
    /// `(unread, id)`; only unread ones when asked.
    pub fn page_of(
        conn: &mut Conn,
        user: Id,
        after: Option<(bool, Id)>,
        unread_only: bool,
        limit: i64,
    ) -> QueryResult<Vec<Notification>> {
        let mut query = notifications::table
            .filter(notifications::user_id.eq(user))
            .select(Notification::as_select())
            .order((notifications::read_at.is_null().desc(), notifications::id.desc()))
            .limit(limit)
            .into_boxed();
        if unread_only {
            query = query.filter(notifications::read_at.is_null());
        }
        match after {
            // Past an unread one: older unread ones, then every read one.
            Some((true, id)) => {
                query = query.filter(notifications::read_at.is_not_null().or(notifications::id.lt(id)));
            }
            Some((false, id)) => {
                query = query.filter(notifications::read_at.is_not_null()).filter(notifications::id.lt(id));
            }
            None => {}
        }
        query.load(conn)
    }

    /// Marks a person's notifications read: these, or all; answers how many changed.
    pub fn mark_read(conn: &mut Conn, user: Id, ids: Option<&[Id]>, now: NaiveDateTime) -> QueryResult<usize> {
        let mut target = notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read_at.is_null())
            .into_boxed();
        if let Some(ids) = ids {
            target = target.filter(notifications::id.eq_any(ids.to_vec()));
        }
        let ids: Vec<Id> = target.select(notifications::id).load(conn)?;
        diesel::update(notifications::table.filter(notifications::id.eq_any(ids)))
            .set(notifications::read_at.eq(Some(now)))
            .execute(conn)
    }
}

/// The agent who filed a report.
pub fn report_agent(conn: &mut Conn, report: Id) -> QueryResult<Option<Id>> {
    channel_reports::table.find(report).select(channel_reports::agent_id).first(conn).optional()
}

/// The agent who filed an appeal.
pub fn appeal_agent(conn: &mut Conn, appeal: Id) -> QueryResult<Option<Id>> {
    report_appeals::table.find(appeal).select(report_appeals::agent_id).first(conn).optional()
}

/// The salesperson holding a lead now.
pub fn lead_owner(conn: &mut Conn, lead: Id) -> QueryResult<Option<Id>> {
    crate::schema::leads::table.find(lead).select(crate::schema::leads::owner_id).first(conn).optional()
}

/// The notifier's position, locked; `None` while another replica reads the feed.
pub fn lock_position(conn: &mut Conn) -> QueryResult<Option<i64>> {
    let positions: Vec<i64> = db::claim_rows!(
        conn,
        notifier_position::table.filter(notifier_position::id.eq(1)).select(notifier_position::last_seq)
    )?;
    Ok(positions.first().copied())
}

/// The notifier's position, unlocked.
pub fn position(conn: &mut Conn) -> QueryResult<i64> {
    notifier_position::table.filter(notifier_position::id.eq(1)).select(notifier_position::last_seq).first(conn)
}

/// Moves the notifier's position.
pub fn set_position(conn: &mut Conn, last_seq: i64) -> QueryResult<()> {
    diesel::update(notifier_position::table.filter(notifier_position::id.eq(1)))
        .set(notifier_position::last_seq.eq(last_seq))
        .execute(conn)
        .map(|_| ())
}
