//! WeChat mini-program sign-in (`POST /auth/wechat`): where jscode2session is and the
//! mini-program's credentials. Without an app id and secret the route answers 503.

use std::time::Duration;

use secrecy::SecretString;

use super::{config_error, parse_or, ConfigError};

/// The real WeChat API host.
pub const WECHAT_API_BASE: &str = "https://api.weixin.qq.com";

/// The mini-program's credentials and the API they are presented to.
#[derive(Debug)]
pub struct WeChatSettings {
    /// `ANCHANG_WECHAT_API_BASE` (default `https://api.weixin.qq.com`): tests point it at a
    /// fake server.
    pub api_base: String,
    /// `ANCHANG_WECHAT_APPID` and `ANCHANG_WECHAT_SECRET`, both or neither.
    pub credentials: Option<(String, SecretString)>,
    /// `ANCHANG_WECHAT_TIMEOUT_MS` (default 5000): the whole exchange, connect included; a
    /// slower WeChat answers 503 rather than holding the phone.
    pub timeout: Duration,
}

impl WeChatSettings {
    /// Reads the WeChat settings through `lookup`.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let api_base = parse_or(lookup, "ANCHANG_WECHAT_API_BASE", WECHAT_API_BASE.to_owned())?;
        let api_base = api_base.trim_end_matches('/').to_owned();
        if !(api_base.starts_with("https://") || api_base.starts_with("http://")) {
            return Err(config_error("ANCHANG_WECHAT_API_BASE", "must be an http:// or https:// URL"));
        }
        let given = |name| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let credentials = match (given("ANCHANG_WECHAT_APPID"), given("ANCHANG_WECHAT_SECRET")) {
            (Some(app_id), Some(secret)) => Some((app_id, SecretString::from(secret))),
            (None, None) => None,
            (Some(_), None) => {
                return Err(config_error("ANCHANG_WECHAT_SECRET", "must be set with ANCHANG_WECHAT_APPID"))
            }
            (None, Some(_)) => {
                return Err(config_error("ANCHANG_WECHAT_APPID", "must be set with ANCHANG_WECHAT_SECRET"))
            }
        };
        let timeout_ms: u64 = parse_or(lookup, "ANCHANG_WECHAT_TIMEOUT_MS", 5000)?;
        if timeout_ms == 0 {
            return Err(config_error("ANCHANG_WECHAT_TIMEOUT_MS", "must be at least 1"));
        }
        Ok(Self { api_base, credentials, timeout: Duration::from_millis(timeout_ms) })
    }
}
