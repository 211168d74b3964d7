//! Diesel structs of refresh tokens and login failures.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::schema::{login_failures, refresh_tokens};

/// A stored refresh token (only its hash).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: Id,
    pub user_id: Id,
    /// Every token rotated from one login shares the family of the first.
    pub family_id: Id,
    pub token_hash: String,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// Set when the token was exchanged for a new one.
    pub used_at: Option<NaiveDateTime>,
    /// Set when the token (or its family) was revoked.
    pub revoked_at: Option<NaiveDateTime>,
}

/// A refresh token about to be stored.
#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    pub id: Id,
    pub user_id: Id,
    pub family_id: Id,
    pub token_hash: &'a str,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

impl NewRefreshToken<'_> {
    /// Stores the token.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(refresh_tokens::table).values(self).execute(conn).map(|_| ())
    }
}

impl RefreshToken {
    /// The token with this hash.
    pub fn find_by_hash(conn: &mut Conn, hash: &str) -> QueryResult<Option<RefreshToken>> {
        refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(hash))
            .select(RefreshToken::as_select())
            .first(conn)
            .optional()
    }

    /// Marks the token used, unless it already was: of two concurrent refreshes with the
    /// same token exactly one wins. Returns whether this call won.
    pub fn mark_used(conn: &mut Conn, id: Id, now: NaiveDateTime) -> QueryResult<bool> {
        let updated = diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::id.eq(id))
                .filter(refresh_tokens::used_at.is_null())
                .filter(refresh_tokens::revoked_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(now))
        .execute(conn)?;
        Ok(updated == 1)
    }

    /// Revokes every live token of a family.
    pub fn revoke_family(conn: &mut Conn, family_id: Id) -> QueryResult<usize> {
        diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::family_id.eq(family_id))
                .filter(refresh_tokens::revoked_at.is_null()),
        )
        .set(refresh_tokens::revoked_at.eq(crate::db::now()))
        .execute(conn)
    }
}

/// Revokes every live refresh token of a user (freeze, new password, new role).
pub fn revoke_all_for_user(conn: &mut Conn, user_id: Id) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(crate::db::now()))
    .execute(conn)
}

/// Failed logins from a client address since `since`: (username, when) — few by
/// construction, since throttled attempts are not recorded.
pub fn recent_failures_from(
    conn: &mut Conn,
    client_address: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    login_failures::table
        .filter(login_failures::client_address.eq(client_address))
        .filter(login_failures::occurred_at.gt(since))
        .select((login_failures::username, login_failures::occurred_at))
        .load(conn)
}

/// Records a failed login.
pub fn record_failure(conn: &mut Conn, username: &str, client_address: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(Id::new()),
            login_failures::username.eq(username),
            login_failures::client_address.eq(client_address),
            login_failures::occurred_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forgets a username's failures from this address after a successful login there (the
/// address's count of other usernames stays), and everyone's old ones.
pub fn clear_failures(
    conn: &mut Conn,
    username: &str,
    client_address: &str,
    older_than: NaiveDateTime,
) -> QueryResult<()> {
    let this_account_here =
        login_failures::username.eq(username).and(login_failures::client_address.eq(client_address));
    diesel::delete(login_failures::table.filter(this_account_here.or(login_failures::occurred_at.lt(older_than))))
        .execute(conn)
        .map(|_| ())
}
