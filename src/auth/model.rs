//! Diesel structs of refresh tokens, and the names of accounts by id.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

use crate::db::{Conn, Id};
use crate::schema::{refresh_tokens, users};

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

/// A user's display name, as a subquery on the users' primary key: a statement that shows
/// its reader as an author reads the name on the way.
#[diesel::dsl::auto_type]
pub fn display_name_of(user: Id) -> _ {
    users::table.filter(users::id.eq(user)).select(users::display_name).single_value()
}

/// Display names of these users, in one query. It lives here, in the lowest module that
/// reads accounts, so that the audit trail (below `users`) names people the same way.
pub fn display_names(conn: &mut Conn, ids: impl IntoIterator<Item = Id>) -> QueryResult<HashMap<Id, String>> {
    let mut ids: Vec<Id> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    let rows: Vec<(Id, String)> =
        users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)?;
    Ok(rows.into_iter().collect())
}
