//! What a request reaches the database through: the pool and the two lanes its work runs on.

use super::lane::Lane;
use super::{after_work, statements, Conn, Pool};
use crate::error::ApiError;

/// The lanes' sizes, from [`crate::config::DatabaseSettings`].
#[derive(Debug, Clone, Copy)]
pub struct Lanes {
    /// Threads of the lane every request takes by default.
    pub quick: usize,
    /// Threads of the lane of reports, exports, imports and password hashing.
    pub heavy: usize,
}

/// The pool and the lanes, shared by every worker (cloning shares them).
#[derive(Clone)]
pub struct Database {
    /// The connections; background tasks take theirs here directly.
    pub pool: Pool,
    quick: Lane,
    heavy: Lane,
}

/// Which lane a request's work takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// What a phone waits for: a page, a record, a write.
    Quick,
    /// Work that takes long (a month's report, an export, an import) or burns CPU (hashing
    /// a password), kept off the quick lane.
    Heavy,
}

impl Database {
    /// Starts the lanes' threads over `pool`.
    pub fn new(pool: Pool, lanes: Lanes) -> std::io::Result<Self> {
        Ok(Self { pool, quick: Lane::start("db", lanes.quick)?, heavy: Lane::start("db-heavy", lanes.heavy)? })
    }

    /// Runs `work` with a pooled connection on the quick lane.
    ///
    /// Pool exhaustion and an unreachable database answer 503 with `Retry-After`; a
    /// connection that failed because the database went away is dropped from the pool, so
    /// the pool heals by itself when the database returns.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.run_as(Weight::Quick, work).await
    }

    /// Runs `work` with a pooled connection on the lane of its weight.
    pub async fn run_as<T, F>(&self, weight: Weight, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let lane = match weight {
            Weight::Quick => &self.quick,
            Weight::Heavy => &self.heavy,
        };
        run_on(lane, &self.pool, work).await
    }
}

async fn run_on<T, F>(lane: &Lane, pool: &Pool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    let span = tracing::Span::current();
    let (result, sent) = lane
        .run(move || {
            let _entered = span.enter();
            let mut pooled = match super::checkout(&pool) {
                Ok(pooled) => pooled,
                Err(e) => return (Err(ApiError::database_unavailable(e)), 0),
            };
            let before = pooled.statements.now();
            let result = work(&mut pooled.conn);
            after_work::call_wanted();
            if matches!(&result, Err(e) if e.is_database_unavailable()) {
                pooled.broken = true;
            }
            (result, pooled.statements.now().wrapping_sub(before))
        })
        .await
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("the database work panicked")))?;
    statements::add(sent);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{connect_lazy, DatabaseUrl, PoolOptions};
    use std::time::Duration;

    #[actix_web::test]
    async fn heavy_work_does_not_hold_up_the_quick_lane() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = DatabaseUrl::sqlite_file(&dir.path().join("lanes.db"));
        let pool = connect_lazy(&url, &PoolOptions { max_size: 4, acquire_timeout: Duration::from_secs(5) });
        let db = Database::new(pool, Lanes { quick: 1, heavy: 1 }).expect("lanes");
        let (started, heavy_started) = tokio::sync::oneshot::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let heavy = actix_web::rt::spawn({
            let db = db.clone();
            async move {
                db.run_as(Weight::Heavy, move |_conn| {
                    let _ = started.send(());
                    let _ = released.recv();
                    Ok(())
                })
                .await
            }
        });
        heavy_started.await.expect("the heavy lane took its work");

        let quick = tokio::time::timeout(Duration::from_secs(5), db.run(|_conn| Ok(42))).await;
        assert!(matches!(quick, Ok(Ok(42))), "the quick lane answered while the heavy one was busy");
        let _ = release.send(());
        assert!(matches!(heavy.await, Ok(Ok(()))));
    }
}
