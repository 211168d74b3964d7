//! Reports whose protection window ran out before the buyer arrived: marked `expired` and
//! told (`report.expired`, the agent is notified). A report's status is computed on read
//! (`Report::status_at`), so nobody waits for this; the scheduled `report_expiry` job
//! writes it down and tells, and a new filing of the same customer expires the old report
//! first, in its own transaction, so the index lets the new one in.

use chrono::NaiveDateTime;

use crate::audit::{self, AuditAction, Entry, Who};
use crate::channels::model::{self, Report};
use crate::channels::ReportStatus;
use crate::db::{self, Conn, Id};

/// Reports expired per transaction of the job.
const BATCH: i64 = 500;

/// Marks each still-valid report expired and records the event; answers how many it did.
fn expire(conn: &mut Conn, reports: Vec<Report>, now: NaiveDateTime) -> diesel::QueryResult<usize> {
    let mut expired = Vec::new();
    for report in reports {
        if model::mark_expired(conn, report.id, now)? {
            let entry = Entry::new(AuditAction::ReportExpire, report.id.0)
                .project(report.project_id.0)
                .change("status", ReportStatus::Valid, ReportStatus::Expired)
                .set("channel_id", report.channel_id.0)
                .set("agent_id", report.agent_id.0)
                .set("phone", &report.phone_mask)
                .set("valid_until", report.valid_until.and_utc());
            expired.push(entry);
        }
    }
    let count = expired.len();
    audit::record_all(conn, Who::system(), expired)?;
    Ok(count)
}

/// Expires the project's lapsed reports of this phone key: what a new filing owes first.
pub(super) fn expire_lapsed_of(
    conn: &mut Conn,
    project: Id,
    key: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    let lapsed = model::lapsed(conn, Some((project, key)), now, BATCH)?;
    expire(conn, lapsed, now)
}

/// The `report_expiry` job: expires every lapsed report, a batch per transaction; answers
/// how many.
pub fn expire_lapsed_reports(conn: &mut Conn) -> diesel::QueryResult<usize> {
    let mut total = 0;
    loop {
        let now = db::now();
        let done = db::transaction(conn, |conn| {
            let lapsed = model::lapsed(conn, None, now, BATCH)?;
            let found = lapsed.len();
            Ok::<_, diesel::result::Error>((found, expire(conn, lapsed, now)?))
        })?;
        total += done.1;
        if done.0 < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            return Ok(total);
        }
    }
}
