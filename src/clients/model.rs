//! `integration_clients`: a client's name, scopes, hashed secret and session.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::schema::integration_clients;

/// A stored client.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = integration_clients)]
pub struct IntegrationClient {
    /// Also the id of its account.
    pub id: Id,
    pub name: String,
    /// JSON list of scopes.
    pub scopes: String,
    pub secret_hash: String,
    /// The refresh-token family its access tokens name.
    pub session_id: Id,
    pub created_by: Id,
    pub created_at: NaiveDateTime,
    pub secret_rotated_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl IntegrationClient {
    /// A client by id, revoked or not.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<IntegrationClient>> {
        integration_clients::table.find(id).select(IntegrationClient::as_select()).first(conn).optional()
    }

    /// Clients, newest first, after `before` (a keyset page).
    pub fn page(conn: &mut Conn, before: Option<Id>, limit: i64) -> QueryResult<Vec<IntegrationClient>> {
        let mut query = integration_clients::table
            .select(IntegrationClient::as_select())
            .order(integration_clients::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(integration_clients::id.lt(before));
        }
        query.load(conn)
    }

    /// Adds the client.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(integration_clients::table).values(self).execute(conn).map(|_| ())
    }

    /// Marks a live client revoked; false when it was revoked already.
    pub fn revoke(conn: &mut Conn, id: Id, now: NaiveDateTime) -> QueryResult<bool> {
        let changed = diesel::update(
            integration_clients::table
                .filter(integration_clients::id.eq(id))
                .filter(integration_clients::revoked_at.is_null()),
        )
        .set(integration_clients::revoked_at.eq(Some(now)))
        .execute(conn)?;
        Ok(changed == 1)
    }

    /// Replaces a live client's secret; false when it is revoked.
    pub fn set_secret(conn: &mut Conn, id: Id, hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
        let changed = diesel::update(
            integration_clients::table
                .filter(integration_clients::id.eq(id))
                .filter(integration_clients::revoked_at.is_null()),
        )
        .set((integration_clients::secret_hash.eq(hash), integration_clients::secret_rotated_at.eq(Some(now))))
        .execute(conn)?;
        Ok(changed == 1)
    }
}

/// The (client, project) memberships of these clients, oldest first.
pub fn projects_of(conn: &mut Conn, clients: &[Id]) -> QueryResult<Vec<(Id, Id)>> {
    crate::schema::project_members::table
        .filter(crate::schema::project_members::user_id.eq_any(clients))
        .select((crate::schema::project_members::user_id, crate::schema::project_members::project_id))
        .order((crate::schema::project_members::user_id, crate::schema::project_members::created_at))
        .load(conn)
}
