//! `scheduled_jobs`: each job's next due time, the lease of the replica running it, and its
//! last run.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{self, Conn};
use crate::schema::scheduled_jobs;

/// A job's row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = scheduled_jobs)]
pub struct JobRow {
    pub name: String,
    pub next_due_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub lease_owner: Option<String>,
    pub last_started_at: Option<NaiveDateTime>,
    pub last_finished_at: Option<NaiveDateTime>,
    pub last_duration_ms: Option<i64>,
    pub last_outcome: Option<String>,
    pub last_summary: Option<String>,
    pub runs: i64,
}

/// Adds the job's row, due at `due`, when it has none.
pub fn ensure(conn: &mut Conn, name: &str, due: NaiveDateTime) -> QueryResult<()> {
    db::insert_or_ignore!(
        conn,
        scheduled_jobs::table,
        (scheduled_jobs::name.eq(name), scheduled_jobs::next_due_at.eq(due), scheduled_jobs::runs.eq(0_i64))
    )
    .map(|_| ())
}

/// Takes the job for `owner` until `lease_until` when it is due and nobody holds it: the
/// conditional UPDATE decides between replicas. True when taken.
pub fn take(
    conn: &mut Conn,
    name: &str,
    owner: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let taken = diesel::update(
        scheduled_jobs::table
            .filter(scheduled_jobs::name.eq(name))
            .filter(scheduled_jobs::next_due_at.le(now))
            .filter(scheduled_jobs::lease_until.is_null().or(scheduled_jobs::lease_until.lt(now))),
    )
    .set((
        scheduled_jobs::lease_until.eq(Some(lease_until)),
        scheduled_jobs::lease_owner.eq(Some(owner)),
        scheduled_jobs::last_started_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(taken == 1)
}

/// Records a run `owner` finished and lets the job go until `next_due_at`.
pub fn finish(
    conn: &mut Conn,
    name: &str,
    owner: &str,
    outcome: &str,
    summary: &str,
    duration_ms: i64,
    next_due_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        scheduled_jobs::table.filter(scheduled_jobs::name.eq(name)).filter(scheduled_jobs::lease_owner.eq(owner)),
    )
    .set((
        scheduled_jobs::lease_until.eq(None::<NaiveDateTime>),
        scheduled_jobs::lease_owner.eq(None::<String>),
        scheduled_jobs::last_finished_at.eq(Some(db::now())),
        scheduled_jobs::last_duration_ms.eq(Some(duration_ms)),
        scheduled_jobs::last_outcome.eq(Some(outcome)),
        scheduled_jobs::last_summary.eq(Some(summary)),
        scheduled_jobs::next_due_at.eq(next_due_at),
        scheduled_jobs::runs.eq(scheduled_jobs::runs + 1),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Makes the job due now (it runs at the scheduler's next look).
pub fn make_due(conn: &mut Conn, name: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(scheduled_jobs::table.filter(scheduled_jobs::name.eq(name)))
        .set(scheduled_jobs::next_due_at.eq(now))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Every job's row.
pub fn all(conn: &mut Conn) -> QueryResult<Vec<JobRow>> {
    scheduled_jobs::table.select(JobRow::as_select()).order(scheduled_jobs::name.asc()).load(conn)
}
