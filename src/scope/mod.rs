//! Data scope: the one place that answers "may this user see or change this?".
//!
//! - admin: everything;
//! - manager: everything inside the projects they are a member of;
//! - sales: their own leads, inside the projects they are a member of;
//! - integration: what it owns itself, inside its projects;
//! - client (an integration client): like a manager, inside its projects, through the
//!   operations its token's scopes open (`auth::scopes`, checked when the session is read);
//! - receptionist, channel agent, finance: no lead at all — every lead route answers 403
//!   (`lead.role_forbidden`), whatever the id; what they see is reception's and channels'.
//!
//! What a user may not see answers 404, exactly as if it did not exist.

use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::{Actor, Condition, Role};
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::schema::{leads, project_members};

mod accounts;

pub use accounts::{
    account_projects, account_rights, agent_channel, channel_projects, channel_rights, require_account,
    share_a_project, AccountRights,
};

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
    /// The rights this scope gives over a lead of `project_id` owned by `owner_id`.
    pub fn rights(&self, project_id: Uuid, owner_id: Uuid) -> LeadRights {
        match self {
            LeadScope::All => LeadRights::Manage,
            LeadScope::Projects(projects) if projects.contains(&project_id) => LeadRights::Manage,
            LeadScope::Owned { owner_id: me, projects } if projects.contains(&project_id) => {
                if owner_id == *me {
                    LeadRights::Owner
                } else {
                    LeadRights::Read
                }
            }
            _ => LeadRights::None,
        }
    }
}

/// What a user may do with one lead, ordered: each right includes those before it.
///
/// - `None`: outside their projects, or not theirs to see: 404.
/// - `Read`: a member of the lead's project who does not own it, where a rule lets them
///   see it (the pool, the holder of a duplicate phone); everywhere else this is a 404.
/// - `Owner`: the salesperson (or integration) who owns it.
/// - `Manage`: the project's managers, and admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeadRights {
    None,
    Read,
    Owner,
    Manage,
}

impl LeadRights {
    /// The rights over a lead already found inside the actor's projects (by a scoped list
    /// or a scoped lookup), from the role and the owner alone.
    pub fn within_scope(actor: &Actor, owner_id: Uuid) -> Self {
        if actor.role.manages() {
            LeadRights::Manage
        } else if owner_id == actor.id {
            LeadRights::Owner
        } else {
            LeadRights::Read
        }
    }

    /// Phones (and other contact details) are clear for the owner and managers, masked for
    /// everyone else: the one place that decides it.
    pub fn sees_contact(self) -> bool {
        self >= LeadRights::Owner
    }
}

/// The facts of a lead its rights depend on.
#[derive(Debug, Clone, Copy, Queryable, Selectable)]
#[diesel(table_name = leads)]
pub struct LeadRef {
    pub id: Id,
    pub project_id: Id,
    pub owner_id: Id,
}

pub(crate) fn lead_not_found() -> ApiError {
    ApiError::not_found("lead.not_found", "No such lead.")
}

/// 403 `lead.role_forbidden` for the roles that never see a lead (receptionists, channel
/// agents). A role-level refusal, the same for every lead: it reveals nothing about one.
pub fn require_lead_worker(actor: &Actor) -> ApiResult<()> {
    if actor.role.works_leads() {
        Ok(())
    } else {
        Err(lead_role_forbidden())
    }
}

fn lead_role_forbidden() -> ApiError {
    ApiError::forbidden("lead.role_forbidden", "Your role does not work with leads.")
}

/// The live lead, when the actor holds at least `needed` on it; 404 otherwise, whoever's
/// it is. For modules that need the lead's rights but not the lead (grading, booking).
pub fn require_lead(conn: &mut Conn, actor: &Actor, lead_id: Uuid, needed: LeadRights) -> ApiResult<LeadRef> {
    require_lead_worker(actor)?;
    let lead: LeadRef = leads::table
        .filter(leads::id.eq(Id(lead_id)))
        .filter(leads::deleted_at.is_null())
        .select(LeadRef::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(lead_not_found)?;
    if leads(conn, actor)?.rights(lead.project_id.0, lead.owner_id.0) >= needed {
        Ok(lead)
    } else {
        Err(lead_not_found())
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

/// The leads the actor reaches; 403 for a role that works none.
pub fn leads(conn: &mut Conn, actor: &Actor) -> ApiResult<LeadScope> {
    Ok(match actor.role {
        Role::Admin => LeadScope::All,
        Role::Manager | Role::Client => LeadScope::Projects(member_projects(conn, actor.id)?),
        Role::Sales | Role::Integration => {
            LeadScope::Owned { owner_id: actor.id, projects: member_projects(conn, actor.id)? }
        }
        Role::Receptionist | Role::ChannelAgent | Role::Finance => return Err(lead_role_forbidden()),
    })
}

/// Whether every lead the actor reaches is their own: salespeople and integrations, whom
/// [`leads`] and [`leads_condition`] narrow to their own leads (so a page of theirs needs
/// its owner's name once, not per row).
pub fn sees_own_leads_only(actor: &Actor) -> bool {
    matches!(actor.role, Role::Sales | Role::Integration)
}

/// The leads the actor reaches, as a condition on `leads` for a statement of its own:
/// the same rule as [`leads`] with the memberships read by a subquery, not a statement.
/// Admins reach every lead (`None`), managers their projects', salespeople and
/// integrations their own in their projects. Boxed for whichever backend the statement is
/// built for (`DB`): the multi-backend one, or a connection's own. 403 for a role that
/// works no lead.
pub fn leads_condition<DB>(actor: &Actor) -> ApiResult<Option<Condition<leads::table, DB>>>
where
    DB: diesel::backend::Backend,
    in_member_projects: BoxableExpression<leads::table, DB, SqlType = diesel::sql_types::Bool>,
    owned_in_member_projects: BoxableExpression<leads::table, DB, SqlType = diesel::sql_types::Bool>,
{
    Ok(match actor.role {
        Role::Admin => None,
        Role::Manager | Role::Client => Some(Box::new(in_member_projects(actor.id))),
        Role::Sales | Role::Integration => Some(Box::new(owned_in_member_projects(actor.id))),
        Role::Receptionist | Role::ChannelAgent | Role::Finance => return Err(lead_role_forbidden()),
    })
}

/// Leads in the projects the user is a member of.
#[diesel::dsl::auto_type]
pub fn in_member_projects(user_id: Uuid) -> _ {
    let projects: member_project_ids = member_project_ids(user_id);
    leads::project_id.eq_any(projects)
}

/// The user's own leads in the projects they are a member of.
#[diesel::dsl::auto_type]
pub fn owned_in_member_projects(user_id: Uuid) -> _ {
    let owner: Id = Id(user_id);
    let in_projects: in_member_projects = in_member_projects(user_id);
    leads::owner_id.eq(owner).and(in_projects)
}

/// The projects a user is a member of, as a subquery for a statement's own condition.
#[diesel::dsl::auto_type]
pub fn member_project_ids(user_id: Uuid) -> _ {
    let user: Id = Id(user_id);
    project_members::table.filter(project_members::user_id.eq(user)).select(project_members::project_id)
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
        Role::Admin | Role::Manager | Role::Client => Ok(()),
        _ => Err(ApiError::forbidden("project.manager_only", "Only the project's managers may do this.")),
    }
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

        let sees = |scope: &LeadScope, project, owner| scope.rights(project, owner) >= LeadRights::Owner;
        assert!(sees(&admin, other_project, colleague));
        assert!(sees(&manager, mine, colleague));
        assert!(!sees(&manager, other_project, colleague));
        assert!(sees(&sales, mine, me));
        assert!(!sees(&sales, mine, colleague), "a colleague's lead (or a pool lead: claimed, not seen)");
        assert!(!sees(&sales, other_project, me), "own lead in a project left behind");
    }

    #[test]
    fn lead_rights_are_ordered_and_decide_who_sees_contacts() {
        let (mine, other_project) = (Uuid::now_v7(), Uuid::now_v7());
        let (me, colleague) = (Uuid::now_v7(), Uuid::now_v7());
        let sales = LeadScope::Owned { owner_id: me, projects: vec![mine] };
        let manager = LeadScope::Projects(vec![mine]);

        assert_eq!(LeadScope::All.rights(other_project, colleague), LeadRights::Manage);
        assert_eq!(manager.rights(mine, colleague), LeadRights::Manage);
        assert_eq!(manager.rights(other_project, colleague), LeadRights::None);
        assert_eq!(sales.rights(mine, me), LeadRights::Owner);
        assert_eq!(sales.rights(mine, colleague), LeadRights::Read);
        assert_eq!(sales.rights(other_project, me), LeadRights::None, "own lead in a project left behind");
        assert!(LeadRights::None < LeadRights::Read && LeadRights::Read < LeadRights::Owner);
        assert!(LeadRights::Owner < LeadRights::Manage);
        assert!(LeadRights::Manage.sees_contact() && LeadRights::Owner.sees_contact());
        assert!(!LeadRights::Read.sees_contact() && !LeadRights::None.sees_contact());
    }

    #[test]
    fn project_scope_covers_members_only() {
        let p = Uuid::now_v7();
        assert!(ProjectScope::All.covers(p));
        assert!(ProjectScope::Only(vec![p]).covers(p));
        assert!(!ProjectScope::Only(vec![]).covers(p));
    }
}
