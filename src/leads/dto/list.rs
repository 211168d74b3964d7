//! The lead list: its filters and order, and the summary each item is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::words::{Channel, ContactPurpose, Gender, Grade, LeadStatus, SourceChannel};

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

/// A lead as a list shows it: what a phone's list screen and a sort need, without the
/// profile (open `GET /leads/{id}` for the whole lead). `phone` is masked as in
/// [`super::LeadView`].
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LeadSummary {
    pub id: Uuid,
    pub project_id: Uuid,
    pub owner_id: Uuid,
    /// Owner's display name.
    pub owner_display_name: String,
    pub name: String,
    /// Clear for the owner and managers, masked otherwise.
    pub phone: String,
    /// Whether `phone` is masked in this response.
    pub phone_masked: bool,
    pub gender: Option<Gender>,
    pub source_channel: SourceChannel,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub intended_layouts: Vec<String>,
    pub tags: Vec<String>,
    pub status: LeadStatus,
    pub grade: Option<Grade>,
    pub visit_count: i32,
    pub call_count: i32,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub last_interaction_at: DateTime<Utc>,
    /// How the buyer was last reached.
    pub last_contact_channel: Option<Channel>,
    /// Until when the owner holds the lead; after it, the lead is in the pool (公海).
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub protected_until: DateTime<Utc>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339_opt")]
    pub next_follow_up_at: Option<DateTime<Utc>>,
    /// Why the next contact is planned.
    pub next_purpose: Option<ContactPurpose>,
    /// 0–100: the share of profile fields filled (数据完整率).
    pub completeness: i32,
    /// Send back with updates.
    pub version: i32,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}
