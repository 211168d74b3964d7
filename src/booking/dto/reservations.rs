//! Bodies of reservations (认购) and signing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::words::ReservationStatus;

/// Whom a unit is reserved for.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReserveRequest {
    pub lead_id: Uuid,
}

/// A reservation as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReservationView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub unit_id: Uuid,
    pub building: String,
    pub room: String,
    pub lead_id: Uuid,
    pub lead_name: String,
    pub status: ReservationStatus,
    pub reserved_by: Uuid,
    pub reserved_at: DateTime<Utc>,
    pub price_fen: Option<i64>,
    pub contract_no: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
}

/// The contract of a reservation (认购 → 签约).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"contract_no": "HT-2026-0001", "price_fen": 352000000, "signed_at": "2026-11-23T08:00:00Z"}))]
pub struct SignRequest {
    #[schema(min_length = 1, max_length = 64)]
    pub contract_no: String,
    /// The contract price, in fen.
    #[schema(minimum = 1, maximum = 1e12)]
    pub price_fen: i64,
    pub signed_at: DateTime<Utc>,
}
