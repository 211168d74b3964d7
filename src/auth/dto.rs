//! What a new session hands back.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new pair of tokens.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJhbGciOiJIUzI1NiJ9…", "refresh_token": "q1Yw…", "token_type": "Bearer", "expires_in": 900}))]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Exchange at `/auth/refresh` for a new pair; it works once.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}
