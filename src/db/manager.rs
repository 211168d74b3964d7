//! Our own r2d2 connection manager. diesel's generic manager for a multi-backend
//! connection tries each backend in turn and hides the real error ("password
//! authentication failed" becomes "invalid connection url"); this one picks the backend
//! from the URL and is also where per-connection settings live.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::ManageConnection;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::AnyConnection;

/// Which engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// `sqlite://PATH`, `sqlite:PATH` or a bare file path.
    Sqlite,
}

/// A parsed `DATABASE_URL`. Its `Debug` hides credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    target: String,
}

/// A PostgreSQL URL to this machine's own loopback address that says nothing about TLS gets
/// `sslmode=disable`. libpq's default (`prefer`) would encrypt traffic that never leaves
/// the kernel, and on the two-core benchmark machine the encryption and its extra writes
/// cost a quarter of a follow-up's CPU, server and database together. `prefer` guarantees
/// nothing anyway (it falls back to plain text silently); a URL that names `sslmode`
/// (`require`, `verify-full`) always gets exactly that.
fn plaintext_on_loopback(url: &str) -> String {
    let names_tls = query_of(url).is_some_and(|q| q.split('&').any(|pair| pair.starts_with("sslmode=")));
    match (on_loopback(url) && !names_tls, query_of(url)) {
        (false, _) => url.to_owned(),
        (true, Some(_)) => format!("{url}&sslmode=disable"),
        (true, None) => format!("{url}?sslmode=disable"),
    }
}

/// Whether a PostgreSQL URL names this machine: a loopback host, or none at all (libpq then
/// takes the local socket).
fn on_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['?', '/']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    matches!(host, "" | "localhost" | "127.0.0.1" | "::1")
}

fn query_of(url: &str) -> Option<&str> {
    url.split_once('?').map(|(_, query)| query)
}

impl DatabaseUrl {
    /// Reads a URL: PostgreSQL by scheme, anything else is a SQLite file path.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("DATABASE_URL is empty".into());
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self { backend: Backend::Postgres, target: plaintext_on_loopback(raw) });
        }
        let path = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")).unwrap_or(raw);
        if path.is_empty() || path == ":memory:" {
            // Each pooled connection would get its own empty in-memory database.
            return Err("SQLite needs a file path (an in-memory database is not shared between connections)".into());
        }
        Ok(Self { backend: Backend::Sqlite, target: path.to_owned() })
    }

    /// A SQLite database at this file path.
    pub fn sqlite_file(path: &Path) -> Self {
        Self { backend: Backend::Sqlite, target: path.to_string_lossy().into_owned() }
    }

    /// The engine this URL names.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database shares this machine's cores: a SQLite file, or PostgreSQL on a
    /// loopback address. Decides how much database work runs at once by default
    /// (`config::DatabaseSettings`).
    pub fn on_this_machine(&self) -> bool {
        match self.backend {
            Backend::Sqlite => true,
            Backend::Postgres => on_loopback(&self.target),
        }
    }

    /// What the driver is given: the PostgreSQL URL or the SQLite path.
    pub fn as_str(&self) -> &str {
        &self.target
    }

    /// Creates the SQLite file's directory (mode 0700) and the file itself (mode 0600), so
    /// that a first `cargo run` just works and the buyers' data is the owner's alone.
    /// SQLite creates the `-wal` and `-shm` files with the database file's mode.
    pub fn prepare(&self) -> std::io::Result<()> {
        if self.backend == Backend::Sqlite && self.target != ":memory:" && !self.target.starts_with("file:") {
            let path = PathBuf::from(&self.target);
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::config::create_private_dir(dir)?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(false);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            options.open(&path)?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.backend {
            Backend::Sqlite => write!(f, "sqlite:{}", self.target),
            Backend::Postgres => {
                // postgres://user:secret@host/db → postgres://…@host/db
                let shown = match (self.target.find("://"), self.target.rfind('@')) {
                    (Some(scheme_end), Some(at)) if at > scheme_end => {
                        format!("{}://…{}", &self.target[..scheme_end], &self.target[at..])
                    }
                    _ => self.target.clone(),
                };
                f.write_str(&shown)
            }
        }
    }
}

/// A pooled connection and whether it was seen to lose its database.
pub struct PooledConn {
    /// The connection itself.
    pub conn: AnyConnection,
    /// Set by `db::run` when a query failed because the database went away: the pool
    /// then drops this connection instead of handing it out again.
    pub broken: bool,
    /// The statements this connection has sent (see `db::statements`).
    pub statements: super::statements::Counter,
    /// When its cached plans were made (PostgreSQL), for [`PooledConn::refresh_old_plans`].
    plans_since: Instant,
}

/// How long a PostgreSQL connection keeps the plans it cached. A generic plan is made once
/// per statement with the table sizes of that moment: one made while a table was nearly
/// empty (a new deployment, a new table) is a sequential scan, and would stay one as the
/// table fills up until the next ANALYZE invalidates it — autovacuum's threshold can be
/// minutes or hours away. Re-planning a connection's few dozen statements every five
/// seconds costs a few milliseconds per connection; a stale scan can cost that per request.
const PLAN_MAX_AGE: Duration = Duration::from_secs(5);

impl PooledConn {
    /// Drops this connection's cached plans when they are older than [`PLAN_MAX_AGE`], so
    /// the next execution of each statement plans it for the tables as they are now. The
    /// prepared statements stay. A failure here surfaces in the work that follows.
    pub fn refresh_old_plans(&mut self) {
        if self.plans_since.elapsed() < PLAN_MAX_AGE {
            return;
        }
        if let AnyConnection::Pg(pg) = &mut self.conn {
            let _ = pg.batch_execute("DISCARD PLANS");
        }
        self.plans_since = Instant::now();
    }
}

/// Opens connections for r2d2.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl Manager {
    /// A manager for this database.
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }
}

/// Per-connection SQLite settings: WAL so readers never block the writer, foreign keys
/// enforced, writers wait up to 10 s for the lock instead of failing at once.
const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
     PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

/// Per-connection PostgreSQL settings: timestamps are UTC; diesel binds LIMIT as a
/// parameter, and a generic plan saves re-planning the page query on every execution (it
/// is refreshed every [`PLAN_MAX_AGE`], so it never outlives the table sizes it assumed).
/// No JIT: a generic plan cannot see a bound LIMIT and costs a page as a tenth of the table,
/// which on a large table passes `jit_above_cost`, and JIT compiles on every execution — a
/// manager's page of a 1,000,000-lead project spent 176 ms compiling for 0.4 ms of work.
const PG_SETTINGS: &str = "SET TIME ZONE 'UTC'; SET plan_cache_mode = force_generic_plan; SET jit = off;";

impl ManageConnection for Manager {
    type Connection = PooledConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<PooledConn, Self::Error> {
        let statements = super::statements::Counter::default();
        let mut conn = match self.url.backend {
            Backend::Postgres => {
                let mut conn =
                    diesel::PgConnection::establish(&self.url.target).map_err(diesel::r2d2::Error::ConnectionError)?;
                conn.batch_execute(PG_SETTINGS).map_err(diesel::r2d2::Error::QueryError)?;
                AnyConnection::Pg(conn)
            }
            Backend::Sqlite => {
                // Only start-up creates the directory (`prepare`): a directory that is
                // missing later is an unavailable database (503), not a new empty one.
                let mut conn = diesel::SqliteConnection::establish(&self.url.target)
                    .map_err(diesel::r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS).map_err(diesel::r2d2::Error::QueryError)?;
                AnyConnection::Sqlite(conn)
            }
        };
        // Installed after the settings above, so that a request's count is its own.
        conn.set_instrumentation(statements.clone());
        Ok(PooledConn { conn, broken: false, statements, plans_since: Instant::now() })
    }

    fn is_valid(&self, pooled: &mut PooledConn) -> Result<(), Self::Error> {
        diesel::sql_query("SELECT 1").execute(&mut pooled.conn).map(|_| ()).map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, pooled: &mut PooledConn) -> bool {
        pooled.broken || diesel::r2d2::R2D2Connection::is_broken(&mut pooled.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str) -> String {
        DatabaseUrl::parse(url).map(|u| u.as_str().to_owned()).unwrap_or_default()
    }

    #[test]
    fn a_loopback_database_is_reached_without_tls_unless_the_url_asks() {
        for (given, reached) in [
            ("postgres://postgres@127.0.0.1:5432/db", "postgres://postgres@127.0.0.1:5432/db?sslmode=disable"),
            ("postgresql://u:p@localhost/db?options=-c", "postgresql://u:p@localhost/db?options=-c&sslmode=disable"),
            ("postgres://u@[::1]:5432/db", "postgres://u@[::1]:5432/db?sslmode=disable"),
            ("postgres://u@127.0.0.1/db?sslmode=require", "postgres://u@127.0.0.1/db?sslmode=require"),
            ("postgres://u@db.internal:5432/db", "postgres://u@db.internal:5432/db"),
            ("postgres://u:p%40127.0.0.1@db.internal/db", "postgres://u:p%40127.0.0.1@db.internal/db"),
            ("postgres://u@10.0.0.5/db?application_name=x", "postgres://u@10.0.0.5/db?application_name=x"),
        ] {
            assert_eq!(target(given), reached, "{given}");
        }
    }

    #[test]
    fn a_database_on_this_machine_is_told_from_one_elsewhere() {
        let here = |url: &str| DatabaseUrl::parse(url).map(|u| u.on_this_machine()).unwrap_or_default();
        assert!(here("postgres://postgres@127.0.0.1:5432/db"));
        assert!(here("postgres://u@localhost/db?sslmode=require"));
        assert!(here("postgres://u@[::1]/db"));
        assert!(here("postgres:///db"));
        assert!(here("/var/lib/anchang/anchang.db"));
        assert!(!here("postgres://u@db.internal:5432/db"));
        assert!(!here("postgres://u:p%40127.0.0.1@10.0.0.5/db"));
    }
}
