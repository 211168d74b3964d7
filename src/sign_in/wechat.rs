//! WeChat's code-to-session exchange (`jscode2session`): a mini-program's one-off login code
//! becomes the user's `openid` (and `unionid`) for this app. The app secret travels in the
//! query string, so neither the URL nor an error that quotes it is ever logged, and the
//! `session_key` WeChat returns is dropped on arrival: anchang decrypts nothing with it.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::config::WeChatSettings;

/// Who WeChat says the code belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeChatIdentity {
    /// The mini-program's app id the openid belongs to.
    pub app_id: String,
    /// The user's id within this app.
    pub openid: String,
    /// The user's id across the developer's apps, when WeChat gives one.
    pub unionid: Option<String>,
}

/// Why no identity came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeRefusal {
    /// The code is wrong, expired or used (`errcode` 40029, 40163).
    InvalidCode,
    /// WeChat throttles this app (`errcode` 45011).
    RateLimited,
    /// WeChat is busy (`-1`), slow past the timeout, down, or refuses our credentials.
    Unavailable,
}

/// The configured exchange.
pub struct WeChat {
    http: reqwest::Client,
    endpoint: String,
    app_id: String,
    secret: SecretString,
}

/// jscode2session's answer: the identity or an `errcode`.
#[derive(Deserialize)]
struct SessionAnswer {
    openid: Option<String>,
    unionid: Option<String>,
    #[serde(default)]
    errcode: i64,
}

impl WeChat {
    /// The exchange the settings describe; `None` without an app id and secret.
    pub fn new(settings: &WeChatSettings) -> anyhow::Result<Option<Self>> {
        let Some((app_id, secret)) = &settings.credentials else { return Ok(None) };
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(3)))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Some(Self {
            http,
            endpoint: format!("{}/sns/jscode2session", settings.api_base),
            app_id: app_id.clone(),
            secret: secret.clone(),
        }))
    }

    /// Exchanges `code` for the identity it belongs to.
    pub async fn exchange(&self, code: &str) -> Result<WeChatIdentity, ExchangeRefusal> {
        let query = [
            ("appid", self.app_id.as_str()),
            ("secret", self.secret.expose_secret()),
            ("js_code", code),
            ("grant_type", "authorization_code"),
        ];
        let answer = match self.http.get(&self.endpoint).query(&query).send().await {
            Ok(response) if response.status().is_success() => response.json::<SessionAnswer>().await,
            Ok(response) => {
                tracing::warn!(status = response.status().as_u16(), "jscode2session answered with an HTTP error");
                return Err(ExchangeRefusal::Unavailable);
            }
            Err(e) => Err(e),
        };
        let answer = answer.map_err(|e| {
            // `without_url`: the URL carries the app secret.
            let timeout = e.is_timeout();
            tracing::warn!(error = %e.without_url(), timeout, "jscode2session did not answer");
            ExchangeRefusal::Unavailable
        })?;
        match (answer.errcode, answer.openid) {
            (0, Some(openid)) if !openid.is_empty() => {
                Ok(WeChatIdentity { app_id: self.app_id.clone(), openid, unionid: answer.unionid })
            }
            (40029 | 40163, _) => Err(ExchangeRefusal::InvalidCode),
            (45011, _) => Err(ExchangeRefusal::RateLimited),
            (errcode, _) => {
                // 40013/40125 (our app id or secret) and anything unknown: ours to fix, not the phone's.
                tracing::warn!(errcode, "jscode2session refused the exchange");
                Err(ExchangeRefusal::Unavailable)
            }
        }
    }
}
