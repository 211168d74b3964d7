//! The database settings: where it is, how many connections, and how much database work
//! runs at once.

use std::time::Duration;

use super::{config_error, parse_or, ConfigError};
use crate::db::{DatabaseUrl, Lanes, PoolOptions};

/// The database.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `DATABASE_URL` (default `sqlite://<data_dir>/anchang.db`); `postgres://…` selects PostgreSQL.
    pub url: DatabaseUrl,
    /// `ANCHANG_DB_CONCURRENCY`: requests running database work at once; the rest wait their
    /// turn, first come first served. Default: one per core and one more when the database
    /// shares this machine (SQLite, or PostgreSQL on a loopback address) — more only make
    /// the two take turns on the cores — and four per core when it is elsewhere, so that
    /// the network's waits overlap.
    pub concurrency: usize,
    /// `ANCHANG_DB_HEAVY_CONCURRENCY` (default one per core): the slow requests' own lane —
    /// reports, exports, imports, regrading a project and password hashing — so that a
    /// director's reports never hold up a salesperson's page.
    pub heavy_concurrency: usize,
    /// `ANCHANG_DB_POOL_SIZE` (default: both lanes and four for the background tasks, at
    /// least 16): connections held open at most.
    pub pool_size: u32,
    /// `ANCHANG_DB_ACQUIRE_TIMEOUT_MS` (default 5000): wait for a free connection before 503.
    pub acquire_timeout: Duration,
}

impl DatabaseSettings {
    /// Reads the database settings; `url` is already parsed.
    pub(super) fn read(lookup: &dyn Fn(&str) -> Option<String>, url: DatabaseUrl) -> Result<Self, ConfigError> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let default_concurrency = if url.on_this_machine() { cores + 1 } else { 4 * cores };
        let concurrency: usize = parse_or(lookup, "ANCHANG_DB_CONCURRENCY", default_concurrency)?;
        let heavy_concurrency: usize = parse_or(lookup, "ANCHANG_DB_HEAVY_CONCURRENCY", cores)?;
        let default_pool = u32::try_from(concurrency + heavy_concurrency + 4).unwrap_or(u32::MAX).max(16);
        let pool_size: u32 = parse_or(lookup, "ANCHANG_DB_POOL_SIZE", default_pool)?;
        for (name, value) in [
            ("ANCHANG_DB_CONCURRENCY", concurrency),
            ("ANCHANG_DB_HEAVY_CONCURRENCY", heavy_concurrency),
            ("ANCHANG_DB_POOL_SIZE", pool_size as usize),
        ] {
            if value == 0 {
                return Err(config_error(name, "must be at least 1"));
            }
        }
        Ok(Self {
            url,
            concurrency,
            heavy_concurrency,
            pool_size,
            acquire_timeout: Duration::from_millis(parse_or(lookup, "ANCHANG_DB_ACQUIRE_TIMEOUT_MS", 5000)?),
        })
    }

    /// The pool options these settings describe.
    pub fn pool_options(&self) -> PoolOptions {
        PoolOptions { max_size: self.pool_size, acquire_timeout: self.acquire_timeout }
    }

    /// The lanes' sizes these settings describe.
    pub fn lanes(&self) -> Lanes {
        Lanes { quick: self.concurrency, heavy: self.heavy_concurrency }
    }
}
