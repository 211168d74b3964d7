//! `GET/PUT /projects/{id}/complaint-policy`: how long each severity may wait.

use uuid::Uuid;

use crate::aftersales::deadlines::{Hours, Policy};
use crate::aftersales::dto::{ComplaintPolicyRequest, ComplaintPolicyView, SeverityHours};
use crate::aftersales::model::PolicyRow;
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::scope;

fn shown(hours: Hours) -> SeverityHours {
    SeverityHours { acknowledge_hours: hours.acknowledge, resolve_hours: hours.resolve }
}

fn view(policy: &Policy, row: Option<&PolicyRow>) -> ComplaintPolicyView {
    ComplaintPolicyView {
        critical: shown(policy.critical),
        high: shown(policy.high),
        normal: shown(policy.normal),
        low: shown(policy.low),
        customised: row.is_some(),
        version: row.map_or(0, |r| r.version),
        updated_at: row.map(|r| r.updated_at.and_utc()),
    }
}

/// The project's policy, for anyone who works its buyers.
pub fn find_policy(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<ComplaintPolicyView> {
    super::require_complaint_worker(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let row = PolicyRow::find(conn, Id(project_id))?;
    Ok(view(&row.as_ref().map_or(Policy::DEFAULT, PolicyRow::policy), row.as_ref()))
}

/// Managers set the project's hours; cases already received keep the deadlines they got.
pub fn set_policy(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: ComplaintPolicyRequest,
) -> ApiResult<ComplaintPolicyView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let mut errors = Vec::new();
    let mut hours = |name: &str, given: SeverityHours| {
        for (field, value) in [("acknowledge_hours", given.acknowledge_hours), ("resolve_hours", given.resolve_hours)] {
            if !(1..=8760).contains(&value) {
                errors.push(FieldError::new(format!("{name}.{field}"), "must be 1 to 8760 hours"));
            }
        }
        if given.resolve_hours < given.acknowledge_hours {
            errors.push(FieldError::new(format!("{name}.resolve_hours"), "must not be less than acknowledge_hours"));
        }
        Hours { acknowledge: given.acknowledge_hours, resolve: given.resolve_hours }
    };
    let policy = Policy {
        critical: hours("critical", input.critical),
        high: hours("high", input.high),
        normal: hours("normal", input.normal),
        low: hours("low", input.low),
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    db::transaction(conn, |conn| {
        let before = PolicyRow::find(conn, Id(project_id))?;
        let version = before.as_ref().map_or(1, |r| r.version + 1);
        let row = PolicyRow::of(Id(project_id), &policy, version, Id(actor.id), db::now());
        row.store(conn)?;
        let old = before.as_ref().map_or(Policy::DEFAULT, PolicyRow::policy);
        let entry = Entry::new(AuditAction::ProjectComplaintPolicy, project_id).project(project_id).change(
            "policy",
            describe(&old),
            describe(&policy),
        );
        audit::record(conn, actor.into(), entry)?;
        Ok(view(&policy, Some(&row)))
    })
}

/// The hours as the trail keeps them.
fn describe(policy: &Policy) -> serde_json::Value {
    let pair = |h: Hours| serde_json::json!({"acknowledge_hours": h.acknowledge, "resolve_hours": h.resolve});
    serde_json::json!({"critical": pair(policy.critical), "high": pair(policy.high), "normal": pair(policy.normal),
        "low": pair(policy.low)})
}
