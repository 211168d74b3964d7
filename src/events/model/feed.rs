//! The change feed's rows: the telling events of the audit trail (which `audit` writes;
//! read here, never written).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{self, Conn, Id};
use crate::schema::audit_events;

/// An event of the feed, as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct FeedEvent {
    pub seq: i64,
    pub id: Id,
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<Id>,
    pub actor_role: Option<String>,
    pub entity_type: String,
    pub entity_id: Option<Id>,
    pub project_id: Option<Id>,
    pub changes: String,
    pub event_type: Option<String>,
}

/// Which telling events to read, after which position.
#[derive(Debug, Clone, Default)]
pub struct FeedFilter {
    /// Only positions after this one.
    pub after_seq: i64,
    /// Only this type.
    pub event_type: Option<&'static str>,
    /// Only these projects (`None`: every project).
    pub projects: Option<Vec<Id>>,
}

impl FeedEvent {
    /// Up to `limit` telling events matching `filter`, in position order.
    pub fn after(conn: &mut Conn, filter: &FeedFilter, limit: i64) -> QueryResult<Vec<FeedEvent>> {
        let mut query = audit_events::table
            .filter(audit_events::event_type.is_not_null())
            .filter(audit_events::seq.gt(filter.after_seq))
            .select(FeedEvent::as_select())
            .order(audit_events::seq.asc())
            .limit(limit)
            .into_boxed::<db::MultiBackend>();
        if let Some(kind) = filter.event_type {
            query = query.filter(audit_events::event_type.eq(kind));
        }
        if let Some(projects) = &filter.projects {
            query = query.filter(audit_events::project_id.eq_any(projects.clone()));
        }
        query.load(conn)
    }

    /// The position of a telling event, by id.
    pub fn position_of(conn: &mut Conn, id: Id) -> QueryResult<Option<(i64, Option<Id>)>> {
        audit_events::table
            .filter(audit_events::id.eq(id))
            .filter(audit_events::event_type.is_not_null())
            .select((audit_events::seq, audit_events::project_id))
            .first(conn)
            .optional()
    }

    /// One telling event, by id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<FeedEvent>> {
        audit_events::table
            .filter(audit_events::id.eq(id))
            .filter(audit_events::event_type.is_not_null())
            .select(FeedEvent::as_select())
            .first(conn)
            .optional()
    }

    /// The types of these events (those still kept).
    pub fn types_of(conn: &mut Conn, ids: &[Id]) -> QueryResult<Vec<(Id, Option<String>)>> {
        audit_events::table
            .filter(audit_events::id.eq_any(ids))
            .select((audit_events::id, audit_events::event_type))
            .load(conn)
    }
}
