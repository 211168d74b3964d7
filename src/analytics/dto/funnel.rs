//! The funnel (leads → visited → subscribed → reserved → signed) and channel costs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::ReportFormat;
use crate::words::SourceChannel;

crate::text_enum! {
    /// Which leads a funnel follows.
    pub enum FunnelBasis {
        /// Leads registered in the range, followed to wherever they went since (the default).
        Cohort = "cohort",
        /// Stage moves that happened in the range, whichever lead made them.
        Event = "event",
    }
}

crate::text_enum! {
    /// What a funnel's rows are.
    pub enum FunnelGroup {
        /// The source channel (来源渠道): walk-in, online platform, broker, … (the default).
        Channel = "channel",
        /// The salesperson.
        Owner = "owner",
        /// The channel partner (agency, agent, referral programme); leads without one in a
        /// row of their own.
        ChannelPartner = "channel_partner",
    }
}

/// Which leads or moves, and how to group them.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FunnelQuery {
    /// The first day (default: the first of this month, in the project's zone).
    pub from: Option<NaiveDate>,
    /// The last day, included (default: today); at most 366 days after `from`.
    pub to: Option<NaiveDate>,
    /// Rows by `channel` (default), `owner` or `channel_partner`.
    pub group_by: Option<FunnelGroup>,
    /// `cohort` (default) or `event`.
    pub basis: Option<FunnelBasis>,
    /// `csv` for CSV (as `Accept: text/csv` asks).
    pub format: Option<ReportFormat>,
}

/// How many reached each stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FunnelStages {
    /// Cohort: leads registered in the range. Event: leads registered in the range.
    pub leads: i64,
    /// Cohort: of those, leads that ever visited. Event: first visits in the range.
    pub visited: i64,
    /// Cohort: leads that ever paid a deposit (认筹). Event: deposits paid in the range.
    pub subscribed: i64,
    /// Cohort: leads that ever reserved a unit (认购). Event: reservations in the range.
    pub reserved: i64,
    /// Cohort: leads holding a signed deal now. Event: signings in the range.
    pub signed: i64,
    /// Cohort: leads whose every deal was cancelled (退房). Event: cancellations in the range.
    pub cancelled: i64,
    /// The price of those signings (cohort: the deals that stand, at their price now; event:
    /// at signing), fen.
    pub signed_fen: i64,
}

/// Days from registration to a stage, over the cohort's leads that reached it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DaysTaken {
    pub p50: f64,
    pub p75: f64,
}

/// One row of the funnel (or the total).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FunnelRow {
    /// `walk_in`, a user id, a channel id, `none` (no channel partner) or `total`.
    pub key: String,
    /// What people call it: the channel's code, the salesperson's or partner's name.
    pub name: String,
    pub source_channel: Option<SourceChannel>,
    pub owner_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub stages: FunnelStages,
    /// 到访率: visited ÷ leads.
    pub visit_rate: Option<f64>,
    /// 转化率: signed ÷ leads.
    pub conversion: Option<f64>,
    /// 客单价: signed_fen ÷ signed.
    pub average_deal_fen: Option<i64>,
    /// Cohort only: days from registration to the first visit.
    pub days_to_first_visit: Option<DaysTaken>,
    /// Cohort only: days from registration to the signing.
    pub days_to_signing: Option<DaysTaken>,
    /// The spend recorded for the row's channel in the months the range touches.
    pub cost_fen: Option<i64>,
    pub cost_per_lead_fen: Option<i64>,
    pub cost_per_deal_fen: Option<i64>,
    /// 渠道ROI (投入产出比): signed_fen ÷ cost_fen.
    pub roi: Option<f64>,
}

/// The funnel of a project.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FunnelReport {
    pub project_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub basis: FunnelBasis,
    pub group_by: FunnelGroup,
    pub time_zone: String,
    /// `true` for a salesperson, who sees their own leads only.
    pub own_only: bool,
    pub total: FunnelRow,
    /// Most leads first.
    pub rows: Vec<FunnelRow>,
}

/// A month's spend on a channel (渠道费用): a source channel or a channel partner, not both.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"month": "2026-11", "source_channel": "online_platform", "amount_fen": 12000000}))]
pub struct ChannelCostRequest {
    /// `YYYY-MM`.
    #[schema(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$", example = "2026-11")]
    pub month: String,
    pub source_channel: Option<SourceChannel>,
    pub channel_id: Option<Uuid>,
    /// What was spent, fen (at most 10^13).
    #[validate(range(min = 0, max = 10_000_000_000_000_i64))]
    #[schema(minimum = 0, maximum = 10_000_000_000_000_i64)]
    pub amount_fen: i64,
}

/// A recorded spend.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChannelCostView {
    pub project_id: Uuid,
    /// `YYYY-MM`.
    pub month: String,
    pub source_channel: Option<SourceChannel>,
    pub channel_id: Option<Uuid>,
    pub channel_name: Option<String>,
    pub amount_fen: i64,
    /// Goes up with each change.
    pub version: i32,
    pub updated_by: Uuid,
    pub updated_at: DateTime<Utc>,
}

/// Which months of spend to list.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChannelCostsQuery {
    /// The first month, `YYYY-MM`.
    #[param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub from: Option<String>,
    /// The last month, `YYYY-MM`.
    #[param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub to: Option<String>,
}
