//! Running scheduled jobs, one replica each, and showing them to admins.

use std::time::Instant;

use chrono::Duration;
use serde_json::{json, Value};

use super::dto::JobView;
use super::model::{self, JobRow};
use super::{schedule, Job};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn};
use crate::error::{ApiError, ApiResult};
use crate::reminders::Rules;

/// How long a replica holds a job it runs: longer than any run, short enough that a job
/// whose replica died runs again the same night.
const LEASE_MINUTES: i64 = 60;

/// Runs `job` on this replica (`owner`) if it is due and no replica holds it; answers its
/// outcome and summary, or `None` when it was not this replica's to run.
pub fn run_if_due(conn: &mut Conn, job: Job, owner: &str, rules: Rules) -> ApiResult<Option<(bool, Value)>> {
    let now = db::now();
    // A new deployment logs its first checkpoint at once; the rest wait for their hour.
    let first_due = if job == Job::AuditCheckpoint { now } else { schedule::next_after(job, now) };
    model::ensure(conn, job.as_str(), first_due)?;
    if !model::take(conn, job.as_str(), owner, now, now + Duration::minutes(LEASE_MINUTES))? {
        return Ok(None);
    }
    let started = Instant::now();
    let (ok, summary) = match work(conn, job, rules) {
        Ok(summary) => (true, summary),
        Err(e) => {
            tracing::warn!(job = job.as_str(), error = %e, "scheduled job failed");
            (false, json!({"error": e.problem().detail}))
        }
    };
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let outcome = if ok { "ok" } else { "failed" };
    model::finish(
        conn,
        job.as_str(),
        owner,
        outcome,
        &summary.to_string(),
        duration_ms,
        schedule::next_after(job, db::now()),
    )?;
    tracing::info!(job = job.as_str(), outcome, duration_ms, summary = %summary, "scheduled job ran");
    Ok(Some((ok, summary)))
}

/// What a job does; answers a summary of it.
fn work(conn: &mut Conn, job: Job, rules: Rules) -> ApiResult<Value> {
    Ok(match job {
        Job::NightlyRegrade => {
            let results = crate::grading::service::recompute_all(conn, None)?;
            audit::seal::seal_waiting(conn)?;
            let checked: usize = results.iter().map(|(_, r)| r.checked).sum();
            let moved: usize = results.iter().map(|(_, r)| r.moved).sum();
            json!({"projects": results.len(), "checked": checked, "moved": moved})
        }
        Job::AuditCheckpoint => {
            audit::seal::seal_waiting(conn)?;
            let checkpoint = audit::service::Checkpoint::current(conn)?;
            tracing::info!(checkpoint = %checkpoint, "audit checkpoint");
            json!({"checkpoint": checkpoint.to_string()})
        }
        Job::WebhookRetention => {
            json!({"deliveries_forgotten": crate::events::service::dispatch::forget_old_deliveries(conn)?})
        }
        Job::ReportExpiry => json!({"expired": crate::channels::service::expiry::expire_lapsed_reports(conn)?}),
        Job::OverdueScan => crate::reminders::service::scan_overdue(conn, rules)?,
        Job::CareReminders => crate::reminders::service::scan_care(conn, rules)?,
        Job::ComplaintDeadlines => crate::aftersales::service::escalation::escalate_passed(conn, crate::db::now())?,
    })
}

fn require_admin(actor: &Actor) -> ApiResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden("job.admin_only", "Only admins see and run scheduled jobs."))
    }
}

fn view(job: Job, row: Option<&JobRow>) -> JobView {
    let now = db::now();
    JobView {
        name: job,
        schedule: schedule::describe(job),
        next_due_at: row.map(|r| r.next_due_at.and_utc()),
        running: row.and_then(|r| r.lease_until).is_some_and(|until| until > now),
        held_by: row.and_then(|r| r.lease_owner.clone()),
        last_started_at: row.and_then(|r| r.last_started_at).map(|t| t.and_utc()),
        last_finished_at: row.and_then(|r| r.last_finished_at).map(|t| t.and_utc()),
        last_duration_ms: row.and_then(|r| r.last_duration_ms),
        last_outcome: row.and_then(|r| r.last_outcome.clone()),
        last_summary: row.and_then(|r| r.last_summary.as_deref()).and_then(|s| serde_json::from_str(s).ok()),
        runs: row.map_or(0, |r| r.runs),
    }
}

/// `GET /jobs` (admins): every job, with its last run.
pub fn list(conn: &mut Conn, actor: &Actor) -> ApiResult<Vec<JobView>> {
    require_admin(actor)?;
    let rows = model::all(conn)?;
    Ok(Job::ALL.iter().map(|job| view(*job, rows.iter().find(|r| r.name == job.as_str()))).collect())
}

/// `POST /jobs/{name}/run` (admins): the job is due now; a replica runs it at its next look.
pub fn run_now(conn: &mut Conn, actor: &Actor, job: Job) -> ApiResult<JobView> {
    require_admin(actor)?;
    db::transaction(conn, |conn| {
        let now = db::now();
        model::ensure(conn, job.as_str(), now)?;
        model::make_due(conn, job.as_str(), now)?;
        audit::record(conn, actor.into(), Entry::new(AuditAction::JobRun, None).note("job", job.as_str()))?;
        let rows = model::all(conn)?;
        Ok(view(job, rows.iter().find(|r| r.name == job.as_str())))
    })
}
