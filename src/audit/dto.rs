//! Request and response bodies of the audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Which events to search.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this project's events.
    pub project_id: Option<Uuid>,
    /// Only events about this kind of thing: `lead`, `user`, `project`, `follow_up`, …
    #[param(min_length = 1, max_length = 32)]
    pub entity_type: Option<String>,
    /// Only events about this thing.
    pub entity_id: Option<Uuid>,
    /// Only this person's actions.
    pub actor_id: Option<Uuid>,
    /// Only this action, e.g. `lead.transfer`, `lead.reveal`, `auth.login_failed`.
    #[param(min_length = 1, max_length = 64)]
    pub action: Option<String>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
}

/// One recorded event.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEventView {
    /// Position in the trail.
    pub seq: i64,
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_display_name: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub request_id: Option<String>,
    /// The client address.
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// Changed fields `{field: {old, new}}` and notes; sensitive values redacted.
    pub changes: serde_json::Value,
}

/// What to check the chain against.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// A checkpoint printed earlier by `anchang audit checkpoint` (or the daily log line),
    /// `seq:hash:signature`: the check also fails when the chain no longer reaches it.
    #[param(min_length = 3, max_length = 160, pattern = r"^[0-9]{1,19}:([0-9a-f]{64})?:[0-9a-f]{64}$")]
    pub checkpoint: Option<String>,
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VerifyResult {
    /// True when every event is intact and in place.
    pub ok: bool,
    /// Events checked.
    pub checked: u64,
    /// The first position where the trail was altered, removed or reordered.
    pub first_bad_seq: Option<i64>,
    /// What is wrong there.
    pub problem: Option<String>,
}
