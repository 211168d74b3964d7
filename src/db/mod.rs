//! Storage: the two-backend connection, the pool, migrations and the helpers every
//! module uses to reach the database.
//!
//! - [`Database::run`] moves blocking diesel work off the actix threads onto a lane (a
//!   few threads fed first come first served, `lane.rs`), keeping the request's tracing
//!   span, and turns pool trouble into 503; what the work asked for with [`after_work`]
//!   happens when it is over. Reports and other slow work take the heavy lane
//!   ([`Weight::Heavy`]).
//! - [`transaction`] is the only way services open a transaction: on SQLite it starts
//!   with `BEGIN IMMEDIATE`, so concurrent writers queue on the busy timeout instead of
//!   failing when a read lock cannot be upgraded.

mod after_work;
mod database;
mod lane;
mod manager;
mod per_backend;
pub mod sql_types;
pub mod statements;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

use crate::error::ApiError;
pub use after_work::after_work;
pub use database::{Database, Lanes, Weight};
pub use manager::{Backend, DatabaseUrl, Manager, PooledConn};
pub(crate) use per_backend::{claim_rows, insert_batch, insert_or_ignore, keyset, lock_rows, lock_rows_not_keys};
pub use sql_types::Id;

/// A connection to either backend. Queries written against the shared schema run on both;
/// where the multi-backend connection cannot express something (ON CONFLICT, FOR UPDATE,
/// RETURNING of a whole struct), match on the variant and write one arm per backend.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    /// PostgreSQL, the production engine.
    Pg(diesel::PgConnection),
    /// SQLite, the embedded default.
    Sqlite(diesel::SqliteConnection),
}

/// What services take: a connection to whichever backend is configured.
pub type Conn = AnyConnection;

/// The connection pool shared by all workers.
pub type Pool = diesel::r2d2::Pool<Manager>;

/// A connection from `pool` with its cached plans refreshed when they are old
/// ([`PooledConn::refresh_old_plans`]): what request work on a lane and the background
/// tasks (the sealer, jobs, webhooks, notifications) take. Any connection can serve any
/// of them, and one that only background work happened to take would otherwise keep the
/// plans it made while the tables were small.
pub fn checkout(pool: &Pool) -> Result<diesel::r2d2::PooledConnection<Manager>, diesel::r2d2::PoolError> {
    let mut pooled = pool.get()?;
    pooled.refresh_old_plans();
    Ok(pooled)
}

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Arbitrary, fixed key for the PostgreSQL advisory lock that keeps two replicas
/// starting at once from migrating the same database concurrently.
const MIGRATION_LOCK_KEY: i64 = 0x0061_6e63_6861_6e67;

/// Pool sizing and timeouts, from [`crate::config::DatabaseSettings`].
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Most connections held open at once.
    pub max_size: u32,
    /// How long a request waits for a free connection before it gets 503.
    pub acquire_timeout: Duration,
}

/// Builds a pool and opens its first connections; fails when the database is unreachable.
pub fn connect(url: &DatabaseUrl, options: &PoolOptions) -> anyhow::Result<Pool> {
    url.prepare()?;
    let pool = builder(options).build(Manager::new(url.clone()))?;
    Ok(pool)
}

/// A pool for a one-shot command (`migrate`, `audit verify`, …): connections open when
/// taken and are never replenished behind the command's back. A replenishing thread still
/// connecting when `main` returns crashes the process at exit (libpq's TLS teardown),
/// after the command already printed its answer.
pub fn connect_for_command(url: &DatabaseUrl, options: &PoolOptions) -> anyhow::Result<Pool> {
    url.prepare()?;
    Ok(builder(options).min_idle(Some(0)).build(Manager::new(url.clone()))?)
}

/// Builds a pool without touching the database: connections open on first use. For
/// tools and tests that must start while the database is away.
pub fn connect_lazy(url: &DatabaseUrl, options: &PoolOptions) -> Pool {
    builder(options).min_idle(Some(0)).build_unchecked(Manager::new(url.clone()))
}

fn builder(options: &PoolOptions) -> diesel::r2d2::Builder<Manager> {
    // No test-on-checkout: it costs a `SELECT 1` round trip per request. A connection the
    // database dropped fails its first query, `run` marks it broken, and the pool replaces it.
    diesel::r2d2::Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(1))
        .connection_timeout(options.acquire_timeout)
        .test_on_check_out(false)
}

/// Applies every pending migration of the configured backend; returns how many ran. The
/// caller then seals audit events recorded before the chain existed
/// (`audit::service::seal_unhashed`): start-up and the command line do.
pub fn migrate(pool: &Pool) -> anyhow::Result<usize> {
    let mut pooled = pool.get()?;
    let applied = match &mut pooled.conn {
        AnyConnection::Pg(conn) => {
            diesel::sql_query("SELECT pg_advisory_lock($1)")
                .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK_KEY)
                .execute(conn)?;
            let result = conn.run_pending_migrations(PG_MIGRATIONS).map(|m| m.len());
            diesel::sql_query("SELECT pg_advisory_unlock($1)")
                .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK_KEY)
                .execute(conn)?;
            result
        }
        AnyConnection::Sqlite(conn) => conn.run_pending_migrations(SQLITE_MIGRATIONS).map(|m| m.len()),
    };
    applied.map_err(|e| anyhow::anyhow!("migration failed: {e}"))
}

/// Whether writers on this connection take turns anyway: SQLite has one writer at a time
/// (its transactions begin IMMEDIATE and queue), PostgreSQL many at once.
pub fn writers_take_turns(conn: &Conn) -> bool {
    matches!(conn, AnyConnection::Sqlite(_))
}

/// Runs `work` in a transaction: committed when it returns `Ok`, rolled back otherwise.
/// Nested calls become savepoints. On SQLite the outermost one is `BEGIN IMMEDIATE`.
pub fn transaction<T, E, F>(conn: &mut Conn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut Conn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let outermost_sqlite = match conn {
        AnyConnection::Sqlite(inner) => {
            AnsiTransactionManager::transaction_manager_status_mut(inner).transaction_depth()?.is_none()
        }
        AnyConnection::Pg(_) => false,
    };
    if !outermost_sqlite {
        return conn.transaction(work);
    }
    if let AnyConnection::Sqlite(inner) = conn {
        AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
    }
    match work(conn) {
        Ok(value) => {
            <Conn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            // A failed rollback leaves the transaction manager broken; the pool then
            // discards the connection, so the caller's error is the one worth returning.
            let _ = <Conn as Connection>::TransactionManager::rollback_transaction(conn);
            Err(error)
        }
    }
}

/// Runs a bulk job with PostgreSQL planning each statement for its actual parameters.
///
/// The pool's connections use generic plans (see `manager.rs`), made once per statement
/// and kept for the connection's life. A batch statement first planned while its table
/// was nearly empty (a 1,000-id `IN` list then looks cheaper as a full scan) would stay a
/// full scan as the table grows; re-planning costs a millisecond a batch.
pub fn with_custom_plans<T, E, F>(conn: &mut Conn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut Conn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let pg = matches!(conn, AnyConnection::Pg(_));
    if pg {
        diesel::sql_query("SET plan_cache_mode = force_custom_plan").execute(conn)?;
    }
    let result = work(conn);
    if pg {
        diesel::sql_query("SET plan_cache_mode = force_generic_plan").execute(conn)?;
    }
    result
}

/// `SELECT 1` through the pool: what `/readyz` asks.
pub async fn ping(db: &Database) -> Result<(), ApiError> {
    db.run(|conn| {
        diesel::sql_query("SELECT 1").execute(conn)?;
        Ok(())
    })
    .await
}

/// The current time as stored: UTC, truncated to microseconds so that what is read back
/// equals what was written on both backends.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

/// A time from a request as stored: UTC, truncated to microseconds like [`now`], so that
/// comparisons with stored values and values read back are exact.
pub fn stored(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    at.naive_utc().trunc_subsecs(6)
}

/// Escapes `%`, `_` and `\` so user text matches literally inside a LIKE pattern.
pub fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `text` as a PostgreSQL string constant (`E'…'`, quotes and backslashes doubled, which
/// reads the same whatever `standard_conforming_strings` says), for the rare condition
/// whose plan must depend on the value itself: a bound parameter is planned once for every
/// value (`plan_cache_mode = force_generic_plan`), a constant is planned for itself and the
/// statement is not cached. NUL, which PostgreSQL text cannot hold, is dropped.
pub fn pg_text_constant(text: &str) -> String {
    let mut constant = String::with_capacity(text.len() + 3);
    constant.push_str("E'");
    for c in text.chars() {
        match c {
            '\'' => constant.push_str("''"),
            '\\' => constant.push_str("\\\\"),
            '\0' => {}
            c => constant.push(c),
        }
    }
    constant.push('\'');
    constant
}

#[diesel::declare_sql_function]
extern "SQL" {
    /// SQL `lower()`: text searches compare lower-cased on purpose, because `LIKE` is
    /// case-insensitive on SQLite and case-sensitive on PostgreSQL.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_constant_cannot_be_left_early() {
        assert_eq!(pg_text_constant("王小明"), "E'王小明'");
        assert_eq!(pg_text_constant("O'Brien"), "E'O''Brien'");
        assert_eq!(pg_text_constant("\\'; DROP TABLE leads; --"), "E'\\\\''; DROP TABLE leads; --'");
        assert_eq!(pg_text_constant("a\0b"), "E'ab'");
    }

    #[test]
    fn like_patterns_match_wildcards_literally() {
        assert_eq!(like_pattern("100%_A\\"), "%100\\%\\_a\\\\%");
    }
}
