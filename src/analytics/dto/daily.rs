//! The daily report (案场日报): its query and its figures.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::ReportFormat;
use crate::analytics::periods::GroupBy;
use crate::words::SourceChannel;

/// Which days, and how to group them. `date` alone is one day; `from` and `to` (both
/// needed, at most 366 days) a range; neither is today in the project's zone.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DailyReportQuery {
    /// One day (the project's date).
    pub date: Option<NaiveDate>,
    /// The first day of a range.
    pub from: Option<NaiveDate>,
    /// The last day of a range (included).
    pub to: Option<NaiveDate>,
    /// Rows per `day` (default), `week` or `month`.
    pub group_by: Option<GroupBy>,
    /// `csv` for the report as CSV (as `Accept: text/csv` asks).
    pub format: Option<ReportFormat>,
}

/// What happened in a period (or for one person or channel over the range).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DailyFigures {
    /// 来电: phone calls the buyer started.
    pub calls_in: i64,
    /// 新访: a lead's first visit to the sales office.
    pub first_visits: i64,
    /// 复访: a later visit.
    pub return_visits: i64,
    /// New leads registered (留资).
    pub new_leads: i64,
    /// 认筹: deposits paid.
    pub subscriptions: i64,
    /// 退筹: deposits refunded.
    pub subscription_refunds: i64,
    /// 认购: units reserved.
    pub reservations: i64,
    /// Reservations cancelled.
    pub reservation_cancellations: i64,
    /// 签约: contracts signed.
    pub signings: i64,
    /// 退房: signed deals cancelled.
    pub cancellations: i64,
    /// 净签约: signings less cancellations.
    pub net_signings: i64,
    /// The price of the deals signed, at signing (fen).
    pub signed_fen: i64,
    /// The price of the deals cancelled (fen).
    pub cancelled_fen: i64,
    /// 回款: money received less money refunded (fen).
    pub collected_fen: i64,
}

/// One period's row.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DailyPeriod {
    /// `2026-12-01`, `2026-W49` or `2026-12`.
    pub label: String,
    /// Its first day within the range.
    pub from: NaiveDate,
    /// Its last day within the range.
    pub to: NaiveDate,
    pub figures: DailyFigures,
}

/// One salesperson's figures over the range.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SalespersonFigures {
    pub user_id: Uuid,
    pub display_name: String,
    pub figures: DailyFigures,
}

/// One channel's figures over the range: the source channel, and the channel partner
/// (agency, agent, referral programme) when there is one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChannelFigures {
    pub source_channel: SourceChannel,
    pub channel_id: Option<Uuid>,
    pub channel_name: Option<String>,
    pub figures: DailyFigures,
}

/// The daily report of a project (案场日报).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "project_id": "0192f0c1-5b7e-7c3a-9d1e-3a4b5c6d7e8f", "from": "2026-12-01", "to": "2026-12-01",
    "group_by": "day", "time_zone": "Asia/Shanghai", "own_only": false,
    "totals": {"calls_in": 12, "first_visits": 9, "return_visits": 4, "new_leads": 15, "subscriptions": 3,
               "subscription_refunds": 0, "reservations": 2, "reservation_cancellations": 0, "signings": 1,
               "cancellations": 0, "net_signings": 1, "signed_fen": 356000000, "cancelled_fen": 0,
               "collected_fen": 100000000},
    "periods": [], "by_salesperson": [], "by_channel": []
}))]
pub struct DailyReport {
    pub project_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub group_by: GroupBy,
    /// The zone the days are cut in: the project's.
    pub time_zone: String,
    /// `true` for a salesperson, who sees their own numbers only.
    pub own_only: bool,
    pub totals: DailyFigures,
    /// Every period of the range, empty ones included, oldest first.
    pub periods: Vec<DailyPeriod>,
    /// Per salesperson (the follow-up's author for calls and visits, the deal's owner for
    /// signings, cancellations and money, the lead's owner for the rest), most signings first.
    pub by_salesperson: Vec<SalespersonFigures>,
    /// Per channel (the deal's channel for signings and money, the lead's otherwise).
    pub by_channel: Vec<ChannelFigures>,
}
