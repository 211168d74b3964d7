//! Bodies of commissions (结佣).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::channels::{CommissionKind, CommissionMilestone};
use crate::deals::CommissionStatus;

/// A commission as its reader may see it. A channel agent sees the amounts, the status and
/// the deal's unit and date, never the buyer (`lead_id` and `payee_lead_id` are null for them).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CommissionView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub channel_id: Uuid,
    pub deal_id: Uuid,
    pub building: String,
    pub room: String,
    /// The project's date the deal was signed.
    pub signed_on: NaiveDate,
    pub lead_id: Option<Uuid>,
    /// For a referral reward: the referring buyer, who is paid outside anchang.
    pub payee_lead_id: Option<Uuid>,
    /// The rule it was accrued under.
    pub kind: CommissionKind,
    pub value: i64,
    pub milestone: CommissionMilestone,
    pub milestone_percent: Option<i32>,
    pub amount_fen: i64,
    pub status: CommissionStatus,
    pub accrued_at: DateTime<Utc>,
    pub payable_at: Option<DateTime<Utc>>,
    pub paid_at: Option<DateTime<Utc>>,
    pub paid_reference: Option<String>,
    pub clawed_back_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// Filters of a project's commissions.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListCommissionsQuery {
    pub channel_id: Option<Uuid>,
    pub status: Option<CommissionStatus>,
}

/// A commission paid (finance).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"paid_at": "2026-12-15T06:00:00Z", "reference": "FK-2026-1215-03"}))]
pub struct PayCommissionRequest {
    pub paid_at: DateTime<Utc>,
    /// The transfer's or voucher's reference.
    #[schema(min_length = 1, max_length = 100)]
    pub reference: String,
}
