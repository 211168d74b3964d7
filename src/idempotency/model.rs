//! Stored first responses of idempotent POSTs.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::schema::idempotency_keys;

/// A key's stored state.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
pub struct StoredKey {
    pub request_hash: String,
    /// `None` while the first request is still being served.
    pub status_code: Option<i32>,
    /// JSON array of `[name, value]` pairs worth replaying (content type, location).
    pub response_headers: Option<String>,
    pub response_body: Option<Vec<u8>>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = idempotency_keys)]
struct NewKey<'a> {
    user_id: Id,
    idempotency_key: &'a str,
    request_hash: &'a str,
    created_at: NaiveDateTime,
}

/// Claims a key for a request being served now; false when the key already exists.
/// The primary key decides between two racing requests.
pub fn try_claim(conn: &mut Conn, user_id: Id, key: &str, request_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let row = NewKey { user_id, idempotency_key: key, request_hash, created_at: now };
    let inserted = crate::db::insert_or_ignore!(conn, idempotency_keys::table, &row)?;
    Ok(inserted == 1)
}

/// The stored state of a key.
pub fn find(conn: &mut Conn, user_id: Id, key: &str) -> QueryResult<Option<StoredKey>> {
    idempotency_keys::table.find((user_id, key)).select(StoredKey::as_select()).first(conn).optional()
}

/// Stores the first response.
pub fn save_response(
    conn: &mut Conn,
    user_id: Id,
    key: &str,
    status: u16,
    headers: &str,
    body: &[u8],
) -> QueryResult<()> {
    diesel::update(idempotency_keys::table.find((user_id, key)))
        .set((
            idempotency_keys::status_code.eq(Some(i32::from(status))),
            idempotency_keys::response_headers.eq(Some(headers)),
            idempotency_keys::response_body.eq(Some(body)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forgets a key (its request failed on our side, or it expired) so it can be used again.
pub fn forget(conn: &mut Conn, user_id: Id, key: &str) -> QueryResult<()> {
    diesel::delete(idempotency_keys::table.find((user_id, key))).execute(conn).map(|_| ())
}
