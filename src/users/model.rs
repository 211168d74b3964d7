//! Diesel structs of staff accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::{self, Role, UserStatus};
use crate::db::{Conn, Id};
use crate::schema::{channel_projects, project_members, users};

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
    pub channel_id: Option<Id>,
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
    pub channel_id: Option<Id>,
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

/// The active accounts of this role (the admins a system alert goes to).
pub fn active_with_role(conn: &mut Conn, role: Role) -> QueryResult<Vec<Id>> {
    users::table
        .filter(users::role.eq(role))
        .filter(users::status.eq(UserStatus::Active))
        .select(users::id)
        .order(users::id)
        .load(conn)
}

/// The projects each of these users works in (`scope::account_projects`): members their
/// memberships, channel agents their channel's projects; one query for each kind present.
pub fn project_ids_of(conn: &mut Conn, accounts: &[User]) -> QueryResult<Vec<(Id, Id)>> {
    let (agents, members): (Vec<&User>, Vec<&User>) = accounts.iter().partition(|u| u.channel_id.is_some());
    let mut rows: Vec<(Id, Id)> = Vec::new();
    if !members.is_empty() {
        let ids: Vec<Id> = members.iter().map(|u| u.id).collect();
        rows = project_members::table
            .filter(project_members::user_id.eq_any(ids))
            .select((project_members::user_id, project_members::project_id))
            .order((project_members::user_id, project_members::created_at))
            .load(conn)?;
    }
    if !agents.is_empty() {
        let ids: Vec<Id> = agents.iter().map(|u| u.id).collect();
        let via_channel: Vec<(Id, Id)> = users::table
            .inner_join(channel_projects::table.on(users::channel_id.eq(channel_projects::channel_id.nullable())))
            .filter(users::id.eq_any(ids))
            .select((users::id, channel_projects::project_id))
            .order((users::id, channel_projects::created_at, channel_projects::project_id))
            .load(conn)?;
        rows.extend(via_channel);
    }
    Ok(rows)
}
