//! anchang: the JSON REST API behind a new-home sales office (案场).
//!
//! This file builds the HTTP application from `Settings`; everything else lives in the
//! modules. `main.rs`, the CLI and the integration tests start the very same
//! [`Application`].
//!
//! # Layers
//! A request passes the middleware (request id and span, CORS, compression, no-store, the
//! localised problem, the rate limit, conditional GETs, idempotency, the PATCH override),
//! then a handler (`handlers.rs`: extract, call one service function, answer), then the
//! service (`service.rs` / `service/`: rights, rules, one transaction, the audit event),
//! then the model (`model.rs`: diesel structs and the statements of the tables the module
//! owns). DTOs (`dto.rs` / `dto/`) are built from models, never the other way round.
//!
//! Domain modules are layered, each using only those below it — `words` → `auth` → `scope`,
//! `idempotency` → `audit` → `projects`, `objections` → `users` → `sign_in`, `grading`,
//! `clients` → `leads` → `follow_ups`, `booking` → `channels` → `reception`, `deals` →
//! `screens`, `events`, `reminders` → `jobs`, `notifications`, `analytics` — over the plumbing
//! (`db`, `error`, `http`, `config`, `crypto`, `labels`, `telemetry`). `tests/api/architecture.rs`
//! holds the list and fails on an import up the stack; `openapi/ROUTES.md` maps each endpoint
//! to its handler.
//!
//! # Data
//! - **Two backends, one code path.** `db::Conn` is SQLite (the default, one file under
//!   `ANCHANG_DATA_DIR`) or PostgreSQL; queries are written once for diesel's multi-backend
//!   connection; the few statements it cannot express (locks, insert-or-ignore, batched
//!   inserts) are macros in `db::per_backend`, so no model matches on the backend.
//!   Each backend has its own migration set.
//! - **Blocking work off the reactor.** A handler's `Session::run` takes a pooled
//!   connection on a lane of `db::Database` (a few threads, first come first served) and
//!   runs the service there; reports, exports, imports and password hashing take
//!   `Session::run_heavy`, a lane of their own.
//! - **One winner.** Races (a phone, a unit, a queue number, a pool lead) are decided by a
//!   unique index or a conditional update, never by a read before a write. SQLite
//!   transactions begin `IMMEDIATE`; PostgreSQL locks the rows a write depends on
//!   (`db::lock_rows!`), a lead before its other rows.
//! - **Days** are cut in the project's time zone (`follow_ups::calendar`); instants are stored
//!   in UTC.
//! - **Money** is integer fen. Resident ID numbers are encrypted at rest (`crypto`); contacts
//!   are clear only for the owner and managers (`scope::LeadRights::sees_contact`).
//!
//! # The audit trail
//! Every change records an event in its own transaction (`audit::record`). Events are
//! numbered and hash-chained. On PostgreSQL a writer leaves its events waiting, signed, and
//! commits without touching the chain's head; the sealer (`audit::seal`) then takes the head
//! for a moment and chains whatever waits, in batches, so concurrent writers never queue on
//! one row. On SQLite, whose writers take turns anyway, a writer chains its own. Readers of
//! the trail seal first; triggers keep the head moving forward only, the trail append-only
//! and a waiting event unchangeable (`audit` module docs).

pub mod aftersales;
pub mod analytics;
pub mod audit;
pub mod auth;
pub mod booking;
pub mod channels;
pub mod cli;
pub mod clients;
pub mod config;
pub mod crypto;
pub mod db;
pub mod deals;
pub mod error;
pub mod events;
pub mod follow_ups;
pub mod grading;
pub mod health;
pub mod http;
pub mod idempotency;
pub mod jobs;
pub mod labels;
pub mod leads;
pub mod notifications;
pub mod objections;
pub mod openapi;
pub mod projects;
pub mod reception;
pub mod reminders;
pub mod routes;
pub mod schema;
pub mod scope;
pub mod screens;
pub mod sign_in;
pub mod state;
pub mod telemetry;
pub mod users;
pub mod words;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Settings;
use crate::http::fallback::{self, RouteTable};
use crate::state::AppState;

/// A bound, configured server, ready to run.
pub struct Application {
    server: Server,
    port: u16,
    state: web::Data<AppState>,
    webhooks: events::worker::Worker,
    jobs: config::JobSettings,
}

/// Brings a database up to date: applies pending migrations, then chains in any audit
/// events recorded before the chain existed and seals what an earlier run left waiting,
/// before anything new is recorded. Start-up and
/// every writing command call it; returns how many migrations ran.
pub fn prepare_database(pool: &db::Pool) -> anyhow::Result<usize> {
    let applied = db::migrate(pool)?;
    let mut pooled = pool.get()?;
    let hashed = audit::service::seal_unhashed(&mut pooled.conn)?;
    if hashed > 0 {
        tracing::info!(hashed, "chained audit events recorded before the chain existed");
    }
    let sealed = audit::seal::seal_waiting(&mut pooled.conn)?;
    if sealed > 0 {
        tracing::info!(sealed, "sealed audit events left waiting by an earlier run");
    }
    Ok(applied)
}

impl Application {
    /// Connects to the database, applies migrations, creates the first admin when there is
    /// no account yet, and binds the listener.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        audit::chain::install_key(secrecy::ExposeSecret::expose_secret(&settings.data_key));
        let pool = db::connect(&settings.database.url, &settings.database.pool_options())?;
        let applied = prepare_database(&pool)?;
        tracing::info!(database = ?settings.database.url, migrations_applied = applied, "database ready");
        let password = settings.admin_password.as_ref().map(|p| secrecy::ExposeSecret::expose_secret(p).to_owned());
        let mut pooled = pool.get()?;
        if let Some(generated) = users::service::ensure_first_admin(&mut pooled.conn, password.as_deref())
            .map_err(|e| anyhow::anyhow!("creating the first admin failed: {e}"))?
        {
            // Printed once, on purpose: the operator has no other way to learn it.
            tracing::warn!(username = "admin", password = %generated, "created the first admin with a generated password; change it");
        }
        drop(pooled);
        Self::with_pool(settings, pool)
    }

    /// Binds the listener over an existing pool, touching nothing in the database.
    pub fn with_pool(settings: Settings, pool: db::Pool) -> anyhow::Result<Self> {
        audit::chain::install_key(secrecy::ExposeSecret::expose_secret(&settings.data_key));
        let listener = TcpListener::bind((settings.server.host, settings.server.port))?;
        let port = listener.local_addr()?.port();
        let webhooks = events::worker::Worker::new(
            pool.clone(),
            crypto::DataCipher::new(secrecy::ExposeSecret::expose_secret(&settings.data_key)),
            settings.webhooks.clone(),
        )?;
        let state = web::Data::new(AppState::new(&settings, pool)?);
        let shared = state.clone();
        let document = openapi::document();
        let routes = web::Data::new(RouteTable::from_openapi(&document));
        let scopes = web::Data::new(auth::scopes::ScopeTable::from_openapi(&document));
        let cors_origins = settings.server.cors_origins.clone();
        let spec = web::Data::new(openapi::PublishedSpec::of(&document));
        let docs = settings.server.docs;
        let mut server = HttpServer::new(move || {
            // The spec and the docs come first: the `/api/v1` scope would otherwise claim them.
            let (app, _) = App::new()
                .app_data(spec.clone())
                .route(openapi::SPEC_PATH, web::get().to(openapi::serve_spec))
                .configure(|cfg| {
                    if docs {
                        let ui = utoipa_swagger_ui::Config::new([openapi::SPEC_PATH]);
                        cfg.service(SwaggerUi::new("/docs/{_:.*}").config(ui))
                            .service(web::redirect("/docs", "/docs/"));
                    }
                })
                .into_utoipa_app()
                .openapi(<openapi::ApiDoc as utoipa::OpenApi>::openapi())
                .configure(routes::all)
                .split_for_parts();
            app.app_data(state.clone())
                .app_data(routes.clone())
                .app_data(scopes.clone())
                .app_data(web::PathConfig::default().error_handler(|_, req| fallback::bad_path_id(req).into()))
                .default_service(web::to(fallback::not_matched))
                // Listed innermost first. The override runs after idempotency, so a retried
                // mini-program edit (POST + override) is replayed like any other POST.
                .wrap(from_fn(http::method_override::method_override))
                .wrap(from_fn(idempotency::idempotency))
                .wrap(from_fn(http::conditional::conditional_get))
                .wrap(from_fn(auth::caller::rate_limit))
                .wrap(from_fn(error::localize::localize))
                // Every answer may carry personal data or tokens: never cache it.
                .wrap(DefaultHeaders::new().add((header::CACHE_CONTROL, "no-store")))
                .wrap(Compress::default())
                .wrap(http::cors::cors(&cors_origins))
                .wrap(from_fn(http::context::request_span))
        })
        .shutdown_timeout(settings.server.shutdown_timeout_secs)
        .listen(listener)?;
        let workers =
            settings.server.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        // Database work runs on the lanes of `db::Database`, not on actix's blocking pool.
        server = server.workers(workers);
        tracing::info!(address = %settings.server.host, port, "listening");
        Ok(Self { server: server.run(), port, state: shared, webhooks, jobs: settings.jobs.clone() })
    }

    /// A handle that stops the server (benchmarks and tools that run it in-process).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// The port the server listens on (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight (and the webhook
    /// deliveries being sent, and a scheduled job under way) and closes the database
    /// connections. Meanwhile the audit sealer chains recorded events as writes commit, the
    /// webhook worker delivers the change feed, the scheduler runs the jobs due (the nightly
    /// regrade, the daily signed checkpoint, webhook retention, report expiry, the reminder scans), and idle callers'
    /// rate-limit buckets are forgotten every minute.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop_sealer, sealer_stop) = tokio::sync::watch::channel(false);
        let sealer = tokio::spawn(audit::seal::keep_sealed(self.state.db.pool.clone(), sealer_stop));
        let (stop_webhooks, webhooks_stop) = tokio::sync::watch::channel(false);
        let webhooks = tokio::spawn(self.webhooks.run(webhooks_stop));
        let (stop_jobs, jobs_stop) = tokio::sync::watch::channel(false);
        let (stop_notifier, notifier_stop) = tokio::sync::watch::channel(false);
        let notifier = tokio::spawn(notifications::service::keep_notifying(
            self.state.db.pool.clone(),
            self.jobs.notify_interval,
            notifier_stop,
        ));
        let rules = reminders::Rules { neglect_days: self.state.overdue_days, morning_hour: self.jobs.reminder_hour };
        let jobs = tokio::spawn(jobs::runner::keep_running(self.state.db.pool.clone(), self.jobs, rules, jobs_stop));
        let state = self.state.clone();
        let buckets = tokio::spawn(async move {
            let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every_minute.tick().await;
                if let Some(limiter) = &state.rate_limit {
                    limiter.forget_idle();
                }
                if let Some(limiter) = &state.public_rate_limit {
                    limiter.forget_idle();
                }
            }
        });
        let result = self.server.await;
        buckets.abort();
        let _ = stop_sealer.send(true);
        let _ = stop_webhooks.send(true);
        let _ = stop_jobs.send(true);
        let _ = stop_notifier.send(true);
        let _ = (buckets.await, sealer.await, webhooks.await, jobs.await, notifier.await);
        // What the last requests left waiting is sealed now rather than at the next start.
        if let Err(e) = audit::seal::seal_with(&self.state.db.pool).await {
            tracing::warn!(error = %format!("{e:#}"), "sealing audit events at shutdown failed");
        }
        close_database(self.state).await;
        result
    }
}

/// Waits (at most five seconds) for the stopped workers to let go of the state, then drops
/// the last reference here, so the pool closes its connections before the process exits.
/// A worker thread still closing a PostgreSQL connection while the process runs libpq's and
/// OpenSSL's exit handlers crashes the process (SIGSEGV) at the end of a clean shutdown.
async fn close_database(state: web::Data<AppState>) {
    let state = state.into_inner();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while std::sync::Arc::strong_count(&state) > 1 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    drop(state);
}
