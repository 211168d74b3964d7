//! Whom a buyer brought (老带新).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::words::LeadStatus;

/// A buyer someone referred, as the referrer's salesperson may see them: how far they got
/// and with whom, not their profile.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReferralView {
    pub lead_id: Uuid,
    pub name: String,
    /// Masked, e.g. `139****6001`, unless the reader owns or manages the referred lead.
    pub phone: String,
    pub status: LeadStatus,
    /// Whose buyer they are now.
    pub owner_display_name: String,
    pub visit_count: i32,
    /// When they were registered.
    pub referred_at: DateTime<Utc>,
}
