//! `webhook_endpoints`: where events are delivered, and the secrets that sign them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::events::EndpointStatus;
use crate::schema::webhook_endpoints;

/// A stored endpoint.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = webhook_endpoints)]
pub struct Endpoint {
    pub id: Id,
    pub url: String,
    pub description: String,
    /// JSON list of event types; empty: every type.
    pub event_types: String,
    /// JSON list of project ids; empty: every project.
    pub project_ids: String,
    pub status: EndpointStatus,
    pub disabled_reason: Option<String>,
    pub secret_cipher: Vec<u8>,
    pub previous_secret_cipher: Option<Vec<u8>>,
    pub previous_secret_until: Option<NaiveDateTime>,
    pub failing_since: Option<NaiveDateTime>,
    pub created_by: Id,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

/// What an admin may change.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = webhook_endpoints, treat_none_as_null = true)]
pub struct EndpointEdit {
    pub url: String,
    pub description: String,
    pub event_types: String,
    pub project_ids: String,
    pub status: EndpointStatus,
    pub disabled_reason: Option<String>,
}

impl Endpoint {
    /// A live endpoint by id.
    pub fn find_live(conn: &mut Conn, id: Id) -> QueryResult<Option<Endpoint>> {
        webhook_endpoints::table
            .filter(webhook_endpoints::id.eq(id))
            .filter(webhook_endpoints::deleted_at.is_null())
            .select(Endpoint::as_select())
            .first(conn)
            .optional()
    }

    /// Live endpoints (of `owner`, when given), newest first, after `before` (a keyset page).
    pub fn page(conn: &mut Conn, owner: Option<Id>, before: Option<Id>, limit: i64) -> QueryResult<Vec<Endpoint>> {
        let mut query = webhook_endpoints::table
            .filter(webhook_endpoints::deleted_at.is_null())
            .select(Endpoint::as_select())
            .order(webhook_endpoints::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(webhook_endpoints::id.lt(before));
        }
        if let Some(owner) = owner {
            query = query.filter(webhook_endpoints::created_by.eq(owner));
        }
        query.load(conn)
    }

    /// Every enabled, live endpoint: what the dispatcher fans events out to.
    pub fn enabled(conn: &mut Conn) -> QueryResult<Vec<Endpoint>> {
        webhook_endpoints::table
            .filter(webhook_endpoints::deleted_at.is_null())
            .filter(webhook_endpoints::status.eq(EndpointStatus::Enabled))
            .select(Endpoint::as_select())
            .load(conn)
    }

    /// Adds the endpoint.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(webhook_endpoints::table).values(self).execute(conn).map(|_| ())
    }

    /// Writes `edit` when the stored version is still `version`.
    pub fn update(conn: &mut Conn, id: Id, version: i32, edit: &EndpointEdit, now: NaiveDateTime) -> QueryResult<bool> {
        let changed = diesel::update(live(id).filter(webhook_endpoints::version.eq(version)))
            .set((edit, webhook_endpoints::version.eq(version + 1), webhook_endpoints::updated_at.eq(now)))
            .execute(conn)?;
        Ok(changed == 1)
    }

    /// A new signing secret; the one before keeps signing until `until`.
    pub fn rotate(
        conn: &mut Conn,
        id: Id,
        secret: Vec<u8>,
        previous: Vec<u8>,
        until: NaiveDateTime,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let changed = diesel::update(live(id))
            .set((
                webhook_endpoints::secret_cipher.eq(secret),
                webhook_endpoints::previous_secret_cipher.eq(Some(previous)),
                webhook_endpoints::previous_secret_until.eq(Some(until)),
                webhook_endpoints::version.eq(webhook_endpoints::version + 1),
                webhook_endpoints::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(changed == 1)
    }

    /// Removes the endpoint from every list and from delivery; its history stays.
    pub fn delete(conn: &mut Conn, id: Id, now: NaiveDateTime) -> QueryResult<bool> {
        let changed = diesel::update(live(id))
            .set((webhook_endpoints::deleted_at.eq(Some(now)), webhook_endpoints::updated_at.eq(now)))
            .execute(conn)?;
        Ok(changed == 1)
    }

    /// Turns an enabled endpoint off with `reason`; false when it was not enabled.
    pub fn disable(conn: &mut Conn, id: Id, reason: &str, now: NaiveDateTime) -> QueryResult<bool> {
        let changed = diesel::update(live(id).filter(webhook_endpoints::status.eq(EndpointStatus::Enabled)))
            .set((
                webhook_endpoints::status.eq(EndpointStatus::Disabled),
                webhook_endpoints::disabled_reason.eq(Some(reason)),
                webhook_endpoints::version.eq(webhook_endpoints::version + 1),
                webhook_endpoints::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(changed == 1)
    }

    /// Notes an attempt's outcome: a success clears `failing_since`, a failure sets it if
    /// unset. Answers `failing_since` as it now stands.
    pub fn note_outcome(
        conn: &mut Conn,
        id: Id,
        succeeded: bool,
        now: NaiveDateTime,
    ) -> QueryResult<Option<NaiveDateTime>> {
        let target = webhook_endpoints::table.filter(webhook_endpoints::id.eq(id));
        if succeeded {
            diesel::update(target.filter(webhook_endpoints::failing_since.is_not_null()))
                .set(webhook_endpoints::failing_since.eq(None::<NaiveDateTime>))
                .execute(conn)?;
            return Ok(None);
        }
        diesel::update(target.filter(webhook_endpoints::failing_since.is_null()))
            .set(webhook_endpoints::failing_since.eq(Some(now)))
            .execute(conn)?;
        target.select(webhook_endpoints::failing_since).first(conn)
    }
}

#[diesel::dsl::auto_type]
fn live(id: Id) -> _ {
    webhook_endpoints::table.filter(webhook_endpoints::id.eq(id)).filter(webhook_endpoints::deleted_at.is_null())
}
