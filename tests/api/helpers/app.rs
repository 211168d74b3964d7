//! `TestApp`: the real application on a free port, over a fresh database of its own
//! (see `database.rs`), and a client that reads its answers.

use anchang::config::Settings;
use anchang::db::{self, DatabaseUrl, PoolOptions};
use anchang::Application;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;
use uuid::Uuid;

use super::database::TestDatabase;

/// The first admin's password in every test app.
pub const ADMIN_PASSWORD: &str = "admin-password-1";
/// The data key of every test app (it also keys the audit chain).
pub const DATA_KEY: &str = "abababababababababababababababababababababababababababababababab";
/// The password of every account the helpers create.
pub const PASSWORD: &str = "password-123";

/// Settings for a test app: port 0, fixed secrets, the given database.
pub fn settings_for(dir: &std::path::Path, url: &DatabaseUrl, extra: &[(&str, &str)]) -> Settings {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("ANCHANG_DATA_DIR".into(), dir.to_string_lossy().into_owned()),
        ("ANCHANG_PORT".into(), "0".into()),
        ("ANCHANG_WORKERS".into(), "2".into()),
        ("ANCHANG_DB_POOL_SIZE".into(), "8".into()),
        ("ANCHANG_ADMIN_PASSWORD".into(), ADMIN_PASSWORD.into()),
        ("ANCHANG_JWT_SECRET".into(), "test-jwt-secret-that-is-long-enough-0123456789".into()),
        ("ANCHANG_DATA_KEY".into(), DATA_KEY.into()),
        // Nothing leaves the machine: the webhook tests turn delivery on, to a loopback receiver.
        ("ANCHANG_WEBHOOKS_DELIVER".into(), "false".into()),
    ]);
    let raw_url = match url.backend() {
        db::Backend::Sqlite => format!("sqlite://{}", url.as_str()),
        db::Backend::Postgres => url.as_str().to_owned(),
    };
    vars.insert("DATABASE_URL".into(), raw_url);
    for (k, v) in extra {
        vars.insert((*k).into(), (*v).into());
    }
    Settings::from_lookup(&move |name| vars.get(name).cloned()).expect("test settings")
}

/// A running application and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// A plain HTTP client.
    pub client: reqwest::Client,
    /// A pool onto the app's database, for looking behind the API.
    pub pool: db::Pool,
    /// The server, stopped before the database is dropped.
    _server: RunningServer,
    /// The database, dropped with the app.
    _database: TestDatabase,
}

/// An application serving on a thread of its own. Dropping it stops the server and waits
/// until the application has closed its connections: a test's database is dropped only
/// after that, and no thread is left talking to PostgreSQL when the test binary exits
/// (libpq and OpenSSL crash the process if one is).
pub struct RunningServer {
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    /// Serves `app` until dropped.
    pub fn start(app: Application) -> Self {
        let handle = app.handle();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            let _ = runtime.block_on(app.run_until_stopped());
        });
        Self { handle, thread: Some(thread) }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        // The stop command is sent at once; the thread ends when the app has shut down.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts the application over a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts the application with extra settings.
pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    super::log::show_server_logs_if_asked();
    let database = TestDatabase::for_app();
    let settings = settings_for(database.dir.path(), &database.url, extra);
    let app = Application::build(settings).expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let server = RunningServer::start(app);
    let pool = db::connect_lazy(&database.url, &PoolOptions { max_size: 2, acquire_timeout: Duration::from_secs(5) });
    TestApp { address, client: client(), pool, _server: server, _database: database }
}

/// A client that never follows redirects, so tests see what the server said.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// A response read once: status, headers and JSON body (Null when empty or not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The problem `code` of an error answer.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// A field of the body as a UUID.
    pub fn id(&self, field: &str) -> Uuid {
        self.body[field]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no id {field} in {:?}", self.body))
    }
}

/// Reads a response into a `Reply`.
pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply { status, headers, body }
}

impl TestApp {
    /// The URL of an API path (`/api/v1` + path).
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{}", self.address, path)
    }

    /// Sends a request with an optional token and JSON body.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut request = self.client.request(method, self.api(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        reply(request.send().await.expect("request sent")).await
    }

    /// GET with a token.
    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    /// POST JSON with a token.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// PATCH JSON with a token.
    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(token), Some(body)).await
    }

    /// PUT without a body, with a token.
    pub async fn put(&self, path: &str, token: &str) -> Reply {
        self.call(Method::PUT, path, Some(token), None).await
    }

    /// DELETE with a token.
    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    /// POST /auth/login.
    pub async fn login(&self, username: &str, password: &str) -> Reply {
        self.call(Method::POST, "/auth/login", None, Some(json!({"username": username, "password": password}))).await
    }

    /// Signs in and returns the access token.
    pub async fn token(&self, username: &str, password: &str) -> String {
        let reply = self.login(username, password).await;
        assert_eq!(reply.status, StatusCode::OK, "login of {username}: {:?}", reply.body);
        reply.body["access_token"].as_str().expect("access token").to_owned()
    }

    /// The first admin's access token.
    pub async fn admin_token(&self) -> String {
        self.token("admin", ADMIN_PASSWORD).await
    }

    /// Creates a project as admin and returns its id.
    pub async fn create_project(&self, admin: &str, name: &str) -> Uuid {
        let reply = self.post("/projects", admin, json!({"name": name, "city": "杭州"})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.id("id")
    }

    /// Creates an account (with `PASSWORD`) in these projects, as `creator`; returns its id.
    pub async fn create_user(&self, creator: &str, username: &str, role: &str, projects: &[Uuid]) -> Uuid {
        let reply = self
            .post(
                "/users",
                creator,
                json!({"username": username, "display_name": username, "role": role,
                       "password": PASSWORD, "project_ids": projects}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "creating {username}: {:?}", reply.body);
        reply.id("id")
    }

    /// Creates an account in these projects and signs it in: (id, access token).
    pub async fn sign_in_new(&self, username: &str, role: &str, projects: &[Uuid]) -> (Uuid, String) {
        let admin = self.admin_token().await;
        let id = self.create_user(&admin, username, role, projects).await;
        (id, self.token(username, PASSWORD).await)
    }

    /// The app's `DATABASE_URL`, for running the CLI against the same database.
    pub fn database_url(&self) -> String {
        match self._database.url.backend() {
            db::Backend::Sqlite => format!("sqlite://{}", self._database.url.as_str()),
            db::Backend::Postgres => self._database.url.as_str().to_owned(),
        }
    }

    /// Runs the `anchang` binary against the app's database; (success, stdout).
    pub fn cli(&self, args: &[&str]) -> (bool, String) {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_anchang"))
            .args(args)
            .env("DATABASE_URL", self.database_url())
            .env("ANCHANG_DATA_DIR", self._database.dir.path())
            .env("ANCHANG_DATA_KEY", DATA_KEY)
            .env("ANCHANG_LOG", "warn")
            .output()
            .expect("anchang runs");
        let mut out = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            // A failure's reasons are on stderr; the assertion message should show them.
            out.push_str(&format!("[{}]\n", output.status));
            out.push_str(&String::from_utf8_lossy(&output.stderr));
        }
        (output.status.success(), out)
    }

    /// The audit actions recorded so far, oldest first.
    pub fn audit_actions(&self) -> Vec<String> {
        use anchang::schema::audit_events;
        use diesel::prelude::*;
        let mut pooled = self.sealed_db();
        audit_events::table
            .order(audit_events::seq.asc())
            .select(audit_events::action)
            .load(&mut pooled.conn)
            .expect("audit")
    }
}
