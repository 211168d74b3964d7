//! Request and response bodies of integration clients and the OAuth token endpoint.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::scopes::Scope;

/// A new integration client.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "明源ERP", "project_ids": ["01938a4e-0000-7000-8000-000000000001"],
    "scopes": ["leads:read", "deals:read", "events:read"]}))]
pub struct CreateClientRequest {
    /// What the client is, as the audit trail and lists show it.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// The projects it works in (like a manager of each).
    #[schema(min_items = 1, max_items = 100)]
    pub project_ids: Vec<Uuid>,
    /// What it may do; a token carries these or fewer.
    #[schema(min_items = 1, max_items = 14)]
    pub scopes: Vec<Scope>,
}

/// An integration client.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClientView {
    /// The `client_id` of `POST /oauth/token`.
    pub client_id: Uuid,
    pub name: String,
    /// The projects it works in.
    pub project_ids: Vec<Uuid>,
    /// What it may ask a token for.
    pub scopes: Vec<Scope>,
    /// Null while it works; when it was revoked otherwise.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The admin who made it.
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// When its secret was last replaced.
    pub secret_rotated_at: Option<DateTime<Utc>>,
}

/// A new client with its secret: shown this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedClient {
    /// The client.
    #[serde(flatten)]
    pub client: ClientView,
    /// The `client_secret` of `POST /oauth/token`. Not shown again; rotate it to get a new one.
    pub client_secret: String,
}

/// A new secret, shown this once; the old one stops working at once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RotatedClientSecret {
    /// The client.
    pub client_id: Uuid,
    /// Its new secret.
    pub client_secret: String,
}

/// `POST /oauth/token`, form-encoded (RFC 6749 §4.4.2). The client authenticates with HTTP
/// Basic (`client_id:client_secret`) or with both in the body — not both ways at once.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// `client_credentials`.
    #[schema(example = "client_credentials")]
    pub grant_type: String,
    /// Space-separated scopes wanted, at most the client's; absent: all of them.
    #[schema(example = "leads:read events:read")]
    pub scope: Option<String>,
    /// The client's id, when not sent with HTTP Basic.
    pub client_id: Option<String>,
    /// The client's secret, when not sent with HTTP Basic.
    pub client_secret: Option<String>,
}

/// An access token (RFC 6749 §5.1).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJ…", "token_type": "Bearer", "expires_in": 900,
    "scope": "leads:read events:read"}))]
pub struct OAuthToken {
    /// Send it as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// Seconds until it expires; ask for a new one then (there is no refresh token).
    pub expires_in: i64,
    /// The scopes granted, space-separated.
    pub scope: String,
}

/// A refusal of the token endpoint (RFC 6749 §5.2): the one place the API answers with
/// this JSON instead of problem+json, as OAuth clients expect.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"error": "invalid_client", "error_description": "Unknown client or wrong secret."}))]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `unsupported_grant_type` or `invalid_scope`.
    pub error: String,
    /// What went wrong, for the developer.
    pub error_description: String,
}
