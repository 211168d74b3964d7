//! Account rules: who may create, see, change and freeze whom.

use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

use super::dto::{ListUsersQuery, MeView, UpdateUserRequest, UpdatedUser, UserView};
use super::model::{self, User, UserChangeset};
use super::Username;
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::{self, password, Actor, Role, UserStatus};
use crate::db::{self, lower, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::projects::{self, dto::ProjectSummary};
use crate::schema::{channel_projects, project_members, users};
use crate::scope;

mod create;

pub use create::{create, insert_account, NewAccount};

fn user_not_found() -> ApiError {
    ApiError::not_found("user.not_found", "No such user.")
}

/// The user if the actor may see them (admins: all; managers: people sharing a project;
/// everyone: themself); 404 otherwise.
fn visible_user(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<User> {
    let user = User::find(conn, Id(id)).optional()?.ok_or_else(user_not_found)?;
    let visible = actor.is_admin()
        || actor.id == id
        || (actor.role == Role::Manager && scope::account_rights(conn, actor, id)? >= scope::AccountRights::Visible);
    if visible {
        Ok(user)
    } else {
        Err(user_not_found())
    }
}

pub(super) fn view_of(conn: &mut Conn, user: User) -> ApiResult<UserView> {
    let project_ids = model::project_ids_of(conn, std::slice::from_ref(&user))?.into_iter().map(|(_, p)| p.0).collect();
    Ok(UserView::new(user, project_ids))
}

/// `GET /users/{id}`.
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<UserView> {
    let user = visible_user(conn, actor, id)?;
    view_of(conn, user)
}

/// `GET /me`: the account and its projects.
pub fn me(conn: &mut Conn, actor: &Actor) -> ApiResult<MeView> {
    let user = User::find(conn, Id(actor.id))?;
    let user = view_of(conn, user)?;
    let projects = projects::model::find_many(conn, &user.project_ids)?.into_iter().map(ProjectSummary::from).collect();
    Ok(MeView { user, projects })
}

/// `GET /users`: admins see everyone, managers the people of their projects.
pub fn list(conn: &mut Conn, actor: &Actor, filter: ListUsersQuery, page: PageQuery) -> ApiResult<Page<UserView>> {
    let scope = match actor.role {
        Role::Admin | Role::Manager => scope::projects(conn, actor)?,
        Role::Sales | Role::Receptionist | Role::ChannelAgent | Role::Finance | Role::Integration | Role::Client => {
            return Err(ApiError::forbidden("user.list_forbidden", "Only admins and managers list accounts."))
        }
    };
    let cursor: Option<Uuid> = page.decode()?;
    let mut query = users::table.select(User::as_select()).order(users::id.asc()).into_boxed();
    // People work in a project as members, or as agents of a channel serving it.
    if let scope::ProjectScope::Only(projects) = scope {
        let ids: Vec<Id> = projects.into_iter().map(Id).collect();
        query = query.filter(
            users::id
                .eq_any(
                    project_members::table
                        .filter(project_members::project_id.eq_any(ids.clone()))
                        .select(project_members::user_id),
                )
                .or(users::channel_id.eq_any(
                    channel_projects::table
                        .filter(channel_projects::project_id.eq_any(ids))
                        .select(channel_projects::channel_id.nullable()),
                )),
        );
    }
    if let Some(project_id) = filter.project_id {
        query = query.filter(
            users::id
                .eq_any(
                    project_members::table
                        .filter(project_members::project_id.eq(Id(project_id)))
                        .select(project_members::user_id),
                )
                .or(users::channel_id.eq_any(
                    channel_projects::table
                        .filter(channel_projects::project_id.eq(Id(project_id)))
                        .select(channel_projects::channel_id.nullable()),
                )),
        );
    }
    if let Some(q) = filter.q.as_deref() {
        let pattern = db::like_pattern(q.trim());
        query = query.filter(
            lower(users::username)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(users::display_name).like(pattern).escape('\\')),
        );
    }
    if let Some(role) = filter.role {
        query = query.filter(users::role.eq(role));
    }
    if let Some(status) = filter.status {
        query = query.filter(users::status.eq(status));
    }
    if let Some(after) = cursor {
        query = query.filter(users::id.gt(Id(after)));
    }
    let limit = page.limit();
    let rows: Vec<User> = query.limit(limit + 1).load(conn)?;
    let mut projects_by_user: HashMap<Id, Vec<Uuid>> = HashMap::new();
    for (user_id, project_id) in model::project_ids_of(conn, &rows)? {
        projects_by_user.entry(user_id).or_default().push(project_id.0);
    }
    Ok(Page::from_rows(
        rows,
        limit,
        |u| u.id.0,
        |u| {
            let project_ids = projects_by_user.remove(&u.id).unwrap_or_default();
            UserView::new(u, project_ids)
        },
    ))
}

/// `PATCH /users/{id}`: admins change anyone but their own role; a user may change their
/// own name, phone and password. A new role or password ends the user's sessions.
pub fn update(
    conn: &mut Conn,
    actor: &Actor,
    keys: &auth::token::TokenKeys,
    id: Uuid,
    input: UpdateUserRequest,
) -> ApiResult<UpdatedUser> {
    let user = visible_user(conn, actor, id)?;
    let is_self = actor.id == id;
    if !actor.is_admin() && !is_self {
        return Err(ApiError::forbidden("user.admin_only", "Only admins change other people's accounts."));
    }
    // One's own password is changed by someone who knows it: a stolen session alone
    // must not be enough to lock the owner out.
    if is_self && input.password.is_some() {
        let Some(current) = input.current_password.as_deref() else {
            return Err(ApiError::invalid_field(
                "user.current_password_required",
                "current_password",
                "is required to change your own password",
            ));
        };
        if !password::verify(current, &user.password_hash) {
            return Err(ApiError::forbidden("user.current_password_wrong", "The current password is not right."));
        }
    }
    if input.role.is_some_and(|r| r != user.role) {
        if is_self {
            return Err(ApiError::forbidden("user.own_role", "Nobody may change their own role."));
        }
        if !actor.is_admin() {
            return Err(ApiError::forbidden("user.role_not_grantable", "Only admins change roles."));
        }
        // An agent is their channel's person: becoming one, or ceasing to be one, is a new account.
        if input.role == Some(Role::ChannelAgent) || user.role == Role::ChannelAgent {
            return Err(ApiError::validation(vec![FieldError::new(
                "role",
                "a channel agent's role does not change; create a new account instead",
            )]));
        }
        // A client's account is its credentials' (`/integration-clients`), in both directions.
        if input.role == Some(Role::Client) || user.role == Role::Client {
            return Err(ApiError::validation(vec![FieldError::new(
                "role",
                "an integration client's role does not change; manage it under /integration-clients",
            )]));
        }
    }
    let password_hash = input.password.as_deref().map(password::hash).transpose().map_err(ApiError::internal)?;
    let changes = UserChangeset {
        display_name: input.display_name.as_ref().map(|n| n.trim().to_owned()),
        phone: input.phone.as_ref().map(|p| Some(p.clone()).filter(|p| !p.is_empty())),
        role: input.role,
        status: None,
        password_hash,
    };
    let ends_sessions = changes.password_hash.is_some() || input.role.is_some_and(|r| r != user.role);
    db::transaction(conn, |conn| {
        if !User::update_if_version(conn, user.id, input.version, &changes, ends_sessions)? {
            return Err(ApiError::precondition_failed(
                "user.version_conflict",
                "The account changed since you read it; reload and try again.",
            ));
        }
        if ends_sessions {
            auth::model::revoke_all_for_user(conn, user.id)?;
        }
        let mut entry = Entry::new(AuditAction::UserUpdate, id);
        if let Some(name) = &changes.display_name {
            entry = entry.change("display_name", &user.display_name, name);
        }
        if let Some(phone) = &changes.phone {
            entry = entry.change("phone", &user.phone, phone);
        }
        if let Some(role) = changes.role {
            entry = entry.change("role", user.role, role);
        }
        if changes.password_hash.is_some() {
            entry = entry.redacted("password");
        }
        audit::record(conn, actor.into(), entry)?;
        let updated = User::find(conn, user.id)?;
        // Every session ended above; the caller who changed their own password goes on.
        let session = if is_self && changes.password_hash.is_some() {
            Some(auth::issue::start_session(conn, keys, updated.subject())?)
        } else {
            None
        };
        Ok(UpdatedUser { user: view_of(conn, updated)?, session })
    })
}

/// `POST /users/{id}/freeze` and `/unfreeze`: admins, or a manager for a salesperson of
/// their project. Freezing ends every session at once. Repeating it changes nothing.
pub fn set_status(conn: &mut Conn, actor: &Actor, id: Uuid, status: UserStatus) -> ApiResult<UserView> {
    let user = visible_user(conn, actor, id)?;
    if actor.id == id {
        return Err(ApiError::conflict("user.cannot_freeze_self", "You cannot freeze or unfreeze your own account."));
    }
    scope::require_account(conn, actor, id)?;
    if !actor.role.outranks(user.role) {
        return Err(ApiError::forbidden(
            "user.freeze_forbidden",
            format!("A {} may not freeze a {}.", actor.role, user.role),
        ));
    }
    db::transaction(conn, |conn| {
        if User::set_status(conn, user.id, status)? {
            if status == UserStatus::Frozen {
                auth::model::revoke_all_for_user(conn, user.id)?;
            }
            let action = if status == UserStatus::Frozen { AuditAction::UserFreeze } else { AuditAction::UserUnfreeze };
            audit::record(conn, actor.into(), Entry::new(action, id).change("status", user.status, status))?;
        }
        let updated = User::find(conn, user.id)?;
        view_of(conn, updated)
    })
}

/// On first start with no account at all, creates `admin`. Returns the generated password
/// when none was configured, so the caller can print it once.
pub fn ensure_first_admin(conn: &mut Conn, configured_password: Option<&str>) -> ApiResult<Option<String>> {
    if User::count(conn)? > 0 {
        return Ok(None);
    }
    let generated = configured_password.is_none().then(password::generate);
    let password = configured_password.map(str::to_owned).or_else(|| generated.clone()).unwrap_or_default();
    let account = NewAccount {
        username: Username::parse("admin").map_err(|m| ApiError::internal(anyhow::anyhow!(m)))?,
        display_name: "Administrator".into(),
        phone: None,
        role: Role::Admin,
        password,
        project_ids: Vec::new(),
        channel_id: None,
    };
    match insert_account(conn, Who::system(), account) {
        Ok(_) => Ok(generated),
        // Another replica starting at the same moment created it first.
        Err(e) if e.code() == "user.username_taken" => Ok(None),
        Err(e) => Err(e),
    }
}
