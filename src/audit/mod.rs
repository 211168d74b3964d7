//! The audit trail. `audit::record` writes one event inside the caller's transaction, so
//! an event exists exactly when its change committed; each event is chained to the one
//! before by a hash (`chain.rs`) — on PostgreSQL by the sealer, just after the commit
//! (`seal.rs`) — and the table refuses updates and deletes. The chain's
//! head and anchor are guarded by triggers too: the head only moves forward to a recorded
//! event, the anchor only with a purge. The query side (search, CSV export, verification,
//! signed checkpoints, retention) is in `service/`.

mod action;
pub mod chain;
pub mod dto;
mod entity;
pub mod handlers;
mod model;
pub mod seal;
pub mod service;
mod telling;

use serde::Serialize;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::auth::{Actor, Role};
use crate::db::{Conn, Id};
use crate::http::RequestContext;
pub use action::AuditAction;
pub use entity::EntityType;
pub use handlers::configure;
pub use model::{last_change, AuditEvent};
pub use telling::EventType;

/// What stands in for a sensitive value in an event.
pub const REDACTED: &str = "[redacted]";

/// Who did it: a signed-in actor, or an anonymous request (a login attempt), or the
/// system itself (start-up, the CLI).
#[derive(Debug, Clone)]
pub struct Who<'a> {
    /// The acting user, when known.
    pub actor_id: Option<Uuid>,
    /// Their role at the time.
    pub actor_role: Option<Role>,
    /// The request, when there was one.
    pub context: Option<&'a RequestContext>,
}

impl<'a> Who<'a> {
    /// The system itself, outside any request.
    pub fn system() -> Self {
        Self { actor_id: None, actor_role: None, context: None }
    }

    /// An anonymous request, optionally about a known user (a failed login for them).
    pub fn request(context: &'a RequestContext, user: Option<(Uuid, Role)>) -> Self {
        Self { actor_id: user.map(|u| u.0), actor_role: user.map(|u| u.1), context: Some(context) }
    }
}

impl<'a> From<&'a Actor> for Who<'a> {
    fn from(actor: &'a Actor) -> Self {
        Self { actor_id: Some(actor.id), actor_role: Some(actor.role), context: Some(&actor.context) }
    }
}

/// One event, built up before it is recorded.
#[derive(Debug, Clone)]
pub struct Entry {
    action: AuditAction,
    entity_id: Option<Uuid>,
    project_id: Option<Uuid>,
    changes: Map<String, Value>,
}

impl Entry {
    /// An event `action` (e.g. `AuditAction::UserFreeze`) on the entity it is about.
    pub fn new(action: AuditAction, entity_id: impl Into<Option<Uuid>>) -> Self {
        Self { action, entity_id: entity_id.into(), project_id: None, changes: Map::new() }
    }

    /// The project the entity belongs to, so managers see the event.
    pub fn project(mut self, project_id: impl Into<Option<Uuid>>) -> Self {
        self.project_id = project_id.into();
        self
    }

    /// A field that changed from `old` to `new`; unchanged values are left out.
    pub fn change<T: Serialize + PartialEq>(mut self, field: &str, old: T, new: T) -> Self {
        if old != new {
            self.changes.insert(field.to_owned(), json!({ "old": old, "new": new }));
        }
        self
    }

    /// A field's value on creation.
    pub fn set<T: Serialize>(mut self, field: &str, value: T) -> Self {
        self.changes.insert(field.to_owned(), json!({ "new": value }));
        self
    }

    /// A sensitive field that changed; its values are never written.
    pub fn redacted(mut self, field: &str) -> Self {
        self.changes.insert(field.to_owned(), json!({ "old": REDACTED, "new": REDACTED }));
        self
    }

    /// Extra facts about the event (a reason, a purpose, a count).
    pub fn note<T: Serialize>(mut self, key: &str, value: T) -> Self {
        self.changes.insert(key.to_owned(), json!(value));
        self
    }
}

/// Writes the event; call it inside the transaction of the change it describes.
pub fn record(conn: &mut Conn, who: Who<'_>, entry: Entry) -> diesel::QueryResult<()> {
    record_all(conn, who, vec![entry])
}

/// Writes several events of one actor at once, chained in order: what a bulk change
/// (a recomputation, a handover) records without a round trip per event. On PostgreSQL the
/// events wait, signed, for the sealer (`seal.rs`), so concurrent writers do not queue on
/// the chain's head; on SQLite, whose writers take turns anyway, they are chained at once.
pub fn record_all(conn: &mut Conn, who: Who<'_>, entries: Vec<Entry>) -> diesel::QueryResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut events = events_of(who, entries);
    if crate::db::writers_take_turns(conn) {
        return seal::append_sealed(conn, &events);
    }
    for event in &mut events {
        event.signature = chain::sign_pending(&event.content(0))?;
    }
    seal::leave_waiting(conn, &events)
}

/// The events `who` records with `entries`, unplaced and unsigned.
fn events_of(who: Who<'_>, entries: Vec<Entry>) -> Vec<model::PendingEvent> {
    let context = who.context.cloned().unwrap_or_default();
    let occurred_at = crate::db::now();
    entries
        .into_iter()
        .map(|entry| model::PendingEvent {
            pending_id: 0,
            id: Id::new(),
            occurred_at,
            actor_id: who.actor_id.map(Id),
            actor_role: who.actor_role.map(|r| r.as_str().to_owned()),
            action: entry.action.as_str().to_owned(),
            event_type: entry.action.event_type(&entry.changes).map(|t| t.as_str().to_owned()),
            entity_type: entry.action.entity_type().as_str().to_owned(),
            entity_id: entry.entity_id.map(Id),
            project_id: entry.project_id.map(Id),
            request_id: context.request_id.clone(),
            ip: context.ip.clone(),
            user_agent: context.user_agent.clone(),
            changes: Value::Object(entry.changes).to_string(),
            signature: String::new(),
        })
        .collect()
}

/// Records the system's `entry` chained at once rather than left waiting: what a purge
/// writes, which must be at the head when it moves the anchor. Inside a transaction.
pub(crate) fn record_sealed(conn: &mut Conn, entry: Entry) -> diesel::QueryResult<()> {
    seal::append_sealed(conn, &events_of(Who::system(), vec![entry]))
}
