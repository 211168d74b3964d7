//! Diesel structs of the audit trail.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::chain::Content;
use crate::db::{Conn, Id};
use crate::schema::{audit_chain, audit_events, audit_pending};

/// A recorded event.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    /// Position in the trail.
    pub seq: i64,
    /// Event id.
    pub id: Id,
    /// When it happened (UTC).
    pub occurred_at: NaiveDateTime,
    /// Who did it.
    pub actor_id: Option<Id>,
    /// Their role then.
    pub actor_role: Option<String>,
    /// What was done, e.g. `user.freeze`.
    pub action: String,
    /// The kind of thing it was done to.
    pub entity_type: String,
    /// The thing's id.
    pub entity_id: Option<Id>,
    /// The project it belongs to.
    pub project_id: Option<Id>,
    /// The request that did it.
    pub request_id: Option<String>,
    /// The client address.
    pub ip: Option<String>,
    /// The client's user agent.
    pub user_agent: Option<String>,
    /// Changed fields as JSON, sensitive values redacted.
    pub changes: String,
    /// The previous event's hash.
    pub prev_hash: Option<String>,
    /// This event's hash (null only for events recorded before the chain, until sealed).
    pub hash: Option<String>,
    /// What it is told to integrations as (`telling`), when it is a change worth telling.
    /// Derived from the action and changes, which the hash covers, so it is not hashed.
    pub event_type: Option<String>,
}

impl AuditEvent {
    /// What the event's hash covers.
    pub fn content(&self) -> Content<'_> {
        Content {
            seq: self.seq,
            id: self.id.0,
            occurred_at: self.occurred_at,
            actor_id: self.actor_id.map(|i| i.0),
            actor_role: self.actor_role.as_deref(),
            action: &self.action,
            entity_type: &self.entity_type,
            entity_id: self.entity_id.map(|i| i.0),
            project_id: self.project_id.map(|i| i.0),
            request_id: self.request_id.as_deref(),
            ip: self.ip.as_deref(),
            user_agent: self.user_agent.as_deref(),
            changes: &self.changes,
        }
    }
}

/// An event about to be written.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events)]
pub struct NewAuditEvent<'a> {
    pub seq: i64,
    pub id: Id,
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<Id>,
    pub actor_role: Option<String>,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<Id>,
    pub project_id: Option<Id>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub changes: String,
    pub prev_hash: String,
    pub hash: String,
    pub event_type: Option<String>,
}

impl NewAuditEvent<'_> {
    /// What the event's hash covers.
    pub fn content(&self) -> Content<'_> {
        Content {
            seq: self.seq,
            id: self.id.0,
            occurred_at: self.occurred_at,
            actor_id: self.actor_id.map(|i| i.0),
            actor_role: self.actor_role.as_deref(),
            action: self.action,
            entity_type: self.entity_type,
            entity_id: self.entity_id.map(|i| i.0),
            project_id: self.project_id.map(|i| i.0),
            request_id: self.request_id.as_deref(),
            ip: self.ip.as_deref(),
            user_agent: self.user_agent.as_deref(),
            changes: &self.changes,
        }
    }
}

/// An event recorded by a committed change, waiting for the sealer to chain it.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_pending)]
pub struct PendingEvent {
    /// Arrival order: the sealer chains waiting events in it. Assigned by the database.
    #[diesel(skip_insertion)]
    pub pending_id: i64,
    pub id: Id,
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<Id>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Id>,
    pub project_id: Option<Id>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub changes: String,
    /// `chain::sign_pending` of the content: only the application's key makes one.
    pub signature: String,
    /// What it is told to integrations as, if anything.
    pub event_type: Option<String>,
}

impl PendingEvent {
    /// What its signature covers, and what its hash will cover at position `seq`.
    pub fn content(&self, seq: i64) -> Content<'_> {
        Content {
            seq,
            id: self.id.0,
            occurred_at: self.occurred_at,
            actor_id: self.actor_id.map(|i| i.0),
            actor_role: self.actor_role.as_deref(),
            action: &self.action,
            entity_type: &self.entity_type,
            entity_id: self.entity_id.map(|i| i.0),
            project_id: self.project_id.map(|i| i.0),
            request_id: self.request_id.as_deref(),
            ip: self.ip.as_deref(),
            user_agent: self.user_agent.as_deref(),
            changes: &self.changes,
        }
    }

    /// The event chained at `seq` after `prev_hash`; its hash is set by the caller.
    pub fn placed(&self, seq: i64, prev_hash: String) -> NewAuditEvent<'_> {
        NewAuditEvent {
            seq,
            id: self.id,
            occurred_at: self.occurred_at,
            actor_id: self.actor_id,
            actor_role: self.actor_role.clone(),
            action: &self.action,
            entity_type: &self.entity_type,
            entity_id: self.entity_id,
            project_id: self.project_id,
            request_id: self.request_id.clone(),
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
            changes: self.changes.clone(),
            prev_hash,
            hash: String::new(),
            event_type: self.event_type.clone(),
        }
    }
}

/// Adds waiting events: no lock, so concurrent writers do not wait on each other here.
pub fn insert_pending(conn: &mut Conn, events: &[PendingEvent]) -> QueryResult<()> {
    crate::db::insert_batch!(conn, events, |c, values| diesel::insert_into(audit_pending::table)
        .values(values)
        .execute(c))
}

/// Whether any event waits: the one statement a sealer sends when there is nothing to do.
pub fn any_pending(conn: &mut Conn) -> QueryResult<bool> {
    // The oldest by the primary key, not `EXISTS`: the table is a queue, and a sequential
    // scan would walk every row deleted since the last vacuum; the index learns which
    // entries are dead and skips them.
    let oldest = audit_pending::table.select(audit_pending::pending_id).order(audit_pending::pending_id.asc());
    Ok(oldest.first::<i64>(conn).optional()?.is_some())
}

/// The oldest waiting events after `after` in arrival order, at most `limit`.
pub fn waiting_after(conn: &mut Conn, after: i64, limit: i64) -> QueryResult<Vec<PendingEvent>> {
    audit_pending::table
        .filter(audit_pending::pending_id.gt(after))
        .order(audit_pending::pending_id.asc())
        .limit(limit)
        .select(PendingEvent::as_select())
        .load(conn)
}

/// Which of `ids` are already in the trail (a waiting event replayed after it was sealed):
/// index lookups by id. (As a correlated EXISTS in the query above, the planner chose to
/// hash the whole trail once per batch.)
pub fn already_recorded(conn: &mut Conn, ids: &[Id]) -> QueryResult<Vec<Id>> {
    audit_events::table.filter(audit_events::id.eq_any(ids)).select(audit_events::id).load(conn)
}

/// Removes waiting events whose ids are in the trail (the guard refuses any other).
pub fn delete_pending(conn: &mut Conn, pending_ids: &[i64]) -> QueryResult<()> {
    diesel::delete(audit_pending::table.filter(audit_pending::pending_id.eq_any(pending_ids))).execute(conn).map(|_| ())
}

/// How many events wait.
pub fn pending_count(conn: &mut Conn) -> QueryResult<i64> {
    audit_pending::table.count().get_result(conn)
}

/// Appends events: one statement on PostgreSQL, one per event on in-process SQLite.
pub fn insert_all(conn: &mut Conn, events: &[NewAuditEvent<'_>]) -> QueryResult<()> {
    crate::db::insert_batch!(conn, events, |c, values| diesel::insert_into(audit_events::table)
        .values(values)
        .execute(c))
}

/// Locks the chain's head until the transaction ends and returns it (the last seq and
/// its hash): the next recorder waits here and chains after this one's events. The lock
/// is a no-op update, which both backends order the same way and the head's guard lets
/// through.
pub fn lock_head(conn: &mut Conn) -> QueryResult<(i64, String)> {
    diesel::update(audit_chain::table.find(1))
        .set(audit_chain::last_seq.eq(audit_chain::last_seq))
        .returning((audit_chain::last_seq, audit_chain::last_hash))
        .get_result(conn)
}

/// Moves the head to the last event written; its guard checks that the event exists with
/// that hash and lies ahead.
pub fn set_head(conn: &mut Conn, seq: i64, hash: &str) -> QueryResult<()> {
    diesel::update(audit_chain::table.find(1))
        .set((audit_chain::last_seq.eq(seq), audit_chain::last_hash.eq(hash)))
        .execute(conn)
        .map(|_| ())
}

/// Moves the anchor over events about to be purged; the guard lets it move only when the
/// head is the `audit.purge` event that names it.
pub fn set_anchor(conn: &mut Conn, seq: i64, hash: &str) -> QueryResult<()> {
    diesel::update(audit_chain::table.find(1))
        .set((audit_chain::anchor_seq.eq(seq), audit_chain::anchor_hash.eq(hash)))
        .execute(conn)
        .map(|_| ())
}

/// The anchor: the last event purged past retention, and its hash (0 and "" before any).
pub fn anchor(conn: &mut Conn) -> QueryResult<(i64, String)> {
    audit_chain::table.find(1).select((audit_chain::anchor_seq, audit_chain::anchor_hash)).first(conn)
}

/// The chain's head: the last seq and its hash.
pub fn head(conn: &mut Conn) -> QueryResult<(i64, String)> {
    audit_chain::table.find(1).select((audit_chain::last_seq, audit_chain::last_hash)).first(conn)
}

/// When the project last changed: its newest event, sealed or still waiting for the sealer
/// (audit_pending is small: the sealer drains it continuously). `None`: nothing yet.
pub fn last_change(conn: &mut Conn, project: Id) -> QueryResult<Option<NaiveDateTime>> {
    let sealed: Option<NaiveDateTime> = audit_events::table
        .filter(audit_events::project_id.eq(project))
        .order(audit_events::seq.desc())
        .select(audit_events::occurred_at)
        .first(conn)
        .optional()?;
    let waiting: Option<NaiveDateTime> = audit_pending::table
        .filter(audit_pending::project_id.eq(project))
        .select(diesel::dsl::max(audit_pending::occurred_at))
        .first(conn)?;
    Ok(sealed.max(waiting))
}
