//! Notification bodies.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::NotificationKind;
use crate::audit::EntityType;

/// Which notifications to list.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread ones.
    #[serde(default)]
    pub unread_only: bool,
}

/// One notification.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NotificationView {
    pub id: Uuid,
    /// Why you are told.
    pub kind: NotificationKind,
    /// What to show, in Chinese (the `kind` is there for a client that words it itself).
    pub title: String,
    /// What it is about: open it at its own endpoint (`GET /leads/{id}`, …).
    pub resource_type: EntityType,
    pub resource_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    /// The change-feed event it came from.
    pub event_id: Uuid,
    pub created_at: DateTime<Utc>,
    /// When you read it; null while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// Which notifications to mark read: `ids`, or `all`.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ids": ["01938a4e-6666-7000-8000-000000000007"]}))]
pub struct MarkReadRequest {
    /// These notifications of yours (others' are ignored).
    #[schema(max_items = 100)]
    pub ids: Option<Vec<Uuid>>,
    /// Every unread notification of yours.
    pub all: Option<bool>,
}

/// How many were marked.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MarkedRead {
    /// Notifications that were unread and are read now.
    pub marked: usize,
}
