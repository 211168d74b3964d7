//! Request and response bodies of the channel registry.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::channels::{ChannelKind, ChannelStatus};

/// A new channel.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "链家 (滨江店)", "kind": "agency", "contact": "店长 张伟 13800138000",
    "project_ids": ["0192f0c1-5b7e-7c3a-9d1e-3a4b5c6d7e8f"]}))]
pub struct CreateChannelRequest {
    /// The channel's name, unique across the deployment (case-insensitive).
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// What kind of channel it is.
    pub kind: ChannelKind,
    /// The projects it brings buyers to: at least one, each one you manage.
    #[schema(min_items = 1, max_items = 50)]
    pub project_ids: Vec<Uuid>,
    /// Whom to call at the channel (a business contact, not a buyer).
    #[schema(max_length = 200)]
    pub contact: Option<String>,
}

/// Changes to a channel; absent fields stay.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "status": "suspended"}))]
pub struct UpdateChannelRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    /// New name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<ChannelKind>,
    /// The projects it serves from now on (replaces the list).
    #[schema(min_items = 1, max_items = 50)]
    pub project_ids: Option<Vec<Uuid>>,
    /// New contact; an empty string clears it.
    #[schema(max_length = 200)]
    pub contact: Option<String>,
    /// `suspended` stops new reports; `active` resumes them.
    pub status: Option<ChannelStatus>,
}

/// A channel.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChannelView {
    pub id: Uuid,
    pub name: String,
    pub kind: ChannelKind,
    /// Whom to call at the channel.
    pub contact: Option<String>,
    pub status: ChannelStatus,
    /// The projects it brings buyers to.
    pub project_ids: Vec<Uuid>,
    /// Send back with changes.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of the channel list.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListChannelsQuery {
    /// Only channels serving this project.
    pub project_id: Option<Uuid>,
    /// Only this kind.
    pub kind: Option<ChannelKind>,
    /// Only this status.
    pub status: Option<ChannelStatus>,
    /// Words of the name.
    #[param(min_length = 1, max_length = 64)]
    pub q: Option<String>,
}
