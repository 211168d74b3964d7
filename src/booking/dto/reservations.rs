//! Bodies of reservations (认购).

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
    /// The deal its signing made (`GET /deals/{id}`), under the reservation's own id; null
    /// until signed.
    pub deal_id: Option<Uuid>,
}
