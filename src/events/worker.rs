//! The webhook worker: runs inside the server, one per replica. Every poll it fans new
//! events out into deliveries, claims the deliveries that are due (a lease in the database,
//! so replicas never send one delivery at once), sends them signed, at most
//! [`CONCURRENCY`] at a time, and records each attempt. At shutdown the sends in flight
//! finish (each within the delivery timeout) before the worker stops.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use reqwest::header::{CONTENT_TYPE, USER_AGENT};

use crate::config::WebhookSettings;
use crate::crypto::DataCipher;
use crate::db::Pool;
use crate::events::destination::{self, GuardedResolver};
use crate::events::service::dispatch::{self, Outgoing, Sent};
use crate::events::signature;

/// Deliveries claimed and sent at once per poll.
pub const CONCURRENCY: i64 = 16;

/// The configured worker.
#[derive(Clone)]
pub struct Worker {
    pool: Pool,
    cipher: Arc<DataCipher>,
    settings: WebhookSettings,
    http: reqwest::Client,
}

impl Worker {
    /// A worker over `pool`, decrypting secrets with `cipher`.
    pub fn new(pool: Pool, cipher: DataCipher, settings: WebhookSettings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(GuardedResolver { allow_private: settings.allow_private }))
            .build()?;
        Ok(Self { pool, cipher: Arc::new(cipher), settings, http })
    }

    /// Polls until `stop` changes; a poll under way is finished first. With delivery
    /// turned off (`ANCHANG_WEBHOOKS_DELIVER=false`) it only waits for `stop`.
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        if !self.settings.deliver {
            tracing::info!("webhook delivery is off (ANCHANG_WEBHOOKS_DELIVER=false)");
            let _ = stop.changed().await;
            return;
        }
        loop {
            tokio::select! {
                _ = stop.changed() => return,
                _ = tokio::time::sleep(self.settings.poll_interval) => {}
            }
            if let Err(e) = self.poll().await {
                tracing::warn!(error = %format!("{e:#}"), "webhook worker: a poll failed; retrying");
            }
        }
    }

    /// One round: fan out, claim, send, record. Answers how many deliveries were sent.
    pub async fn poll(&self) -> anyhow::Result<usize> {
        let (pool, cipher) = (self.pool.clone(), self.cipher.clone());
        // A lease outlasts the send it covers, so no other worker takes a delivery mid-send.
        let lease = chrono::Duration::from_std(self.settings.timeout + Duration::from_secs(60))?;
        let outgoing = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<Outgoing>> {
            let mut pooled = crate::db::checkout(&pool)?;
            dispatch::dispatch(&mut pooled.conn)?;
            Ok(dispatch::claim(&mut pooled.conn, &cipher, lease, CONCURRENCY)?)
        })
        .await??;
        if outgoing.is_empty() {
            return Ok(0);
        }
        let sent = join_all(outgoing.iter().map(|out| self.send(out))).await;
        let (pool, delays) = (self.pool.clone(), self.settings.retry_delays.clone());
        let count = outgoing.len();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut pooled = crate::db::checkout(&pool)?;
            for (out, sent) in outgoing.iter().zip(sent) {
                dispatch::record(&mut pooled.conn, out, sent, &delays)?;
            }
            Ok(())
        })
        .await??;
        Ok(count)
    }

    /// Sends one delivery as Standard Webhooks describes: the event as the body, its id,
    /// the time and the signatures in headers. The URL is never logged (it may carry a token).
    async fn send(&self, out: &Outgoing) -> Sent {
        let started = Instant::now();
        let elapsed = |started: Instant| i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        // Names pass the guarded resolver; an address written in the URL does not, so it is
        // checked here (an endpoint saved before private destinations were refused).
        let literal_inside = reqwest::Url::parse(&out.url).is_ok_and(|url| destination::names_internal_address(&url));
        if literal_inside && !self.settings.allow_private {
            return Sent { status_code: None, error: Some("refused: an internal address".into()), latency_ms: 0 };
        }
        let timestamp = chrono::Utc::now().timestamp();
        let request = self
            .http
            .post(&out.url)
            .header("webhook-id", &out.event_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature::header(&out.secrets, &out.event_id, timestamp, &out.body))
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, concat!("anchang-webhooks/", env!("CARGO_PKG_VERSION")))
            .body(out.body.clone());
        match request.send().await {
            Ok(response) => {
                Sent { status_code: Some(response.status().as_u16()), error: None, latency_ms: elapsed(started) }
            }
            Err(e) => {
                let error = if e.is_timeout() {
                    "timed out".to_owned()
                } else if e.is_connect() {
                    "could not connect".to_owned()
                } else {
                    e.without_url().to_string()
                };
                Sent { status_code: None, error: Some(error), latency_ms: elapsed(started) }
            }
        }
    }
}
