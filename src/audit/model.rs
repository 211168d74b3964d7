//! Diesel structs of the audit trail.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::schema::audit_events;

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
}

/// An event about to be written.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events)]
pub struct NewAuditEvent<'a> {
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
}

impl NewAuditEvent<'_> {
    /// Appends the event.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(audit_events::table).values(self).execute(conn).map(|_| ())
    }
}
