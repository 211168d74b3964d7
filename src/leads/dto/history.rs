//! A lead's history in words.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One entry of a lead's history, in words.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LeadHistoryEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_display_name: Option<String>,
    pub action: String,
    /// What happened, as a salesperson would say it, e.g. 李经理 将客户从 王丽 转给 李娜（原因：休假）.
    pub summary: String,
    pub changes: serde_json::Value,
}
