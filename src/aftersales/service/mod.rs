//! Complaint rules (filing, reading, the moves, the project's deadlines, telling the managers
//! when a deadline passes) and surveys (templates, invitations, the buyer's link).

pub mod care;
mod cases;
pub mod escalation;
mod moves;
mod policy;
mod public;
mod surveys;

pub use care::{find_care_rules, set_care_rules};
pub use cases::{file_complaint, find_complaint, list_complaints};
pub use moves::{acknowledge, assign, close, reopen, resolve, start};
pub use policy::{find_policy, set_policy};
pub use public::{answer_public, find_public};
pub use surveys::{create_template, invite, list_templates, LinkRules};

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::aftersales::dto::{ComplaintStepView, ComplaintView, DeadlineView};
use crate::aftersales::lifecycle::Standing;
use crate::aftersales::model::{complaints, Complaint, Step};
use crate::aftersales::Deadline;
use crate::auth::model::display_names;
use crate::auth::{Actor, Role};
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::scope::{self, LeadRights};

pub(crate) fn complaint_not_found() -> ApiError {
    ApiError::not_found("complaint.not_found", "No such complaint.")
}

/// 403 `complaint.forbidden` for the roles that never handle a buyer's complaint (the desk,
/// finance, channel agents): the same for every case, so it reveals none.
fn require_complaint_worker(actor: &Actor) -> ApiResult<()> {
    match actor.role {
        Role::Admin | Role::Manager | Role::Client | Role::Sales | Role::Integration => Ok(()),
        _ => Err(ApiError::forbidden("complaint.forbidden", "Your role does not handle complaints.")),
    }
}

/// What the actor is to the case of a buyer held by `owner`.
fn standing(conn: &mut Conn, actor: &Actor, case: &Complaint, owner: Id) -> ApiResult<Standing> {
    let rights = scope::leads(conn, actor)?.rights(case.project_id.0, owner.0);
    Ok(Standing {
        manager: rights == LeadRights::Manage,
        owner: rights == LeadRights::Owner,
        // Named on the case, and still working in its project.
        assignee: case.assignee_id == Some(Id(actor.id)) && rights != LeadRights::None,
    })
}

/// The case, its buyer and the caller's standing, if the caller may see it (the buyer's
/// salesperson, the project's managers, the assignee); 404 otherwise.
fn visible_case(conn: &mut Conn, actor: &Actor, id: uuid::Uuid) -> ApiResult<(Complaint, Buyer, Standing)> {
    require_complaint_worker(actor)?;
    let case = Complaint::find(conn, Id(id))?.ok_or_else(complaint_not_found)?;
    let buyer = complaints::buyers(conn, &[case.lead_id])?.remove(&case.lead_id).ok_or_else(complaint_not_found)?;
    let standing = standing(conn, actor, &case, buyer.owner_id)?;
    if standing.manager || standing.owner || standing.assignee {
        Ok((case, buyer, standing))
    } else {
        Err(complaint_not_found())
    }
}

pub use complaints::Buyer;

/// The cases as their readers see them, each with its timeline, as of `now`.
fn views(conn: &mut Conn, cases: Vec<Complaint>, now: NaiveDateTime) -> ApiResult<Vec<ComplaintView>> {
    let leads: Vec<Id> = cases.iter().map(|c| c.lead_id).collect();
    let buyers = complaints::buyers(conn, &leads)?;
    let mut steps: HashMap<Id, Vec<Step>> = HashMap::new();
    for step in Step::of_cases(conn, &cases.iter().map(|c| c.id).collect::<Vec<_>>())? {
        steps.entry(step.complaint_id).or_default().push(step);
    }
    let people = steps.values().flatten().flat_map(|s| s.actor_id);
    let names = display_names(conn, people)?;
    cases
        .into_iter()
        .map(|case| {
            let buyer = buyers.get(&case.lead_id).ok_or_else(complaint_not_found)?;
            let timeline = steps.remove(&case.id).unwrap_or_default();
            Ok(view(case, buyer, timeline, &names, now))
        })
        .collect()
}

fn view(
    case: Complaint,
    buyer: &Buyer,
    timeline: Vec<Step>,
    names: &HashMap<Id, String>,
    now: NaiveDateTime,
) -> ComplaintView {
    let deadlines: Vec<DeadlineView> = case
        .clocks()
        .iter()
        .map(|clock| DeadlineView {
            deadline: clock.deadline,
            due_at: clock.due_at.and_utc(),
            met_at: clock.met_at.map(|t| t.and_utc()),
            breached: clock.breached(now),
            escalated_at: match clock.deadline {
                Deadline::Acknowledge => case.acknowledge_escalated_at,
                Deadline::Resolve => case.resolve_escalated_at,
            }
            .map(|t| t.and_utc()),
        })
        .collect();
    ComplaintView {
        id: case.id.0,
        project_id: case.project_id.0,
        lead_id: case.lead_id.0,
        lead_name: buyer.name.clone(),
        owner_id: buyer.owner_id.0,
        category: case.category,
        severity: case.severity,
        channel: case.channel,
        description: case.description,
        occurred_at: case.occurred_at.map(|t| t.and_utc()),
        status: case.status,
        assignee_id: case.assignee_id.map(|a| a.0),
        received_at: case.received_at.and_utc(),
        breached: deadlines.iter().any(|d| d.breached),
        deadlines,
        acknowledged_at: case.acknowledged_at.map(|t| t.and_utc()),
        resolved_at: case.resolved_at.map(|t| t.and_utc()),
        closed_at: case.closed_at.map(|t| t.and_utc()),
        root_cause: case.root_cause,
        resolution: case.resolution,
        satisfaction: case.satisfaction,
        reopen_count: case.reopen_count,
        created_by: case.created_by.0,
        version: case.version,
        created_at: case.created_at.and_utc(),
        updated_at: case.updated_at.and_utc(),
        timeline: timeline
            .into_iter()
            .map(|step| ComplaintStepView {
                seq: step.seq,
                action: step.action,
                from_status: step.from_status,
                to_status: step.to_status,
                actor_name: step.actor_id.and_then(|a| names.get(&a).cloned()),
                actor_id: step.actor_id.map(|a| a.0),
                note: step.note,
                root_cause: step.root_cause,
                satisfaction: step.satisfaction,
                assignee_id: step.assignee_id.map(|a| a.0),
                at: step.at.and_utc(),
            })
            .collect(),
    }
}

/// The one case as its reader sees it.
fn view_one(conn: &mut Conn, case: Complaint, now: NaiveDateTime) -> ApiResult<ComplaintView> {
    views(conn, vec![case], now)?.pop().ok_or_else(complaint_not_found)
}

/// Checks that the user is a manager or salesperson of the project (whom a case may be
/// assigned to); 422 on `field` otherwise.
fn check_assignee(conn: &mut Conn, project: Id, user: uuid::Uuid, field: &str) -> ApiResult<Id> {
    if complaints::works_in(conn, project, Id(user))? {
        Ok(Id(user))
    } else {
        Err(ApiError::validation(vec![crate::error::FieldError::new(
            field,
            "must be an active manager or salesperson of the project",
        )]))
    }
}
