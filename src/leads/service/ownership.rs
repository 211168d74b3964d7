//! Who holds a lead: claiming from the pool, a manager's transfer, and the handover of
//! everything a (typically frozen) user held.

use chrono::Duration;
use diesel::prelude::*;
use uuid::Uuid;

use super::create::check_owner;
use super::{lead_not_found, view_one, visible_lead, LeadRules};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::{Actor, Role, UserStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::leads::dto::{HandoverResult, LeadView, TransferRequest};
use crate::leads::model::Lead;
use crate::schema::{leads, project_members};
use crate::scope::{self, ProjectScope};
use crate::users::model::User;

/// Gives a lead to `owner` (only if it is still held by `expected_owner` when given),
/// renewing its protection. Returns whether it moved.
pub(super) fn reassign(
    conn: &mut Conn,
    protection: Duration,
    lead: Id,
    expected_owner: Id,
    owner: Id,
) -> QueryResult<bool> {
    let now = db::now();
    let moved = diesel::update(
        leads::table
            .filter(leads::id.eq(lead))
            .filter(leads::owner_id.eq(expected_owner))
            .filter(leads::deleted_at.is_null()),
    )
    .set((
        leads::owner_id.eq(owner),
        leads::protected_until.eq(now + protection),
        leads::version.eq(leads::version + 1),
        leads::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(moved == 1)
}

/// `POST /leads/{id}/claim`: take a lead from the pool. The database picks one winner
/// between racing salespeople: the update only applies while protection is lapsed.
///
/// Claiming is a verb on the project's pool, which every member sees, so a member who
/// claims a held lead learns only "not claimable" (409) — no more than the duplicate check
/// tells any member. Outside the project the lead does not exist (404).
pub fn claim(conn: &mut Conn, actor: &Actor, rules: &LeadRules<'_>, id: Uuid) -> ApiResult<LeadView> {
    crate::scope::require_lead_worker(actor)?;
    let lead = Lead::find_live(conn, Id(id))?.ok_or_else(lead_not_found)?;
    scope::require_project(conn, actor, lead.project_id.0).map_err(|_| lead_not_found())?;
    if !matches!(actor.role, Role::Sales | Role::Manager) {
        return Err(ApiError::forbidden("lead.claim_forbidden", "Only salespeople and managers claim leads."));
    }
    let protection = rules.in_project(conn, lead.project_id)?.protection;
    db::transaction(conn, |conn| {
        let now = db::now();
        let claimed = diesel::update(
            leads::table
                .filter(leads::id.eq(lead.id))
                .filter(leads::deleted_at.is_null())
                .filter(leads::protected_until.lt(now)),
        )
        .set((
            leads::owner_id.eq(Id(actor.id)),
            leads::last_interaction_at.eq(now),
            leads::protected_until.eq(now + protection),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(now),
        ))
        .execute(conn)?;
        if claimed == 0 {
            return Err(ApiError::conflict("lead.already_claimed", "Someone holds this lead; it is not in the pool."));
        }
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::LeadClaim, id).project(lead.project_id.0).change(
                "owner_id",
                lead.owner_id.0,
                actor.id,
            ),
        )?;
        let claimed = Lead::find_live(conn, lead.id)?.ok_or_else(lead_not_found)?;
        view_one(conn, actor, claimed)
    })
}

fn require_manager(actor: &Actor) -> ApiResult<()> {
    if actor.role.manages() {
        Ok(())
    } else {
        Err(ApiError::forbidden("lead.manager_only", "Only managers move leads between salespeople."))
    }
}

/// `POST /leads/{id}/transfer`: a manager hands a lead to another member of its project.
pub fn transfer(
    conn: &mut Conn,
    actor: &Actor,
    rules: &LeadRules<'_>,
    id: Uuid,
    input: TransferRequest,
) -> ApiResult<LeadView> {
    crate::scope::require_lead_worker(actor)?;
    let lead = visible_lead(conn, actor, id)?;
    require_manager(actor)?;
    check_owner(conn, lead.project_id.0, input.to_user_id, "to_user_id")?;
    let protection = rules.in_project(conn, lead.project_id)?.protection;
    db::transaction(conn, |conn| {
        if !reassign(conn, protection, lead.id, lead.owner_id, Id(input.to_user_id))? {
            return Err(ApiError::conflict(
                "lead.owner_changed",
                "The lead changed hands meanwhile; reload and try again.",
            ));
        }
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::LeadTransfer, id)
                .project(lead.project_id.0)
                .change("owner_id", lead.owner_id.0, input.to_user_id)
                .note("reason", input.reason.trim()),
        )?;
        let moved = Lead::find_live(conn, lead.id)?.ok_or_else(lead_not_found)?;
        view_one(conn, actor, moved)
    })
}

/// `POST /users/{id}/handover`: every live lead the user holds in the projects the actor
/// manages goes to `to_user_id`, in one transaction, one audit event per lead. The new
/// owner must be an active member of each of those projects. Running it again moves nothing.
pub fn handover(
    conn: &mut Conn,
    actor: &Actor,
    rules: &LeadRules<'_>,
    from: Uuid,
    to: Uuid,
) -> ApiResult<HandoverResult> {
    require_manager(actor)?;
    scope::require_account(conn, actor, from)?;
    let from_user = User::find(conn, Id(from)).optional()?;
    let from_user = from_user.ok_or_else(|| ApiError::not_found("user.not_found", "No such user."))?;
    let target = User::find(conn, Id(to)).optional()?;
    if !target.as_ref().is_some_and(|u| u.status == UserStatus::Active && u.role.may_be_given_leads()) || from == to {
        return Err(ApiError::validation(vec![FieldError::new(
            "to_user_id",
            "must be another active salesperson or manager",
        )]));
    }
    let mut query = leads::table
        .filter(leads::owner_id.eq(from_user.id))
        .filter(leads::deleted_at.is_null())
        .select((leads::id, leads::project_id))
        .into_boxed();
    if let ProjectScope::Only(projects) = scope::projects(conn, actor)? {
        query = query.filter(leads::project_id.eq_any(projects.into_iter().map(Id).collect::<Vec<_>>()));
    }
    let held: Vec<(Id, Id)> = query.load(conn)?;
    let mut projects: Vec<Id> = held.iter().map(|(_, p)| *p).collect();
    projects.sort();
    projects.dedup();
    let joined: Vec<Id> = project_members::table
        .filter(project_members::user_id.eq(Id(to)))
        .filter(project_members::project_id.eq_any(&projects))
        .select(project_members::project_id)
        .load(conn)?;
    let missing: Vec<Uuid> = projects.iter().filter(|p| !joined.contains(p)).map(|p| p.0).collect();
    if !missing.is_empty() {
        return Err(ApiError::invalid_field(
            "lead.handover_target_not_member",
            "to_user_id",
            "must be a member of every project the leads belong to",
        )
        .with_extension("project_ids", missing));
    }
    let protection_of = crate::projects::service::lead_protections(conn, &projects, rules.protection)?;
    db::transaction(conn, |conn| {
        let mut entries = Vec::new();
        for (lead_id, project_id) in &held {
            let protection = protection_of.get(project_id).copied().unwrap_or(rules.protection);
            if reassign(conn, protection, *lead_id, from_user.id, Id(to))? {
                entries.push(
                    Entry::new(AuditAction::LeadHandover, lead_id.0).project(project_id.0).change("owner_id", from, to),
                );
            }
        }
        let moved = entries.len();
        // One chained write for all the events, not a round trip each.
        audit::record_all(conn, actor.into(), entries)?;
        Ok(HandoverResult { moved })
    })
}
