//! Bodies of opening day: settings, reservations, signing and the board.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub use crate::words::{OpeningMode, OpeningState, ReservationStatus};

/// A project's opening-day settings.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"state": "open", "mode": "ordered", "max_units_per_lead": 1, "requires_subscription": true, "called_up_to": 50}))]
pub struct OpeningSettings {
    pub state: OpeningState,
    pub mode: OpeningMode,
    /// Units one lead may hold (default 1).
    #[schema(minimum = 1, maximum = 20)]
    pub max_units_per_lead: i32,
    /// Only leads with an active subscription may reserve (default true).
    pub requires_subscription: bool,
    /// In ordered mode: queue numbers called so far (叫号).
    #[schema(minimum = 0)]
    pub called_up_to: i64,
}

impl Default for OpeningSettings {
    fn default() -> Self {
        Self {
            state: OpeningState::Closed,
            mode: OpeningMode::Free,
            max_units_per_lead: 1,
            requires_subscription: true,
            called_up_to: 0,
        }
    }
}

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

/// Units by sale status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusCounts {
    pub available: i64,
    pub held: i64,
    pub reserved: i64,
    pub sold: i64,
}

/// Counts for one building or layout.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BoardRow {
    /// The building or the layout.
    pub key: String,
    #[serde(flatten)]
    pub counts: StatusCounts,
}

/// The big screen on opening day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OpeningBoard {
    pub totals: StatusCounts,
    pub by_building: Vec<BoardRow>,
    pub by_layout: Vec<BoardRow>,
}
