//! The lead list's filters and order.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;
use validator::Validate;

use crate::words::{Grade, LeadStatus, SourceChannel};

crate::text_enum! {
    /// How to order the lead list.
    pub enum LeadSort {
        /// Newest first (default).
        CreatedAt = "created_at",
        /// Most recently changed first.
        UpdatedAt = "updated_at",
        /// Soonest follow-up first; leads without one last.
        NextFollowUpAt = "next_follow_up_at",
        /// Most recent contact first.
        LastInteractionAt = "last_interaction_at",
    }
}

// Written out: `text_enum!` enums take no `#[default]` attribute.
#[allow(clippy::derivable_impls)]
impl Default for LeadSort {
    fn default() -> Self {
        LeadSort::CreatedAt
    }
}

/// Filters of the lead list.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListLeadsQuery {
    /// Only this project.
    pub project_id: Option<Uuid>,
    /// A name (part of it), a phone number, or the phone's last 4 digits.
    #[param(min_length = 1, max_length = 64)]
    pub q: Option<String>,
    /// Only this grade.
    pub grade: Option<Grade>,
    /// Only this status.
    pub status: Option<LeadStatus>,
    /// Only this channel.
    pub source_channel: Option<SourceChannel>,
    /// Only leads with this tag.
    #[param(min_length = 1, max_length = 32)]
    pub tag: Option<String>,
    /// Only this owner (managers).
    pub owner_id: Option<Uuid>,
    /// Only leads whose next follow-up is due before this time.
    pub next_follow_up_before: Option<DateTime<Utc>>,
    /// Created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before.
    pub created_to: Option<DateTime<Utc>>,
    /// Order (default `created_at`, newest first).
    #[param(inline)]
    pub sort: Option<LeadSort>,
}

/// Query of the pool.
#[derive(Debug, serde::Deserialize, validator::Validate, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PoolQuery {
    /// The project whose pool to list.
    pub project_id: Uuid,
}
