//! What every handler can reach: the pool and the things built once from the settings.

use crate::auth::caller::Caller;
use crate::auth::token::TokenKeys;
use crate::config::Settings;
use crate::crypto::DataCipher;
use crate::db::{Database, Pool};
use crate::http::rate_limit::Limiter;
use crate::sign_in::wechat::WeChat;

/// Login throttling (`sign_in::throttle`): how many failures, within what window.
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    /// Failures for one username from one address allowed within the window; the next
    /// attempt of that pair gets 429.
    pub max_failures: i64,
    /// Failures from one address, whatever the usernames, allowed within the window.
    pub max_failures_per_address: i64,
    /// The window, in seconds.
    pub window_secs: i64,
}

/// Shared by all workers through `web::Data`.
pub struct AppState {
    /// The pool and the lanes requests' database work runs on.
    pub db: Database,
    /// Signs and checks access tokens.
    pub tokens: TokenKeys,
    /// Login throttling.
    pub login: LoginPolicy,
    /// Largest JSON body accepted, in bytes.
    pub json_limit: usize,
    /// Encrypts personal data at rest.
    pub cipher: DataCipher,
    /// How long a lead stays with its owner without a contact.
    pub protection: chrono::Duration,
    /// Days without a contact after which the overdue alert names a lead.
    pub overdue_days: i64,
    /// Whether client addresses come from proxy headers.
    pub trust_proxy: bool,
    /// Whether responses say how many statements they cost (`Server-Timing`).
    pub server_timing: bool,
    /// The per-caller rate limit; `None` when turned off.
    pub rate_limit: Option<Limiter<Caller>>,
    /// The stricter limit of the endpoints without an account, per client address.
    pub public_rate_limit: Option<Limiter<String>>,
    /// Where survey links point and how long they stay open.
    pub survey_links: crate::aftersales::service::LinkRules,
    /// WeChat's code-to-session exchange; `None` when no app id and secret are set.
    pub wechat: Option<WeChat>,
    /// Whether webhook endpoints may point at internal addresses.
    pub webhooks_allow_private: bool,
}

impl AppState {
    /// The protection period in whole days: the default of every project's rules.
    pub fn protection_days(&self) -> i32 {
        i32::try_from(self.protection.num_days()).unwrap_or(i32::MAX)
    }

    /// Builds the state from settings and a ready pool.
    pub fn new(settings: &Settings, pool: Pool) -> anyhow::Result<Self> {
        use secrecy::ExposeSecret;
        Ok(Self {
            db: Database::new(pool, settings.database.lanes())?,
            tokens: TokenKeys::new(&settings.auth),
            login: LoginPolicy {
                max_failures: settings.auth.login_max_failures,
                max_failures_per_address: settings.auth.login_max_failures_per_address,
                window_secs: settings.auth.login_window_secs,
            },
            json_limit: settings.server.json_limit_bytes,
            cipher: DataCipher::new(settings.data_key.expose_secret()),
            protection: chrono::Duration::days(settings.leads.protection_days),
            overdue_days: settings.leads.overdue_days,
            trust_proxy: settings.server.trust_proxy,
            server_timing: settings.server.server_timing,
            rate_limit: Limiter::new(settings.server.rate_limit_per_sec, settings.server.rate_limit_burst),
            public_rate_limit: Limiter::new(
                settings.server.public_rate_limit_per_sec,
                settings.server.public_rate_limit_burst,
            ),
            survey_links: crate::aftersales::service::LinkRules {
                base_url: settings.server.public_base_url.clone(),
                days: settings.server.survey_link_days,
            },
            wechat: WeChat::new(&settings.wechat)?,
            webhooks_allow_private: settings.webhooks.allow_private,
        })
    }
}
