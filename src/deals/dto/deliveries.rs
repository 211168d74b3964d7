//! Request and response bodies of the handover date per building.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// When a building is to be handed over.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"building": "1号楼", "expected_at": "2027-06-30"}))]
pub struct BuildingDeliveryRequest {
    /// A building of the project's units, as the units name it.
    #[schema(min_length = 1, max_length = 64)]
    pub building: String,
    /// The expected handover day (交房).
    pub expected_at: NaiveDate,
}

/// A building's expected handover.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BuildingDeliveryView {
    pub building: String,
    pub expected_at: NaiveDate,
    pub updated_at: DateTime<Utc>,
}
