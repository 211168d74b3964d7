//! Bodies of subscriptions (认筹): the deposit, its view and its refund.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::booking::SubscriptionStatus;

/// A paid subscription deposit.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"deposit_fen": 5000000, "paid_at": "2026-11-23T06:00:00Z", "receipt_no": "RC-20261123-0001"}))]
pub struct SubscribeRequest {
    /// The deposit, in fen.
    #[schema(minimum = 1, maximum = 1e12)]
    pub deposit_fen: i64,
    /// When it was paid (not in the future).
    pub paid_at: DateTime<Utc>,
    /// The finance receipt number, unique in the project.
    #[schema(min_length = 1, max_length = 64)]
    pub receipt_no: String,
}

/// A subscription as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubscriptionView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub lead_id: Uuid,
    pub lead_name: String,
    /// Masked unless the caller owns the lead or manages the project.
    pub lead_phone: String,
    /// The queue number for opening day: 1, 2, 3… per project, never reused.
    pub queue_no: i64,
    pub deposit_fen: i64,
    pub paid_at: DateTime<Utc>,
    pub receipt_no: String,
    pub status: SubscriptionStatus,
    pub created_at: DateTime<Utc>,
    pub refunded_at: Option<DateTime<Utc>>,
    pub refund_reason: Option<String>,
}

/// Why a deposit is refunded.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    #[schema(min_length = 2, max_length = 200)]
    pub reason: String,
}
