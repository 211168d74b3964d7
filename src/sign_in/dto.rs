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
