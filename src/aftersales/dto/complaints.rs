//! Request and response bodies of complaints (客诉).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::aftersales::{ComplaintCategory, ComplaintChannel, ComplaintStatus, Deadline, RootCause, Severity};

/// A buyer's complaint, as taken down.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"category": "quality", "severity": "high", "channel": "phone",
    "description": "交房后主卧墙面渗水，客户要求一周内修复", "occurred_at": "2026-12-05T02:00:00Z"}))]
pub struct FileComplaintRequest {
    pub category: ComplaintCategory,
    pub severity: Severity,
    /// How it reached us.
    pub channel: ComplaintChannel,
    /// What the buyer says, in their words.
    #[schema(min_length = 2, max_length = 2000)]
    pub description: String,
    /// When what they complain of happened, if they said.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Who works on it (a member of the project); a manager may name them later.
    pub assignee_id: Option<Uuid>,
}

/// A move that needs no more than a note (`acknowledge`, `start`).
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"note": "已电话联系客户，明天上门查看"}))]
pub struct ComplaintNoteRequest {
    /// What was done or said, for the timeline.
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// The resolution (`resolve`).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"root_cause": "construction", "resolution": "重做防水层并修补墙面，客户现场确认"}))]
pub struct ResolveComplaintRequest {
    pub root_cause: RootCause,
    /// What was done.
    #[schema(min_length = 2, max_length = 2000)]
    pub resolution: String,
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// The buyer's word at the end (`close`).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"satisfaction": 4, "note": "客户对处理速度满意"}))]
pub struct CloseComplaintRequest {
    /// The buyer's satisfaction with how it was handled, 1 (very unhappy) to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub satisfaction: i32,
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// Why the case is open again (`reopen`).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"note": "客户反映雨后再次渗水"}))]
pub struct ReopenComplaintRequest {
    #[schema(min_length = 2, max_length = 1000)]
    pub note: String,
}

/// Who works on the case (`assign`).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"assignee_id": "01939b2e-7c1a-7d4e-9a51-4f2a1c3b5d6e", "note": "工程部张工负责"}))]
pub struct AssignComplaintRequest {
    /// A member of the project.
    pub assignee_id: Uuid,
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// One deadline of a case.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeadlineView {
    pub deadline: Deadline,
    /// When it falls: elapsed hours from `received_at` (for `resolve` after a reopening,
    /// from the reopening).
    pub due_at: DateTime<Utc>,
    /// When it was met (acknowledged, resolved); null while it is not.
    pub met_at: Option<DateTime<Utc>>,
    /// Met late, or not met and past.
    pub breached: bool,
    /// When the project's managers were told it passed; null if they were not (yet).
    pub escalated_at: Option<DateTime<Utc>>,
}

/// One step of a case's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ComplaintStepView {
    pub seq: i32,
    /// `file`, `acknowledge`, `start`, `resolve`, `close`, `reopen`, `assign`,
    /// `acknowledge_breached` or `resolve_breached`.
    pub action: String,
    pub from_status: Option<ComplaintStatus>,
    pub to_status: ComplaintStatus,
    /// Who; null for the system (a deadline passing).
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub note: Option<String>,
    pub root_cause: Option<RootCause>,
    pub satisfaction: Option<i32>,
    pub assignee_id: Option<Uuid>,
    pub at: DateTime<Utc>,
}

/// A complaint with its deadlines and its timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ComplaintView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub lead_id: Uuid,
    /// The buyer's name (never their phone).
    pub lead_name: String,
    /// The buyer's salesperson.
    pub owner_id: Uuid,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub channel: ComplaintChannel,
    pub description: String,
    pub occurred_at: Option<DateTime<Utc>>,
    pub status: ComplaintStatus,
    pub assignee_id: Option<Uuid>,
    pub received_at: DateTime<Utc>,
    /// Acknowledge, then resolve.
    pub deadlines: Vec<DeadlineView>,
    /// Whether any deadline is breached.
    pub breached: bool,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub root_cause: Option<RootCause>,
    pub resolution: Option<String>,
    /// The buyer's satisfaction at closing, 1–5.
    pub satisfaction: Option<i32>,
    pub reopen_count: i32,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Every step, oldest first.
    pub timeline: Vec<ComplaintStepView>,
}

/// Filters of a project's complaints.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListComplaintsQuery {
    pub status: Option<ComplaintStatus>,
    pub severity: Option<Severity>,
    /// `true`: only cases with a deadline breached; `false`: only those without.
    pub breached: Option<bool>,
    /// Only cases assigned to this person.
    pub assignee_id: Option<Uuid>,
}
