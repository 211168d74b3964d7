//! The value pyramid (客户价值金字塔) and the channel bars.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{FunnelGroup, ReportFormat};
use crate::words::SourceChannel;

crate::text_enum! {
    /// A tier of the value pyramid, from the top.
    pub enum Tier {
        /// 顶级: signed, and brought signed buyers (老带新).
        Top = "top",
        /// 核心: signed.
        Core = "core",
        /// 潜力: no deal yet, but in touch often lately.
        Potential = "potential",
        /// 基础: everyone else.
        Base = "base",
    }
}

/// Where the tiers' bounds lie (each has a default).
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PyramidQuery {
    /// Signed deals that make a buyer core (default 1).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100)]
    pub core_min_deals: Option<i64>,
    /// Signed deals of buyers they referred that make a core buyer top (default 1).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100)]
    pub top_min_referred_deals: Option<i64>,
    /// Follow-ups within `engagement_days` that make a buyer without a deal potential (default 3).
    #[validate(range(min = 1, max = 1000))]
    #[param(minimum = 1, maximum = 1000)]
    pub potential_min_interactions: Option<i64>,
    /// How far back engagement counts, in days (default 90).
    #[validate(range(min = 1, max = 730))]
    #[param(minimum = 1, maximum = 730)]
    pub engagement_days: Option<i64>,
    /// `csv` for CSV (as `Accept: text/csv` asks).
    pub format: Option<ReportFormat>,
}

/// The bounds the pyramid was cut with.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct PyramidBounds {
    pub core_min_deals: i64,
    pub top_min_referred_deals: i64,
    pub potential_min_interactions: i64,
    pub engagement_days: i64,
}

/// One tier.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PyramidTier {
    pub tier: Tier,
    /// 顶级, 核心, 潜力, 基础.
    pub label: String,
    pub leads: i64,
    /// Of the buyers.
    pub share_of_leads: Option<f64>,
    /// The tier's own signed deals and their price, fen.
    pub deals: i64,
    pub deal_value_fen: i64,
    /// Signed deals of buyers the tier referred, and their price, fen.
    pub referred_deals: i64,
    pub referred_value_fen: i64,
    /// The tier's value (own deals plus referred ones) as a share of the project's.
    pub share_of_value: Option<f64>,
}

/// The value pyramid of a project's buyers as they stand.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PyramidReport {
    pub project_id: Uuid,
    /// `true` for a salesperson, who sees their own buyers only.
    pub own_only: bool,
    pub bounds: PyramidBounds,
    pub leads: i64,
    /// Own deals plus referred deals over every tier (a referred deal counts for its buyer
    /// and for who referred them), fen.
    pub value_fen: i64,
    /// Top first.
    pub tiers: Vec<PyramidTier>,
}

/// Which leads the channel bars follow.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChannelsQuery {
    /// The first day of registration (default: the first of this month).
    pub from: Option<NaiveDate>,
    /// The last day, included (default: today); at most 366 days after `from`.
    pub to: Option<NaiveDate>,
    /// `channel` (source channels, default) or `channel_partner`.
    pub group_by: Option<FunnelGroup>,
    /// `csv` for CSV (as `Accept: text/csv` asks); the picture has no other form.
    pub format: Option<ReportFormat>,
}

/// One channel's bars.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChannelBar {
    /// The source channel's code, the partner's id, or `none`.
    pub key: String,
    pub name: String,
    pub source_channel: Option<SourceChannel>,
    pub channel_id: Option<Uuid>,
    /// Leads registered in the range, and those of them holding a signed deal now.
    pub leads: i64,
    pub deals: i64,
    pub signed_fen: i64,
    pub cost_fen: Option<i64>,
    pub cost_per_deal_fen: Option<i64>,
}

/// Leads, deals and cost per deal by channel: the funnel's cohort, cut for a bar chart.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChannelsReport {
    pub project_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub group_by: FunnelGroup,
    pub own_only: bool,
    /// Most leads first.
    pub rows: Vec<ChannelBar>,
}
