//! The moves of a complaint: acknowledge, start, resolve, close, reopen, and assigning it.
//! Each is one conditional UPDATE of the case (two at once: one wins, the other is 409), a
//! step of its timeline and an audit event, in one transaction.

use uuid::Uuid;

use super::{check_assignee, visible_case};
use crate::aftersales::deadlines::due;
use crate::aftersales::dto::{
    AssignComplaintRequest, CloseComplaintRequest, ComplaintNoteRequest, ComplaintView, ReopenComplaintRequest,
    ResolveComplaintRequest,
};
use crate::aftersales::lifecycle::{self, ComplaintMove};
use crate::aftersales::model::{complaints, policy, Complaint, Settled, Step};
use crate::aftersales::{ComplaintStatus, RootCause};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};

/// What a move records besides the status.
#[derive(Debug, Default)]
struct Detail {
    note: Option<String>,
    root_cause: Option<RootCause>,
    resolution: Option<String>,
    satisfaction: Option<i32>,
}

/// A note as kept: trimmed, and none when blank.
fn note(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn invalid_move(status: ComplaintStatus, step: ComplaintMove) -> ApiError {
    ApiError::conflict(
        "complaint.invalid_move",
        format!("A complaint that is {} cannot be moved by {}.", status.as_str(), step.as_str()),
    )
}

fn moved_meanwhile() -> ApiError {
    ApiError::conflict("complaint.invalid_move", "The complaint moved meanwhile; reload it.")
}

fn audit_action(step: ComplaintMove) -> AuditAction {
    match step {
        ComplaintMove::Acknowledge => AuditAction::ComplaintAcknowledge,
        ComplaintMove::Start => AuditAction::ComplaintStart,
        ComplaintMove::Resolve => AuditAction::ComplaintResolve,
        ComplaintMove::Close => AuditAction::ComplaintClose,
        ComplaintMove::Reopen => AuditAction::ComplaintReopen,
    }
}

/// Makes the move if the caller may (403 `complaint.not_allowed`) and the case is where the
/// move starts (409 `complaint.invalid_move`).
fn make(conn: &mut Conn, actor: &Actor, id: Uuid, step: ComplaintMove, detail: Detail) -> ApiResult<ComplaintView> {
    let (case, _, standing) = visible_case(conn, actor, id)?;
    if !lifecycle::may(standing, step) {
        return Err(ApiError::forbidden(
            "complaint.not_allowed",
            "Only the project's managers or the case's assignee may do this.",
        ));
    }
    let Some(to) = lifecycle::after(case.status, step) else { return Err(invalid_move(case.status, step)) };
    let now = db::now();
    db::transaction(conn, |conn| {
        let settled = match step {
            ComplaintMove::Acknowledge => Settled { acknowledged_at: Some(now), ..Default::default() },
            ComplaintMove::Start => Settled::default(),
            ComplaintMove::Resolve => Settled {
                resolved_at: Some(Some(now)),
                root_cause: Some(detail.root_cause),
                resolution: Some(detail.resolution.clone()),
                ..Default::default()
            },
            ComplaintMove::Close => {
                Settled { closed_at: Some(Some(now)), satisfaction: Some(detail.satisfaction), ..Default::default() }
            }
            // Back to work: a new resolve deadline from now, by the policy in force.
            ComplaintMove::Reopen => Settled {
                resolved_at: Some(None),
                closed_at: Some(None),
                root_cause: Some(None),
                resolution: Some(None),
                satisfaction: Some(None),
                resolve_due_at: Some(due(now, policy::policy_of(conn, case.project_id)?.hours(case.severity).resolve)),
                resolve_escalated_at: Some(None),
                reopen_count: Some(case.reopen_count + 1),
                ..Default::default()
            },
        };
        let seq = complaints::move_case(conn, &case, to, &settled, now, false)?.ok_or_else(moved_meanwhile)?;
        Step {
            from_status: Some(case.status),
            actor_id: Some(Id(actor.id)),
            note: detail.note.clone(),
            root_cause: detail.root_cause,
            satisfaction: detail.satisfaction,
            ..Step::of(case.id, seq, step.as_str(), to, now)
        }
        .insert(conn)?;
        let mut entry = Entry::new(audit_action(step), case.id.0)
            .project(case.project_id.0)
            .set("lead_id", case.lead_id.0)
            .change("status", case.status, to);
        if let Some(cause) = detail.root_cause {
            entry = entry.set("root_cause", cause);
        }
        if let Some(satisfaction) = detail.satisfaction {
            entry = entry.set("satisfaction", satisfaction);
        }
        audit::record(conn, actor.into(), entry)?;
        reread(conn, case.id, now)
    })
}

fn reread(conn: &mut Conn, id: Id, now: chrono::NaiveDateTime) -> ApiResult<ComplaintView> {
    let case = Complaint::find(conn, id)?.ok_or_else(super::complaint_not_found)?;
    super::view_one(conn, case, now)
}

/// `POST /complaints/{id}/acknowledge`.
pub fn acknowledge(conn: &mut Conn, actor: &Actor, id: Uuid, input: ComplaintNoteRequest) -> ApiResult<ComplaintView> {
    make(conn, actor, id, ComplaintMove::Acknowledge, Detail { note: note(input.note), ..Default::default() })
}

/// `POST /complaints/{id}/start`.
pub fn start(conn: &mut Conn, actor: &Actor, id: Uuid, input: ComplaintNoteRequest) -> ApiResult<ComplaintView> {
    make(conn, actor, id, ComplaintMove::Start, Detail { note: note(input.note), ..Default::default() })
}

/// `POST /complaints/{id}/resolve`: a root cause and what was done.
pub fn resolve(conn: &mut Conn, actor: &Actor, id: Uuid, input: ResolveComplaintRequest) -> ApiResult<ComplaintView> {
    let resolution = input.resolution.trim().to_owned();
    if resolution.chars().count() < 2 {
        return Err(ApiError::validation(vec![FieldError::new("resolution", "must say what was done")]));
    }
    let detail = Detail {
        note: note(input.note),
        root_cause: Some(input.root_cause),
        resolution: Some(resolution),
        satisfaction: None,
    };
    make(conn, actor, id, ComplaintMove::Resolve, detail)
}

/// `POST /complaints/{id}/close`: the buyer's satisfaction, 1–5.
pub fn close(conn: &mut Conn, actor: &Actor, id: Uuid, input: CloseComplaintRequest) -> ApiResult<ComplaintView> {
    if !(1..=5).contains(&input.satisfaction) {
        return Err(ApiError::validation(vec![FieldError::new("satisfaction", "must be 1 to 5")]));
    }
    let detail = Detail { note: note(input.note), satisfaction: Some(input.satisfaction), ..Default::default() };
    make(conn, actor, id, ComplaintMove::Close, detail)
}

/// `POST /complaints/{id}/reopen`: why it is not solved after all.
pub fn reopen(conn: &mut Conn, actor: &Actor, id: Uuid, input: ReopenComplaintRequest) -> ApiResult<ComplaintView> {
    let Some(reason) = note(Some(input.note)) else {
        return Err(ApiError::validation(vec![FieldError::new("note", "must say why")]));
    };
    make(conn, actor, id, ComplaintMove::Reopen, Detail { note: Some(reason), ..Default::default() })
}

/// `POST /complaints/{id}/assign` (the project's managers): who works on the case, until it
/// is closed.
pub fn assign(conn: &mut Conn, actor: &Actor, id: Uuid, input: AssignComplaintRequest) -> ApiResult<ComplaintView> {
    let (case, _, standing) = visible_case(conn, actor, id)?;
    if !standing.manager {
        return Err(ApiError::forbidden("complaint.not_allowed", "Only the project's managers assign a case."));
    }
    if case.status == ComplaintStatus::Closed {
        return Err(ApiError::conflict(
            "complaint.invalid_move",
            "A closed complaint is not assigned; reopen it first.",
        ));
    }
    let assignee = check_assignee(conn, case.project_id, input.assignee_id, "assignee_id")?;
    let now = db::now();
    db::transaction(conn, |conn| {
        let settled = Settled { assignee_id: Some(Some(assignee)), ..Default::default() };
        let seq = complaints::move_case(conn, &case, case.status, &settled, now, true)?.ok_or_else(moved_meanwhile)?;
        Step {
            from_status: Some(case.status),
            actor_id: Some(Id(actor.id)),
            note: note(input.note),
            assignee_id: Some(assignee),
            ..Step::of(case.id, seq, "assign", case.status, now)
        }
        .insert(conn)?;
        let entry = Entry::new(AuditAction::ComplaintAssign, case.id.0)
            .project(case.project_id.0)
            .set("lead_id", case.lead_id.0)
            .change("assignee_id", case.assignee_id.map(|a| a.0), Some(assignee.0));
        audit::record(conn, actor.into(), entry)?;
        reread(conn, case.id, now)
    })
}
