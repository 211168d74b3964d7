//! Typed settings, read once at start-up from environment variables.
//!
//! Every field is listed with its default in the README's configuration table. Secrets
//! are `SecretString`/`SecretBox` so they never print; when they are unset outside
//! production they are generated once into the data directory (mode 0600).

use base64::Engine;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::db::DatabaseUrl;
pub use database::DatabaseSettings;

/// Where the service runs; production refuses to invent secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Secrets are generated into the data directory when unset.
    Development,
    /// `ANCHANG_JWT_SECRET` and `ANCHANG_DATA_KEY` must be set: replicas must share them.
    Production,
}

/// Everything the service is configured with.
#[derive(Debug)]
pub struct Settings {
    /// `ANCHANG_ENV`: `development` (default) or `production`.
    pub environment: Environment,
    /// `ANCHANG_DATA_DIR` (default `./data`): the SQLite file and generated secrets live here.
    pub data_dir: PathBuf,
    /// HTTP listener and request limits.
    pub server: ServerSettings,
    /// Database URL and pool.
    pub database: DatabaseSettings,
    /// Tokens and login protection.
    pub auth: AuthSettings,
    /// `ANCHANG_DATA_KEY`: 32 bytes (base64 or hex) for AES-256-GCM encryption of
    /// personal data at rest (ID-card numbers) and its keyed lookup hashes.
    pub data_key: SecretBox<[u8; 32]>,
    /// `ANCHANG_ADMIN_PASSWORD`: the first admin's password, used only when the database has
    /// no user at all; unset → a generated one is printed once in the log.
    pub admin_password: Option<SecretString>,
    /// Lead rules.
    pub leads: LeadSettings,
    /// The audit trail.
    pub audit: AuditSettings,
    /// Logging.
    pub log: LogSettings,
    /// WeChat mini-program sign-in.
    pub wechat: WeChatSettings,
    /// Webhook delivery.
    pub webhooks: WebhookSettings,
    /// Scheduled jobs.
    pub jobs: JobSettings,
}

/// The audit trail.
#[derive(Debug, Clone)]
pub struct AuditSettings {
    /// `ANCHANG_AUDIT_RETENTION_DAYS` (default 180, at least 30): `anchang audit purge` removes
    /// only events older than this; nothing removes events earlier. The change feed
    /// (`GET /events`) is the trail's telling part and promises integrators 30 days.
    pub retention_days: i64,
}

/// Lead rules.
#[derive(Debug, Clone)]
pub struct LeadSettings {
    /// `ANCHANG_PROTECTION_DAYS` (default 30): days without a contact after which a lead
    /// leaves its owner for the public pool (公海).
    pub protection_days: i64,
    /// `ANCHANG_OVERDUE_DAYS` (default 30): days without a contact after which the
    /// managers' overdue alert names a lead.
    pub overdue_days: i64,
}

/// The HTTP side.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// `ANCHANG_HOST` (default `127.0.0.1`).
    pub host: IpAddr,
    /// `ANCHANG_PORT` (default `8080`; `0` picks a free port).
    pub port: u16,
    /// `ANCHANG_JSON_LIMIT_BYTES` (default 262144 = 256 KiB): larger bodies get 413.
    pub json_limit_bytes: usize,
    /// `ANCHANG_WORKERS` (default: one per core).
    pub workers: Option<usize>,
    /// `ANCHANG_SHUTDOWN_TIMEOUT_SECS` (default 30): how long SIGTERM waits for requests in flight.
    pub shutdown_timeout_secs: u64,
    /// `ANCHANG_TRUST_PROXY` (default `false`): take the client address from
    /// `Forwarded` / `X-Forwarded-For`. Turn on only behind a proxy that sets them; otherwise
    /// any client could write a false address into the audit trail.
    pub trust_proxy: bool,
    /// `ANCHANG_SERVER_TIMING` (default `false`): a `Server-Timing` header on every
    /// response with the number of database statements it cost, for profiling a client.
    pub server_timing: bool,
    /// `ANCHANG_DOCS` (default on in development, off in production): serve the Swagger UI
    /// at `/docs`. The spec itself is always at `/api/v1/openapi.json`.
    pub docs: bool,
    /// `ANCHANG_CORS_ORIGINS` (default none): comma-separated origins (`https://h5.example.com`)
    /// whose browser pages may call the API.
    pub cors_origins: Vec<String>,
    /// `ANCHANG_RATE_LIMIT_PER_SEC` (default 100; 0 turns the limit off): requests per second
    /// each caller (a user, or a client address before sign-in) may make, sustained.
    pub rate_limit_per_sec: u32,
    /// `ANCHANG_RATE_LIMIT_BURST` (default 200): how many requests a caller may make at once.
    pub rate_limit_burst: u32,
    /// `ANCHANG_PUBLIC_BASE_URL` (default `http://<host>:<port>`): where the buyers' links
    /// (survey links) point; the address the outside world reaches this API at.
    pub public_base_url: String,
    /// `ANCHANG_PUBLIC_RATE_LIMIT_PER_SEC` (default 1; 0 turns it off): the endpoints without an
    /// account (`/public/…`), per client address, on top of the general limit.
    pub public_rate_limit_per_sec: u32,
    /// `ANCHANG_PUBLIC_RATE_LIMIT_BURST` (default 10).
    pub public_rate_limit_burst: u32,
    /// `ANCHANG_SURVEY_LINK_DAYS` (default 14, 1–90): how long a survey link stays open.
    pub survey_link_days: i64,
}

/// Tokens and login protection.
#[derive(Debug)]
pub struct AuthSettings {
    /// `ANCHANG_JWT_SECRET`: HMAC key for access tokens, at least 32 bytes.
    pub jwt_secret: SecretString,
    /// `ANCHANG_JWT_ISSUER` (default `anchang`).
    pub issuer: String,
    /// `ANCHANG_JWT_AUDIENCE` (default `anchang-api`).
    pub audience: String,
    /// `ANCHANG_ACCESS_TOKEN_TTL_SECS` (default 900 = 15 minutes).
    pub access_token_ttl_secs: i64,
    /// `ANCHANG_REFRESH_TOKEN_TTL_DAYS` (default 30).
    pub refresh_token_ttl_days: i64,
    /// `ANCHANG_LOGIN_MAX_FAILURES` (default 5): failures per username from one client
    /// address before 429.
    pub login_max_failures: i64,
    /// `ANCHANG_LOGIN_MAX_FAILURES_PER_ADDRESS` (default 20): failures from one client
    /// address, whatever the usernames, before 429.
    pub login_max_failures_per_address: i64,
    /// `ANCHANG_LOGIN_WINDOW_SECS` (default 900): the window those failures are counted in.
    pub login_window_secs: i64,
}

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {message}")]
pub struct ConfigError {
    name: &'static str,
    message: String,
}

fn config_error(name: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { name, message: message.into() }
}

/// Reads one variable through `lookup`, parsing it or falling back to `default`.
/// Refuses a number of days below `min`.
fn at_least(min: i64, name: &'static str, value: i64) -> Result<i64, ConfigError> {
    if value < min {
        Err(config_error(name, format!("must be at least {min} (it is {value})")))
    } else {
        Ok(value)
    }
}

fn parse_or<T: std::str::FromStr>(
    lookup: &dyn Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match lookup(name).filter(|v| !v.trim().is_empty()) {
        None => Ok(default),
        Some(raw) => raw.trim().parse().map_err(|e| config_error(name, format!("cannot read {raw:?}: {e}"))),
    }
}

impl Settings {
    /// Reads the process environment, generating development secrets where needed.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let environment = match lookup("ANCHANG_ENV").as_deref().map(str::trim) {
            None | Some("") | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => {
                return Err(config_error("ANCHANG_ENV", format!("{other:?} is neither development nor production")))
            }
        };
        let data_dir = PathBuf::from(parse_or(lookup, "ANCHANG_DATA_DIR", "./data".to_owned())?);
        let url = match lookup("DATABASE_URL").filter(|v| !v.trim().is_empty()) {
            Some(raw) => DatabaseUrl::parse(&raw).map_err(|e| config_error("DATABASE_URL", e))?,
            None => DatabaseUrl::sqlite_file(&data_dir.join("anchang.db")),
        };
        let workers: usize = parse_or(lookup, "ANCHANG_WORKERS", 0)?;
        let server = ServerSettings {
            host: parse_or(lookup, "ANCHANG_HOST", IpAddr::from([127, 0, 0, 1]))?,
            port: parse_or(lookup, "ANCHANG_PORT", 8080)?,
            json_limit_bytes: parse_or(lookup, "ANCHANG_JSON_LIMIT_BYTES", 256 * 1024)?,
            workers: (workers > 0).then_some(workers),
            shutdown_timeout_secs: parse_or(lookup, "ANCHANG_SHUTDOWN_TIMEOUT_SECS", 30)?,
            trust_proxy: parse_or(lookup, "ANCHANG_TRUST_PROXY", false)?,
            server_timing: parse_or(lookup, "ANCHANG_SERVER_TIMING", false)?,
            rate_limit_per_sec: parse_or(lookup, "ANCHANG_RATE_LIMIT_PER_SEC", 100)?,
            rate_limit_burst: parse_or(lookup, "ANCHANG_RATE_LIMIT_BURST", 200)?,
            public_base_url: String::new(),
            public_rate_limit_per_sec: parse_or(lookup, "ANCHANG_PUBLIC_RATE_LIMIT_PER_SEC", 1)?,
            public_rate_limit_burst: parse_or(lookup, "ANCHANG_PUBLIC_RATE_LIMIT_BURST", 10)?,
            survey_link_days: parse_or(lookup, "ANCHANG_SURVEY_LINK_DAYS", 14)?,
            docs: parse_or(lookup, "ANCHANG_DOCS", environment == Environment::Development)?,
            cors_origins: lookup("ANCHANG_CORS_ORIGINS")
                .map(|list| list.split(',').map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned).collect())
                .unwrap_or_default(),
        };
        let mut server = server;
        server.public_base_url =
            parse_or(lookup, "ANCHANG_PUBLIC_BASE_URL", format!("http://{}:{}", server.host, server.port))?
                .trim_end_matches('/')
                .to_owned();
        if !(1..=90).contains(&server.survey_link_days) {
            return Err(config_error("ANCHANG_SURVEY_LINK_DAYS", "must be 1 to 90"));
        }
        let database = DatabaseSettings::read(lookup, url)?;
        let jwt_secret = secret_or_generated(lookup, environment, &data_dir, "ANCHANG_JWT_SECRET", "jwt.key")?;
        if jwt_secret.expose_secret().len() < 32 {
            return Err(config_error("ANCHANG_JWT_SECRET", "must be at least 32 bytes"));
        }
        let auth = AuthSettings {
            jwt_secret,
            issuer: parse_or(lookup, "ANCHANG_JWT_ISSUER", "anchang".to_owned())?,
            audience: parse_or(lookup, "ANCHANG_JWT_AUDIENCE", "anchang-api".to_owned())?,
            access_token_ttl_secs: parse_or(lookup, "ANCHANG_ACCESS_TOKEN_TTL_SECS", 900)?,
            refresh_token_ttl_days: parse_or(lookup, "ANCHANG_REFRESH_TOKEN_TTL_DAYS", 30)?,
            login_max_failures: parse_or(lookup, "ANCHANG_LOGIN_MAX_FAILURES", 5)?,
            login_max_failures_per_address: parse_or(lookup, "ANCHANG_LOGIN_MAX_FAILURES_PER_ADDRESS", 20)?,
            login_window_secs: parse_or(lookup, "ANCHANG_LOGIN_WINDOW_SECS", 900)?,
        };
        let data_key_text = secret_or_generated(lookup, environment, &data_dir, "ANCHANG_DATA_KEY", "data.key")?;
        let data_key = decode_key(data_key_text.expose_secret())
            .ok_or_else(|| config_error("ANCHANG_DATA_KEY", "must be 32 bytes, as base64 or hex"))?;
        Ok(Self {
            environment,
            data_dir,
            server,
            database,
            auth,
            data_key: SecretBox::new(Box::new(data_key)),
            admin_password: lookup("ANCHANG_ADMIN_PASSWORD").filter(|p| !p.is_empty()).map(SecretString::from),
            leads: LeadSettings {
                protection_days: at_least(
                    1,
                    "ANCHANG_PROTECTION_DAYS",
                    parse_or(lookup, "ANCHANG_PROTECTION_DAYS", 30)?,
                )?,
                overdue_days: at_least(1, "ANCHANG_OVERDUE_DAYS", parse_or(lookup, "ANCHANG_OVERDUE_DAYS", 30)?)?,
            },
            audit: AuditSettings {
                retention_days: at_least(
                    30,
                    "ANCHANG_AUDIT_RETENTION_DAYS",
                    parse_or(lookup, "ANCHANG_AUDIT_RETENTION_DAYS", 180)?,
                )?,
            },
            log: LogSettings::from_lookup(lookup)?,
            wechat: WeChatSettings::from_lookup(lookup)?,
            webhooks: WebhookSettings::from_lookup(lookup)?,
            jobs: JobSettings::from_lookup(lookup)?,
        })
    }
}

/// Decodes a 32-byte key written as base64 (standard or URL-safe) or 64 hex digits.
fn decode_key(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    let bytes = hex::decode(text)
        .ok()
        .or_else(|| base64::engine::general_purpose::STANDARD.decode(text).ok())
        .or_else(|| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).ok())?;
    bytes.try_into().ok()
}

/// The secret from the environment; else, in development, the one in `data_dir/file`,
/// generated on first use. Production must be given its secrets.
fn secret_or_generated(
    lookup: &dyn Fn(&str) -> Option<String>,
    environment: Environment,
    data_dir: &Path,
    name: &'static str,
    file: &str,
) -> Result<SecretString, ConfigError> {
    if let Some(value) = lookup(name).filter(|v| !v.trim().is_empty()) {
        return Ok(SecretString::from(value.trim().to_owned()));
    }
    if environment == Environment::Production {
        return Err(config_error(name, "must be set when ANCHANG_ENV=production (replicas must share it)"));
    }
    let path = data_dir.join(file);
    match std::fs::read_to_string(&path) {
        Ok(existing) => Ok(SecretString::from(existing.trim().to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let generated = generate_key();
            write_private_file(&path, &generated)
                .map_err(|e| config_error(name, format!("cannot write {}: {e}", path.display())))?;
            tracing::warn!(setting = name, file = %path.display(), "secret not set; generated one for development");
            Ok(SecretString::from(generated))
        }
        Err(e) => Err(config_error(name, format!("cannot read {}: {e}", path.display()))),
    }
}

/// 32 random bytes as base64.
fn generate_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Creates a directory (and its parents) that only its owner may enter (mode 0700).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Writes `contents` to a new file readable by its owner only.
fn write_private_file(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.write_all(b"\n")
}

mod database;
mod jobs;
mod log;
#[cfg(test)]
mod tests;
mod webhooks;
mod wechat;

pub use self::log::{LogFormat, LogSettings};
pub use jobs::JobSettings;
pub use webhooks::WebhookSettings;
pub use wechat::{WeChatSettings, WECHAT_API_BASE};
