//! Webhook delivery: where deliveries may go, how long one may take, when to retry.

use std::time::Duration;

use super::{config_error, parse_or, ConfigError};

/// The retry delays after each failed attempt: about three days in all (5 s, 1 min, 5 min,
/// 30 min, 2 h, 6 h, 12 h, 24 h, 24 h), so a receiver down for a weekend still gets its
/// events.
pub const RETRY_SECS: &str = "5,60,300,1800,7200,21600,43200,86400,86400";

/// How deliveries are made.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// `ANCHANG_WEBHOOKS_ALLOW_PRIVATE` (default `false`): let endpoints point at loopback,
    /// private and link-local addresses. Off, such a URL is refused, and so is a host name
    /// that resolves to one when a delivery is sent (no reaching the internal network
    /// through a webhook).
    pub allow_private: bool,
    /// `ANCHANG_WEBHOOK_TIMEOUT_MS` (default 10000): one attempt, connect included.
    pub timeout: Duration,
    /// `ANCHANG_WEBHOOK_RETRY_SECS` (default [`RETRY_SECS`]): the wait after each failed
    /// attempt, comma-separated; a delivery fails for good when they are used up.
    pub retry_delays: Vec<Duration>,
    /// `ANCHANG_WEBHOOK_POLL_MS` (default 1000): how often the worker looks for new events
    /// and deliveries due.
    pub poll_interval: Duration,
    /// `ANCHANG_WEBHOOKS_DELIVER` (default `true`): `false` sends nothing and fans nothing
    /// out — for a staging copy of production data, which must not call the customers'
    /// systems, and for conformance runs against a server with no network.
    pub deliver: bool,
}

impl WebhookSettings {
    /// Reads the webhook settings through `lookup`.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let timeout_ms: u64 = parse_or(lookup, "ANCHANG_WEBHOOK_TIMEOUT_MS", 10_000)?;
        let poll_ms: u64 = parse_or(lookup, "ANCHANG_WEBHOOK_POLL_MS", 1_000)?;
        if timeout_ms == 0 || poll_ms == 0 {
            let name = if timeout_ms == 0 { "ANCHANG_WEBHOOK_TIMEOUT_MS" } else { "ANCHANG_WEBHOOK_POLL_MS" };
            return Err(config_error(name, "must be at least 1"));
        }
        let retries = lookup("ANCHANG_WEBHOOK_RETRY_SECS").unwrap_or_else(|| RETRY_SECS.to_owned());
        let retry_delays = retries
            .split(',')
            .map(|secs| secs.trim().parse::<u64>().map(Duration::from_secs))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| config_error("ANCHANG_WEBHOOK_RETRY_SECS", "must be whole seconds, comma-separated"))?;
        Ok(Self {
            allow_private: parse_or(lookup, "ANCHANG_WEBHOOKS_ALLOW_PRIVATE", false)?,
            timeout: Duration::from_millis(timeout_ms),
            retry_delays,
            poll_interval: Duration::from_millis(poll_ms),
            deliver: parse_or(lookup, "ANCHANG_WEBHOOKS_DELIVER", true)?,
        })
    }
}
