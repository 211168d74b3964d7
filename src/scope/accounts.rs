//! Rights over accounts and channels: which staff accounts, and which channels (with
//! their agents), an actor may see and manage. The rule is one for both: admins hold
//! everything; a manager holds what lies wholly inside the projects they manage, sees what
//! shares a project with them, and nothing else exists for them.

use diesel::prelude::*;
use uuid::Uuid;

use super::member_projects;
use crate::auth::{Actor, Role};
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::schema::{channel_projects, project_members, users};

/// What the actor may do to another staff account.
///
/// The rule: admins hold every account. A manager holds an account only when **every**
/// project that account belongs to is one the manager manages (is a member of); then they
/// may add it to and remove it from their projects, freeze, unfreeze and hand over its
/// leads. An account that shares some project with the manager but also belongs to a
/// project they do not manage is visible to them (403 `user.not_yours`); one that shares
/// none — including an account in no project, which is the admins' alone — does not exist
/// for them (404). Password resets and account changes stay with admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccountRights {
    /// Not visible: 404.
    None,
    /// Visible (a shared project), not the actor's to manage: 403.
    Visible,
    /// The actor may manage the account.
    Manage,
}

/// A manager's rights over something lying in `theirs` projects, when they manage `mine`.
fn held_by_manager(mine: &[Uuid], theirs: &[Uuid]) -> AccountRights {
    if theirs.is_empty() || !theirs.iter().any(|p| mine.contains(p)) {
        AccountRights::None
    } else if theirs.iter().all(|p| mine.contains(p)) {
        AccountRights::Manage
    } else {
        AccountRights::Visible
    }
}

/// The actor's rights over the account `user_id`, computed from both sides' projects
/// ([`account_projects`]).
pub fn account_rights(conn: &mut Conn, actor: &Actor, user_id: Uuid) -> QueryResult<AccountRights> {
    if actor.is_admin() {
        return Ok(AccountRights::Manage);
    }
    if actor.role != Role::Manager {
        return Ok(AccountRights::None);
    }
    let mine = member_projects(conn, actor.id)?;
    let theirs = account_projects(conn, user_id)?;
    Ok(held_by_manager(&mine, &theirs))
}

/// The projects an account works in: its memberships; for a channel agent (who is a member
/// of none), the projects of their channel.
pub fn account_projects(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<Uuid>> {
    match agent_channel(conn, user_id)? {
        Some(channel_id) => channel_projects(conn, channel_id),
        None => member_projects(conn, user_id),
    }
}

/// The channel a user works for (channel agents), if any.
pub fn agent_channel(conn: &mut Conn, user_id: Uuid) -> QueryResult<Option<Uuid>> {
    let found: Option<Option<Id>> = users::table.find(Id(user_id)).select(users::channel_id).first(conn).optional()?;
    Ok(found.flatten().map(Uuid::from))
}

/// The projects a channel serves, in the order they were added.
pub fn channel_projects(conn: &mut Conn, channel_id: Uuid) -> QueryResult<Vec<Uuid>> {
    channel_projects::table
        .filter(channel_projects::channel_id.eq(Id(channel_id)))
        .select(channel_projects::project_id)
        .order((channel_projects::created_at, channel_projects::project_id))
        .load::<Id>(conn)
        .map(|ids| ids.into_iter().map(Uuid::from).collect())
}

/// The actor's rights over a channel serving `projects`, by the account rule: admins
/// manage every channel, a manager those wholly inside their projects and sees those
/// sharing one; a channel agent sees their own channel. Nobody else sees channels.
pub fn channel_rights(
    conn: &mut Conn,
    actor: &Actor,
    channel_id: Uuid,
    projects: &[Uuid],
) -> QueryResult<AccountRights> {
    Ok(match actor.role {
        Role::Admin => AccountRights::Manage,
        Role::Manager => held_by_manager(&member_projects(conn, actor.id)?, projects),
        Role::ChannelAgent if agent_channel(conn, actor.id)? == Some(channel_id) => AccountRights::Visible,
        _ => AccountRights::None,
    })
}

impl AccountRights {
    /// Ok when these rights reach `needed`; otherwise 404 for an account the actor does not
    /// see, 403 `user.not_yours` for one they see but may not manage.
    pub fn require(self, needed: AccountRights) -> ApiResult<()> {
        match self {
            _ if self >= needed => Ok(()),
            AccountRights::None => Err(ApiError::not_found("user.not_found", "No such user.")),
            _ => Err(ApiError::forbidden(
                "user.not_yours",
                "This account also belongs to a project you do not manage; ask an admin or that project's manager.",
            )),
        }
    }
}

/// 404 unless the actor sees the account, 403 `user.not_yours` unless they may manage it.
pub fn require_account(conn: &mut Conn, actor: &Actor, user_id: Uuid) -> ApiResult<()> {
    account_rights(conn, actor, user_id)?.require(AccountRights::Manage)
}

/// Whether two users are members of at least one common project.
pub fn share_a_project(conn: &mut Conn, a: Uuid, b: Uuid) -> QueryResult<bool> {
    let others = diesel::alias!(project_members as others);
    let theirs = others
        .filter(others.field(project_members::user_id).eq(Id(b)))
        .select(others.field(project_members::project_id));
    diesel::select(diesel::dsl::exists(
        project_members::table
            .filter(project_members::user_id.eq(Id(a)))
            .filter(project_members::project_id.eq_any(theirs)),
    ))
    .get_result(conn)
}
