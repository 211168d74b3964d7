//! Creating accounts: through the API (nobody grants more than they hold), the CLI, or the
//! first start.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use super::view_of;
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::{password, Actor, Role, UserStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::projects;
use crate::scope;
use crate::users::dto::{CreateUserRequest, UserView};
use crate::users::model::{NewUser, User};
use crate::users::Username;

/// What a new account is made of, however it is created (API, CLI, first start).
pub struct NewAccount {
    /// Login name.
    pub username: Username,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Work phone.
    pub phone: Option<String>,
    /// Role.
    pub role: Role,
    /// The password, to be hashed.
    pub password: String,
    /// Projects to join.
    pub project_ids: Vec<Uuid>,
    /// The channel of a channel agent.
    pub channel_id: Option<Uuid>,
}

/// Inserts an account with its memberships and the audit event, in one transaction.
/// A taken username answers 409 `user.username_taken`.
pub fn insert_account(conn: &mut Conn, who: Who<'_>, account: NewAccount) -> ApiResult<UserView> {
    // Hash before the transaction: on SQLite the write lock is held for the whole of it.
    let password_hash = password::hash(&account.password).map_err(ApiError::internal)?;
    let id = Id::new();
    let now = db::now();
    db::transaction(conn, |conn| {
        let inserted = NewUser {
            id,
            username: account.username.as_str(),
            display_name: &account.display_name,
            phone: account.phone.as_deref().filter(|p| !p.is_empty()),
            role: account.role,
            status: UserStatus::Active,
            token_version: 0,
            password_hash: &password_hash,
            version: 1,
            created_at: now,
            updated_at: now,
            channel_id: account.channel_id.map(Id),
        }
        .insert(conn);
        match inserted {
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                return Err(ApiError::conflict("user.username_taken", "That username is already taken."));
            }
            other => other?,
        }
        for project_id in &account.project_ids {
            projects::model::add_member(conn, Id(*project_id), id)?;
        }
        audit::record(
            conn,
            who,
            Entry::new(AuditAction::UserCreate, id.0)
                .set("username", account.username.as_str())
                .set("display_name", &account.display_name)
                .set("role", account.role)
                .set("project_ids", &account.project_ids)
                .set("channel_id", account.channel_id)
                .redacted("password"),
        )?;
        let user = User::find(conn, id)?;
        view_of(conn, user)
    })
}

/// `POST /users`: nobody grants more than they hold; managers create inside their projects.
pub fn create(conn: &mut Conn, actor: &Actor, input: CreateUserRequest) -> ApiResult<UserView> {
    if !actor.role.may_grant(input.role) {
        return Err(ApiError::forbidden(
            "user.role_not_grantable",
            format!("A {} may not create a {} account.", actor.role, input.role),
        ));
    }
    let channel_id = agent_channel(conn, actor, &input)?;
    let reachable = scope::projects(conn, actor)?;
    if actor.role == Role::Manager && input.project_ids.is_empty() && channel_id.is_none() {
        return Err(ApiError::validation(vec![FieldError::new(
            "project_ids",
            "name at least one of your projects for the new account",
        )]));
    }
    let known = projects::model::existing_ids(conn, &input.project_ids)?;
    for (index, project_id) in input.project_ids.iter().enumerate() {
        if !known.contains(project_id) || !reachable.covers(*project_id) {
            return Err(ApiError::validation(vec![FieldError::new(
                format!("project_ids[{index}]"),
                "is not a project you can add people to",
            )]));
        }
    }
    let username =
        Username::parse(&input.username).map_err(|m| ApiError::validation(vec![FieldError::new("username", m)]))?;
    let mut project_ids = input.project_ids;
    project_ids.dedup();
    insert_account(
        conn,
        actor.into(),
        NewAccount {
            username,
            display_name: input.display_name.trim().to_owned(),
            phone: input.phone,
            role: input.role,
            password: input.password,
            project_ids,
            channel_id,
        },
    )
}

/// The channel of a new account: required for a channel agent (one the actor manages),
/// refused for every other role; an agent joins no project of their own.
fn agent_channel(conn: &mut Conn, actor: &Actor, input: &CreateUserRequest) -> ApiResult<Option<Uuid>> {
    let refuse = |field: &str, message: &str| Err(ApiError::validation(vec![FieldError::new(field, message)]));
    match (input.role, input.channel_id) {
        (Role::ChannelAgent, None) => refuse("channel_id", "a channel agent needs the channel they work for"),
        (Role::ChannelAgent, Some(_)) if !input.project_ids.is_empty() => {
            refuse("project_ids", "a channel agent works in their channel's projects; leave this empty")
        }
        (Role::ChannelAgent, Some(channel_id)) => {
            let projects = scope::channel_projects(conn, channel_id)?;
            let known = crate::schema::channels::table.find(Id(channel_id)).count().get_result::<i64>(conn)? == 1;
            if known && scope::channel_rights(conn, actor, channel_id, &projects)? == scope::AccountRights::Manage {
                Ok(Some(channel_id))
            } else {
                refuse("channel_id", "is not a channel you manage")
            }
        }
        (_, Some(_)) => refuse("channel_id", "only channel agents belong to a channel"),
        (_, None) => Ok(None),
    }
}
