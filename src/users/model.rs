//! Diesel structs of staff accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::{self, Role, UserStatus};
use crate::db::{Conn, Id};
use crate::schema::{project_members, users};

/// A stored account.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    pub token_version: i32,
    pub password_hash: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An account about to be created.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: Id,
    pub username: &'a str,
    pub display_name: &'a str,
    pub phone: Option<&'a str>,
    pub role: Role,
    pub status: UserStatus,
    pub token_version: i32,
    pub password_hash: &'a str,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChangeset {
    pub display_name: Option<String>,
    pub phone: Option<Option<String>>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    pub password_hash: Option<String>,
}

impl User {
    /// Whom a new session is issued to.
    pub fn subject(&self) -> auth::issue::Subject {
        auth::issue::Subject { id: self.id, role: self.role, token_version: self.token_version }
    }

    /// The account with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<User> {
        users::table.find(id).select(User::as_select()).first(conn)
    }

    /// The account with this (normalised) username.
    pub fn find_by_username(conn: &mut Conn, username: &str) -> QueryResult<Option<User>> {
        users::table.filter(users::username.eq(username)).select(User::as_select()).first(conn).optional()
    }

    /// How many accounts exist.
    pub fn count(conn: &mut Conn) -> QueryResult<i64> {
        users::table.count().get_result(conn)
    }

    /// Applies `changes` when the stored version is still `expected_version`; bumps the
    /// version, and the token version when `revoke_tokens`. Returns whether it applied.
    pub fn update_if_version(
        conn: &mut Conn,
        id: Id,
        expected_version: i32,
        changes: &UserChangeset,
        revoke_tokens: bool,
    ) -> QueryResult<bool> {
        let bump = if revoke_tokens { 1 } else { 0 };
        let updated = diesel::update(users::table.filter(users::id.eq(id)).filter(users::version.eq(expected_version)))
            .set((
                changes,
                users::version.eq(users::version + 1),
                users::token_version.eq(users::token_version + bump),
                users::updated_at.eq(crate::db::now()),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// Sets the status when it differs, bumping the token version so that every
    /// outstanding access token dies. Returns whether anything changed.
    pub fn set_status(conn: &mut Conn, id: Id, status: UserStatus) -> QueryResult<bool> {
        let updated = diesel::update(users::table.filter(users::id.eq(id)).filter(users::status.ne(status)))
            .set((
                users::status.eq(status),
                users::version.eq(users::version + 1),
                users::token_version.eq(users::token_version + 1),
                users::updated_at.eq(crate::db::now()),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }
}

impl NewUser<'_> {
    /// Inserts the account.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(users::table).values(self).execute(conn).map(|_| ())
    }
}

/// The project ids of each of these users, in one query.
pub fn project_ids_of(conn: &mut Conn, user_ids: &[Id]) -> QueryResult<Vec<(Id, Id)>> {
    project_members::table
        .filter(project_members::user_id.eq_any(user_ids))
        .select((project_members::user_id, project_members::project_id))
        .order((project_members::user_id, project_members::created_at))
        .load(conn)
}
