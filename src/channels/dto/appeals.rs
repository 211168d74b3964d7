//! Request and response bodies of appeals (申诉).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::channels::{AppealDecision, AppealStatus, ReportStatus};

/// An agent contests what became of their report.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "客户12月4日由我带看，前台未登记报备"}))]
pub struct FileAppealRequest {
    /// Why the report should stand, for the manager who decides.
    #[schema(min_length = 2, max_length = 1000)]
    pub reason: String,
}

/// A manager's decision on an appeal.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "upheld", "note": "监控确认由渠道带看"}))]
pub struct DecideAppealRequest {
    pub decision: AppealDecision,
    /// Why, for the agent and the audit trail.
    #[schema(min_length = 2, max_length = 1000)]
    pub note: String,
    /// For `upheld` where several leads match a masked report: the lead the channel brought.
    pub lead_id: Option<Uuid>,
}

/// An appeal as its reader may see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AppealView {
    pub id: Uuid,
    pub report_id: Uuid,
    pub project_id: Uuid,
    /// The agent who filed it.
    pub agent_id: Uuid,
    pub reason: String,
    /// What the report had come to when it was appealed (`rejected` or `expired`).
    pub report_status: ReportStatus,
    pub status: AppealStatus,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    /// The lead attributed to the channel by an upheld appeal (managers only: agents never
    /// see a lead).
    pub lead_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Filters of the appeal list.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListAppealsQuery {
    /// Only this project's appeals.
    pub project_id: Option<Uuid>,
    /// Only appeals in this status (`open`: those waiting for a decision).
    pub status: Option<AppealStatus>,
}
