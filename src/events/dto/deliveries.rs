//! Deliveries of events to endpoints, and their attempts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::audit::EventType;
use crate::events::{DeliveryOrigin, DeliveryStatus};

/// One try at sending.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AttemptView {
    pub attempted_at: DateTime<Utc>,
    /// The receiver's HTTP status; null when none came (refused, timed out).
    pub status_code: Option<i32>,
    /// Why it failed without a status, e.g. `timed out`.
    pub error: Option<String>,
    /// How long the receiver took, in milliseconds.
    pub latency_ms: i32,
    /// Whether it answered 2xx.
    pub succeeded: bool,
}

/// One event's delivery to one endpoint.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    pub id: Uuid,
    /// The endpoint.
    pub endpoint_id: Uuid,
    /// The event delivered (its `webhook-id`).
    pub event_id: Uuid,
    /// Its type; null once the event has left the trail's retention.
    pub event_type: Option<EventType>,
    /// Why it exists.
    pub origin: DeliveryOrigin,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// When the next attempt is due (pending deliveries).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When it succeeded or failed for good.
    pub finished_at: Option<DateTime<Utc>>,
    /// Every attempt so far, oldest first.
    pub attempts: Vec<AttemptView>,
}

/// Which endpoint to send an event to again.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"endpoint_id": "01938a4e-5555-7000-8000-000000000006"}))]
pub struct RedeliverRequest {
    /// This endpoint (enabled or not); absent: every enabled endpoint the event is for.
    pub endpoint_id: Option<Uuid>,
}

/// The deliveries queued by a redelivery.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Redelivery {
    /// One per endpoint, due now.
    pub deliveries: Vec<DeliveryView>,
}
