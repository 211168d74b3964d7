//! Request and response bodies of commission rules (结佣规则).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::channels::{CommissionKind, CommissionMilestone};

/// A channel's commission rule for one project; it replaces the one before and applies
/// to deals signed from now on.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"project_id": "0193a7c0-0000-7000-8000-000000000001", "kind": "percent", "value": 150,
    "milestone": "collected_percent", "milestone_percent": 30}))]
pub struct CommissionRuleRequest {
    /// A project the channel serves.
    pub project_id: Uuid,
    pub kind: CommissionKind,
    /// For `percent`, basis points of the deal price (150 = 1.5 %, at most 10000); for
    /// `fixed`, fen per deal.
    #[schema(minimum = 1, maximum = 1e12)]
    pub value: i64,
    pub milestone: CommissionMilestone,
    /// For `collected_percent`: the share of the price that must be collected (1–100); absent otherwise.
    #[schema(minimum = 1, maximum = 100)]
    pub milestone_percent: Option<i32>,
}

/// A commission rule as stored.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CommissionRuleView {
    pub channel_id: Uuid,
    pub project_id: Uuid,
    pub kind: CommissionKind,
    /// Basis points for `percent`, fen for `fixed`.
    pub value: i64,
    pub milestone: CommissionMilestone,
    pub milestone_percent: Option<i32>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}
