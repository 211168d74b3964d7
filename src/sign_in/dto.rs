//! Request bodies of sign-in.

use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

/// Credentials.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "admin", "password": "s3cret-passw0rd"}))]
pub struct LoginRequest {
    /// Login name (case-insensitive).
    #[schema(min_length = 1, max_length = 64)]
    pub username: String,
    /// Password.
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
}

/// A refresh token to exchange or revoke.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh.
    #[schema(min_length = 1, max_length = 256)]
    pub refresh_token: String,
}

/// A WeChat mini-program's login code (`wx.login`).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "0a3Xc1ll2H0xyz"}))]
pub struct WeChatLoginRequest {
    /// The code `wx.login()` gave the mini-program; usable once, for five minutes.
    #[schema(min_length = 1, max_length = 128)]
    pub code: String,
}

/// Binds the WeChat account a bind ticket stands for to a user, proved by their password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"bind_ticket": "Zr4…", "username": "wang.li", "password": "s3cret-passw0rd"}))]
pub struct WeChatBindRequest {
    /// The `bind_ticket` of the 401 `auth.wechat_unbound` answer; single-use, ten minutes.
    #[schema(min_length = 1, max_length = 256)]
    pub bind_ticket: String,
    /// Login name (case-insensitive).
    #[schema(min_length = 1, max_length = 64)]
    pub username: String,
    /// Password.
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
}
