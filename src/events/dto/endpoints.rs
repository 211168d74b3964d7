//! Webhook endpoints: what an admin registers, and what they read back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::audit::EventType;
use crate::events::EndpointStatus;

/// A new endpoint.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://erp.example.com/anchang/webhooks", "description": "ERP 成交同步",
    "event_types": ["deal.signed", "payment.received"], "project_ids": []}))]
pub struct CreateEndpointRequest {
    /// Where deliveries are POSTed: an `http://` or `https://` URL on the public internet
    /// (loopback, private and link-local addresses are refused unless the server allows
    /// them). Redirects are not followed.
    #[schema(min_length = 1, max_length = 2048)]
    pub url: String,
    /// What it is for.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub description: String,
    /// Only these event types; empty or absent: every type.
    #[serde(default)]
    #[schema(max_items = 32)]
    pub event_types: Vec<EventType>,
    /// Only these projects' events; empty or absent: every project.
    #[serde(default)]
    #[schema(max_items = 100)]
    pub project_ids: Vec<Uuid>,
}

/// Changes to an endpoint; absent fields stay.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 3, "status": "enabled"}))]
pub struct UpdateEndpointRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    /// Where deliveries are POSTed.
    #[schema(min_length = 1, max_length = 2048)]
    pub url: Option<String>,
    /// What it is for.
    #[schema(max_length = 200)]
    pub description: Option<String>,
    /// Only these event types; empty: every type.
    #[schema(max_items = 32)]
    pub event_types: Option<Vec<EventType>>,
    /// Only these projects' events; empty: every project.
    #[schema(max_items = 100)]
    pub project_ids: Option<Vec<Uuid>>,
    /// `disabled` stops deliveries; `enabled` resumes them, pending ones included.
    pub status: Option<EndpointStatus>,
}

/// A registered endpoint.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EndpointView {
    pub id: Uuid,
    /// Where deliveries are POSTed.
    pub url: String,
    /// What it is for.
    pub description: String,
    /// The event types it is sent; empty: every type.
    pub event_types: Vec<EventType>,
    /// The projects whose events it is sent; empty: every project.
    pub project_ids: Vec<Uuid>,
    /// Whether deliveries are sent.
    pub status: EndpointStatus,
    /// Why the server disabled it: `gone` (it answered 410) or `failing` (a delivery ran
    /// out of retries while every attempt failed); null otherwise.
    pub disabled_reason: Option<String>,
    /// Since when every attempt has failed; null while deliveries succeed.
    pub failing_since: Option<DateTime<Utc>>,
    /// Until when the secret before the last rotation still signs too.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    /// Increases with every change; send it back to change the endpoint.
    pub version: i32,
    /// The admin who registered it.
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new endpoint, with its signing secret: shown this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedEndpoint {
    /// The endpoint.
    #[serde(flatten)]
    pub endpoint: EndpointView,
    /// The signing secret (`whsec_…`): verify `webhook-signature` with it. Not shown again;
    /// rotate it to get a new one.
    pub secret: String,
}

/// A rotated secret.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RotatedSecret {
    /// The new signing secret (`whsec_…`), shown this once.
    pub secret: String,
    /// Until when the old secret signs too (24 hours): deliveries meanwhile carry both
    /// signatures, so the receiver can switch without missing one.
    pub previous_secret_expires_at: DateTime<Utc>,
    /// The endpoint's new version.
    pub version: i32,
}
