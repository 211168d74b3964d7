//! The scheduler: every replica looks for due jobs every poll and runs those it takes
//! (`service::run_if_due`), one at a time, off the async threads. A run under way finishes
//! before the scheduler stops.

use crate::config::JobSettings;
use crate::db::Pool;
use crate::reminders::Rules;

use super::{service, Job};

/// Looks for due jobs until `stop` changes.
pub async fn keep_running(
    pool: Pool,
    settings: JobSettings,
    rules: Rules,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    if !settings.enabled {
        let _ = stop.changed().await;
        return;
    }
    // Which replica holds a job, for a human reading the table.
    let owner = format!("{}-{}", std::process::id(), uuid::Uuid::now_v7().simple());
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(settings.poll_interval) => {}
        }
        for job in Job::ALL.iter().copied() {
            let (pool, owner) = (pool.clone(), owner.clone());
            let ran = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                let mut pooled = crate::db::checkout(&pool)?;
                service::run_if_due(&mut pooled.conn, job, &owner, rules)?;
                Ok(())
            })
            .await;
            match ran {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    tracing::warn!(job = job.as_str(), error = %format!("{e:#}"), "scheduler: could not run a job")
                }
                Err(e) => tracing::warn!(job = job.as_str(), error = %e, "scheduler: a job panicked"),
            }
        }
    }
}
