//! The change feed's query and its events: the same JSON a webhook delivers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::audit::{EntityType, EventType};
use crate::auth::Role;

/// Which events to read.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// Only events after this one (its `id`): where a poller stopped last time. Without it
    /// (and without `cursor`), the feed starts at the oldest event kept.
    pub after: Option<Uuid>,
    /// Only events of this type.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub event_type: Option<EventType>,
    /// Only this project's events.
    pub project_id: Option<Uuid>,
}

/// What an event is about.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EventResource {
    /// The kind of resource, e.g. `lead`, `deal`, `follow_up`.
    #[serde(rename = "type")]
    pub resource_type: EntityType,
    /// Its id: read it at its own endpoint for the whole resource (`GET /leads/{id}`, …).
    pub id: Option<Uuid>,
}

/// Who made the change.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EventActor {
    /// The user; null for the system itself (the nightly regrade, a command).
    pub id: Option<Uuid>,
    /// Their role at the time.
    pub role: Option<Role>,
}

/// A change worth telling: one item of `GET /events`, and the body of a webhook delivery.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a4e-8c2f-7c1a-9d1e-3f5b2a6c7d80", "type": "lead.owner_changed",
    "occurred_at": "2026-12-06T02:15:00Z", "project_id": "01938a4e-0000-7000-8000-000000000001",
    "resource": {"type": "lead", "id": "01938a4e-1111-7000-8000-000000000002"},
    "actor": {"id": "01938a4e-2222-7000-8000-000000000003", "role": "manager"},
    "changes": {"owner_id": {"old": "01938a4e-3333-7000-8000-000000000004", "new": "01938a4e-4444-7000-8000-000000000005"}, "reason": "休假"}
}))]
pub struct EventView {
    /// The event's id: the `webhook-id` of every delivery of it, retries and redeliveries
    /// included, so a receiver can drop what it has already handled.
    pub id: Uuid,
    /// What happened.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// When the change committed its transaction's time (UTC).
    pub occurred_at: DateTime<Utc>,
    /// The project the resource belongs to.
    pub project_id: Option<Uuid>,
    /// What changed.
    pub resource: EventResource,
    /// Who changed it.
    pub actor: EventActor,
    /// The fields that changed, each `{"old": …, "new": …}` (`new` alone on creation), and
    /// notes such as a reason. Personal data is as an integration sees it in a list: phones
    /// masked (`138****8000`), ID numbers never (`[redacted]`).
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
}
