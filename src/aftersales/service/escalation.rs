//! Telling the project's managers when a complaint's deadline passes (the scheduled job
//! `complaint_deadlines`): each passed deadline once — marked on the case by a conditional
//! UPDATE, so two replicas or a manual run never tell it twice — as a step of the case's
//! timeline and a system event of the trail (`complaint.breach`), which the feed, webhooks
//! and notifications take like any change.

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::aftersales::model::{complaints, Step};
use crate::aftersales::Deadline;
use crate::audit::{self, AuditAction, Entry, Who};
use crate::db::{self, Conn};
use crate::error::ApiResult;

/// Cases looked at per statement.
const BATCH: i64 = 200;

/// Tells every deadline passed before `now` and not told yet; answers how many of each.
pub fn escalate_passed(conn: &mut Conn, now: NaiveDateTime) -> ApiResult<Value> {
    let mut told = json!({});
    for deadline in Deadline::ALL.iter().copied() {
        let mut count = 0;
        loop {
            let passed = complaints::passed_untold(conn, deadline, now, BATCH)?;
            for case in &passed {
                count += usize::from(db::transaction(conn, |conn| tell(conn, case, deadline, now))?);
            }
            if (passed.len() as i64) < BATCH {
                break;
            }
        }
        told[deadline.as_str()] = json!(count);
    }
    Ok(told)
}

/// Tells one passed deadline, unless it was told meanwhile: whether this call did.
fn tell(conn: &mut Conn, case: &complaints::Complaint, deadline: Deadline, now: NaiveDateTime) -> ApiResult<bool> {
    let Some(seq) = complaints::mark_escalated(conn, case.id, deadline, now)? else { return Ok(false) };
    let due_at = match deadline {
        Deadline::Acknowledge => case.acknowledge_due_at,
        Deadline::Resolve => case.resolve_due_at,
    };
    Step::of(case.id, seq, format!("{}_breached", deadline.as_str()), case.status, now).insert(conn)?;
    let entry = Entry::new(AuditAction::ComplaintBreach, case.id.0)
        .project(case.project_id.0)
        .set("lead_id", case.lead_id.0)
        .set("deadline", deadline)
        .set("due_at", due_at.and_utc())
        .set("severity", case.severity)
        .set("status", case.status)
        .set("assignee_id", case.assignee_id.map(|a| a.0));
    audit::record(conn, Who::system(), entry)?;
    Ok(true)
}
