//! The database away, the pool exhausted, the pool healing; and the CLI against a real database.

use anchang::db::{self, DatabaseUrl, PoolOptions};
use anchang::Application;
use reqwest::StatusCode;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::{client, reply, settings_for, RunningServer, TestDatabase, ADMIN_PASSWORD};

const QUICK: PoolOptions = PoolOptions { max_size: 2, acquire_timeout: Duration::from_millis(500) };
/// For the arrangements around what is tested: time enough on a loaded machine.
const PATIENT: PoolOptions = PoolOptions { max_size: 1, acquire_timeout: Duration::from_secs(10) };

/// Starts the app over `pool` without touching the database; returns its address and the
/// server, which stops when dropped.
fn start_over(dir: &std::path::Path, url: &DatabaseUrl, pool: db::Pool) -> (String, RunningServer) {
    let app = Application::with_pool(settings_for(dir, url, &[]), pool).expect("app binds");
    let address = format!("http://127.0.0.1:{}", app.port());
    (address, RunningServer::start(app))
}

#[tokio::test]
async fn an_unreachable_database_answers_503_with_retry_after() {
    let dir = tempfile::tempdir().expect("dir");
    // Nothing listens on port 1: every connection attempt is refused at once.
    let url = DatabaseUrl::parse("postgres://postgres@127.0.0.1:1/anchang").expect("url");
    let (address, _server) = start_over(dir.path(), &url, db::connect_lazy(&url, &QUICK));
    let http = client();

    let ready = reply(http.get(format!("{address}/readyz")).send().await.expect("sent")).await;
    let login = reply(
        http.post(format!("{address}/api/v1/auth/login"))
            .json(&serde_json::json!({"username": "admin", "password": "x"}))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let alive = http.get(format!("{address}/healthz")).send().await.expect("sent");

    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.code(), "service.database_unavailable");
    assert!(ready.header("retry-after").is_some());
    assert_eq!(login.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!login.body.to_string().contains("127.0.0.1:1"), "no connection details leak");
    assert_eq!(alive.status(), StatusCode::OK, "the process itself is alive");
}

#[tokio::test]
async fn readiness_answers_503_within_a_second_while_the_database_hangs() {
    let dir = tempfile::tempdir().expect("dir");
    // A port that accepts connections and never answers: the database is hanging, not gone.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = silent.local_addr().expect("addr").port();
    let url = DatabaseUrl::parse(&format!("postgres://postgres@127.0.0.1:{port}/anchang")).expect("url");
    let patient = PoolOptions { max_size: 2, acquire_timeout: Duration::from_secs(5) };
    let (address, _server) = start_over(dir.path(), &url, db::connect_lazy(&url, &patient));

    let started = std::time::Instant::now();
    let ready = reply(client().get(format!("{address}/readyz")).send().await.expect("sent")).await;
    let waited = started.elapsed();

    assert_eq!((ready.status, ready.code()), (StatusCode::SERVICE_UNAVAILABLE, "service.database_unavailable"));
    // The bound is the readiness timeout (1 s) plus scheduling slack, far below the pool's 5 s.
    assert!(waited < Duration::from_millis(2500), "readiness took {waited:?}");
    drop(silent);
}

#[tokio::test]
async fn the_pool_heals_when_the_database_comes_back() {
    let dir = tempfile::tempdir().expect("dir");
    let db_dir = dir.path().join("later");
    let url = DatabaseUrl::sqlite_file(&db_dir.join("anchang.db"));
    let (address, _server) = start_over(dir.path(), &url, db::connect_lazy(&url, &QUICK));
    let http = client();
    let before = http.get(format!("{address}/readyz")).send().await.expect("sent");
    assert_eq!(before.status(), StatusCode::SERVICE_UNAVAILABLE);

    std::fs::create_dir_all(&db_dir).expect("the database returns");
    // Migrated through a patient pool of its own: a loaded machine may take more than the
    // app's quick timeout to open the first connection, and that is not what is tested here.
    db::migrate(&db::connect(&url, &PATIENT).expect("reachable now")).expect("migrated");

    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..20 {
        status = http.get(format!("{address}/readyz")).send().await.expect("sent").status();
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_exhausted_pool_answers_503_instead_of_hanging() {
    let database = TestDatabase::create();
    db::migrate(&db::connect(&database.url, &PATIENT).expect("pool")).expect("migrated");
    // Lazy: building a pool waits for its connection within the (short) timeout under test.
    let pool =
        db::connect_lazy(&database.url, &PoolOptions { max_size: 1, acquire_timeout: Duration::from_millis(300) });
    let (address, _server) = start_over(database.dir.path(), &database.url, pool.clone());
    // The server's own start-up work (the first checkpoint) may hold it for a moment.
    let _held = (0..10).find_map(|_| pool.get().ok()).expect("the only connection");

    let started = std::time::Instant::now();
    let ready = reply(client().get(format!("{address}/readyz")).send().await.expect("sent")).await;

    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.header("retry-after"), Some("2"));
    assert!(started.elapsed() < Duration::from_secs(5));
}

fn cli_database_url(database: &TestDatabase) -> String {
    match database.url.backend() {
        db::Backend::Sqlite => format!("sqlite://{}", database.url.as_str()),
        db::Backend::Postgres => database.url.as_str().to_owned(),
    }
}

#[tokio::test]
async fn the_cli_migrates_and_creates_a_user_who_can_sign_in() {
    let database = TestDatabase::create();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_anchang"))
            .args(args)
            .env("DATABASE_URL", cli_database_url(&database))
            .env("ANCHANG_DATA_DIR", database.dir.path())
            .env("ANCHANG_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("anchang runs");
        if let Some(input) = stdin {
            child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
        }
        child.wait_with_output().expect("anchang finishes")
    };

    let migrated = run(&["migrate"], None);
    let created = run(
        &["user", "create", "--username", "Li.Na", "--role", "manager", "--password-stdin"],
        Some("cli-password-1\n"),
    );
    let duplicate = run(
        &["user", "create", "--username", "li.na", "--role", "sales", "--password-stdin"],
        Some("cli-password-1\n"),
    );
    let short =
        run(&["user", "create", "--username", "zz.top", "--role", "sales", "--password-stdin"], Some("short\n"));

    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(String::from_utf8_lossy(&created.stdout).contains("created li.na (manager)"));
    assert!(!duplicate.status.success());
    assert!(!short.status.success());

    let app = Application::build(settings_for(database.dir.path(), &database.url, &[])).expect("app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let _server = RunningServer::start(app);
    let login = |username: &'static str, password: &'static str| {
        client()
            .post(format!("{address}/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
    };
    assert_eq!(login("li.na", "cli-password-1").await.expect("sent").status(), StatusCode::OK);
    // The CLI's account exists, so no first admin was created.
    assert_eq!(login("admin", ADMIN_PASSWORD).await.expect("sent").status(), StatusCode::UNAUTHORIZED);
}

#[cfg(unix)]
#[test]
fn the_sqlite_file_and_its_directory_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let url = DatabaseUrl::sqlite_file(&data.join("anchang.db"));
    let pool = db::connect(&url, &QUICK).expect("connects");
    db::migrate(&pool).expect("migrates");
    drop(pool);

    let mode = |path: std::path::PathBuf| std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode(data.clone()).expect("dir"), 0o700);
    assert_eq!(mode(data.join("anchang.db")).expect("file"), 0o600);
    for companion in ["anchang.db-wal", "anchang.db-shm"] {
        if let Ok(found) = mode(data.join(companion)) {
            assert_eq!(found, 0o600, "{companion}");
        }
    }
}

#[derive(diesel::QueryableByName)]
struct PlanSettings {
    #[diesel(sql_type = diesel::sql_types::Text)]
    jit: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    plan_cache_mode: String,
}

#[tokio::test]
async fn pooled_postgresql_connections_plan_once_and_never_compile() {
    use diesel::RunQueryDsl;
    let app = crate::helpers::spawn_app().await;
    let mut pooled = app.db();
    let db::AnyConnection::Pg(pg) = &mut pooled.conn else {
        return; // SQLite: it keeps no plans across statements and has no JIT
    };
    // Generic plans see no bound LIMIT and cost a page as a tenth of its table; with JIT on,
    // a manager's page of a large project was compiled on every execution (176 ms for 0.4 ms
    // of work, README "A manager's page").
    let settings: PlanSettings = diesel::sql_query(
        "SELECT current_setting('jit') AS jit, current_setting('plan_cache_mode') AS plan_cache_mode",
    )
    .get_result(pg)
    .expect("the connection's settings");
    assert_eq!((settings.jit.as_str(), settings.plan_cache_mode.as_str()), ("off", "force_generic_plan"));
}
