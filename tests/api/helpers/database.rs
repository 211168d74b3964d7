//! A database for one test: a temporary SQLite file by default, or, when
//! `ANCHANG_TEST_DATABASE_URL` names a PostgreSQL server, a schema of its own in one
//! shared database (dropped afterwards).
//!
//! A schema, not a database: `CREATE DATABASE` copies and syncs a whole template (half a
//! second here, the largest share of a PostgreSQL test), `CREATE SCHEMA` is a catalog row.
//! The app connects with `search_path` set to its schema, so its migrations, tables,
//! triggers and queries live there exactly as they would in `public`. The tests of
//! migrating an empty database itself still get a database of their own.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use std::sync::OnceLock;
use uuid::Uuid;

use anchang::db::DatabaseUrl;

/// A database that exists for one test.
pub struct TestDatabase {
    /// What the app is given.
    pub url: DatabaseUrl,
    /// The directory for the SQLite file and generated secrets.
    pub dir: tempfile::TempDir,
    /// For PostgreSQL: the server URL and what to drop afterwards.
    pg: Option<(String, Cleanup)>,
}

impl TestDatabase {
    /// A fresh, empty database of its own: for the tests of migrating one.
    pub fn create() -> Self {
        Self::on_backend(|admin, server| {
            let name = format!("anchang_test_{}", Uuid::new_v4().simple());
            admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create test database");
            (database_url(server, &name), Cleanup::Database(name))
        })
    }

    /// A fresh, empty place for an app, which migrates it on start: a schema of its own
    /// in the shared test database on PostgreSQL.
    pub fn for_app() -> Self {
        Self::on_backend(|_, server| {
            let shared = shared_database(server);
            let schema = format!("t_{}", Uuid::new_v4().simple());
            let mut conn = server_connection(&database_url(server, shared));
            conn.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create test schema");
            let url = format!("{}?options=-csearch_path%3D{schema}", database_url(server, shared));
            (url, Cleanup::Schema { database: shared, schema })
        })
    }

    fn on_backend(make: impl FnOnce(&mut PgConnection, &str) -> (String, Cleanup)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let Some(server) = std::env::var("ANCHANG_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
            return Self { url: DatabaseUrl::sqlite_file(&dir.path().join("test.db")), dir, pg: None };
        };
        let (url, cleanup) = make(&mut server_connection(&server), &server);
        let url = DatabaseUrl::parse(&url).expect("test database url");
        Self { url, dir, pg: Some((server, cleanup)) }
    }
}

/// What a PostgreSQL test leaves to drop.
enum Cleanup {
    Database(String),
    Schema { database: &'static str, schema: String },
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, cleanup)) = &self.pg else { return };
        let (database, statement) = match cleanup {
            Cleanup::Database(name) => (server.clone(), format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")),
            Cleanup::Schema { database, schema } => {
                (database_url(server, database), format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            }
        };
        if let Ok(mut conn) = PgConnection::establish(&database) {
            let _ = conn.batch_execute(&statement);
        }
    }
}

/// The database the apps' schemas live in, created on first use. Another test process
/// creating it at the same moment makes this one's attempt fail harmlessly.
fn shared_database(server: &str) -> &'static str {
    static SHARED: OnceLock<()> = OnceLock::new();
    const NAME: &str = "anchang_test_apps";
    SHARED.get_or_init(|| {
        let mut admin = server_connection(server);
        if admin.batch_execute(&format!("CREATE DATABASE {NAME}")).is_err() {
            server_connection(&database_url(server, NAME));
        }
    });
    NAME
}

fn server_connection(server: &str) -> PgConnection {
    PgConnection::establish(server).unwrap_or_else(|e| panic!("ANCHANG_TEST_DATABASE_URL is set but unreachable: {e}"))
}

/// The URL of database `name` on the server of `server` (a URL naming any database).
fn database_url(server: &str, name: &str) -> String {
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    format!("{base}/{name}")
}
