//! Request and response bodies of a project's complaint deadlines.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// Hours one severity may wait.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityHours {
    /// Elapsed hours from receiving a complaint to acknowledging it.
    #[schema(minimum = 1, maximum = 8760)]
    pub acknowledge_hours: i32,
    /// Elapsed hours from receiving it to resolving it (not fewer than to acknowledge).
    #[schema(minimum = 1, maximum = 8760)]
    pub resolve_hours: i32,
}

/// A project's complaint deadlines, per severity.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "critical": {"acknowledge_hours": 2, "resolve_hours": 48},
    "high": {"acknowledge_hours": 4, "resolve_hours": 72},
    "normal": {"acknowledge_hours": 24, "resolve_hours": 168},
    "low": {"acknowledge_hours": 72, "resolve_hours": 336}}))]
pub struct ComplaintPolicyRequest {
    pub critical: SeverityHours,
    pub high: SeverityHours,
    pub normal: SeverityHours,
    pub low: SeverityHours,
}

/// The deadlines a project follows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ComplaintPolicyView {
    pub critical: SeverityHours,
    pub high: SeverityHours,
    pub normal: SeverityHours,
    pub low: SeverityHours,
    /// False while the project follows the default (critical 2 / 48 hours, high 4 / 72,
    /// normal 24 / 168, low 72 / 336).
    pub customised: bool,
    /// 0 for the default; up by one each time a manager saves.
    pub version: i32,
    pub updated_at: Option<DateTime<Utc>>,
}
