//! Data scope: the one place that answers "may this user see or change this?".
//!
//! - admin: everything;
//! - manager: everything inside the projects they are a member of;
//! - sales: their own leads, inside the projects they are a member of;
//! - integration: what it owns itself, inside its projects.
//!
//! What a user may not see answers 404, exactly as if it did not exist.

use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::{Actor, Role};
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::schema::project_members;

/// Which projects a user reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectScope {
    /// Every project (admins).
    All,
    /// Only these.
    Only(Vec<Uuid>),
}

impl ProjectScope {
    /// Whether the scope covers a project.
    pub fn covers(&self, project_id: Uuid) -> bool {
        match self {
            ProjectScope::All => true,
            ProjectScope::Only(ids) => ids.contains(&project_id),
        }
    }
}

/// Which leads a user reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadScope {
    /// Every lead (admins).
    All,
    /// Every lead of these projects (managers).
    Projects(Vec<Uuid>),
    /// Only leads this user owns, inside these projects (sales, integration).
    Owned {
        /// The owner.
        owner_id: Uuid,
        /// The projects the user is still a member of.
        projects: Vec<Uuid>,
    },
}

impl LeadScope {
    /// Whether a lead of `project_id` owned by `owner_id` is inside the scope.
    pub fn covers(&self, project_id: Uuid, owner_id: Option<Uuid>) -> bool {
        match self {
            LeadScope::All => true,
            LeadScope::Projects(projects) => projects.contains(&project_id),
            LeadScope::Owned { owner_id: me, projects } => projects.contains(&project_id) && owner_id == Some(*me),
        }
    }
}

/// The ids of the projects a user is a member of.
pub fn member_projects(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<Uuid>> {
    project_members::table
        .filter(project_members::user_id.eq(Id(user_id)))
        .select(project_members::project_id)
        .load::<Id>(conn)
        .map(|ids| ids.into_iter().map(Uuid::from).collect())
}

/// The projects the actor reaches.
pub fn projects(conn: &mut Conn, actor: &Actor) -> QueryResult<ProjectScope> {
    if actor.is_admin() {
        return Ok(ProjectScope::All);
    }
    member_projects(conn, actor.id).map(ProjectScope::Only)
}

/// The leads the actor reaches.
pub fn leads(conn: &mut Conn, actor: &Actor) -> QueryResult<LeadScope> {
    Ok(match actor.role {
        Role::Admin => LeadScope::All,
        Role::Manager => LeadScope::Projects(member_projects(conn, actor.id)?),
        Role::Sales | Role::Integration => {
            LeadScope::Owned { owner_id: actor.id, projects: member_projects(conn, actor.id)? }
        }
    })
}

fn is_member(conn: &mut Conn, user_id: Uuid, project_id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        project_members::table
            .filter(project_members::user_id.eq(Id(user_id)))
            .filter(project_members::project_id.eq(Id(project_id))),
    ))
    .get_result(conn)
}

fn project_not_found() -> ApiError {
    ApiError::not_found("project.not_found", "No such project.")
}

/// 404 unless the actor may see the project (admin, or a member).
pub fn require_project(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<()> {
    if actor.is_admin() || is_member(conn, actor.id, project_id)? {
        Ok(())
    } else {
        Err(project_not_found())
    }
}

/// 404 unless the actor sees the project; 403 unless they also manage it (admin, or a
/// manager who is a member).
pub fn require_project_manager(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<()> {
    require_project(conn, actor, project_id)?;
    match actor.role {
        Role::Admin | Role::Manager => Ok(()),
        Role::Sales | Role::Integration => {
            Err(ApiError::forbidden("project.manager_only", "Only the project's managers may do this."))
        }
    }
}

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

/// The actor's rights over the account `user_id`, computed from both sides' memberships.
pub fn account_rights(conn: &mut Conn, actor: &Actor, user_id: Uuid) -> QueryResult<AccountRights> {
    if actor.is_admin() {
        return Ok(AccountRights::Manage);
    }
    if actor.role != Role::Manager {
        return Ok(AccountRights::None);
    }
    let mine = member_projects(conn, actor.id)?;
    let theirs = member_projects(conn, user_id)?;
    Ok(if theirs.is_empty() || !theirs.iter().any(|p| mine.contains(p)) {
        AccountRights::None
    } else if theirs.iter().all(|p| mine.contains(p)) {
        AccountRights::Manage
    } else {
        AccountRights::Visible
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_the_leads_it_should() {
        let (mine, theirs, other_project) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let me = Uuid::now_v7();
        let colleague = Uuid::now_v7();
        let admin = LeadScope::All;
        let manager = LeadScope::Projects(vec![mine]);
        let sales = LeadScope::Owned { owner_id: me, projects: vec![mine, theirs] };

        assert!(admin.covers(other_project, Some(colleague)));
        assert!(manager.covers(mine, Some(colleague)));
        assert!(!manager.covers(other_project, Some(colleague)));
        assert!(sales.covers(mine, Some(me)));
        assert!(!sales.covers(mine, Some(colleague)), "a colleague's lead");
        assert!(!sales.covers(mine, None), "a pool lead is claimed, not seen");
        assert!(!sales.covers(other_project, Some(me)), "own lead in a project left behind");
    }

    #[test]
    fn project_scope_covers_members_only() {
        let p = Uuid::now_v7();
        assert!(ProjectScope::All.covers(p));
        assert!(ProjectScope::Only(vec![p]).covers(p));
        assert!(!ProjectScope::Only(vec![]).covers(p));
    }
}
