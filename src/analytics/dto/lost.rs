//! Why buyers were lost (未成交原因).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::ReportFormat;
use crate::words::LostReason;

crate::text_enum! {
    /// What the lost-reasons report breaks down by.
    pub enum LostGroup {
        /// The source channel the buyer came through.
        Channel = "channel",
        /// The salesperson who held the buyer.
        Owner = "owner",
        /// The buyer's grade when lost.
        Grade = "grade",
    }
}

/// Which days, and how to break them down.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LostReasonsQuery {
    /// The first day (default: the first of this month, in the project's zone).
    pub from: Option<NaiveDate>,
    /// The last day, included (default: today); at most 366 days after `from`.
    pub to: Option<NaiveDate>,
    /// A breakdown by `channel`, `owner` or `grade` beside the reasons.
    pub group_by: Option<LostGroup>,
    /// `csv` for CSV (as `Accept: text/csv` asks).
    pub format: Option<ReportFormat>,
}

/// How many buyers were lost for one reason.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReasonCount {
    /// Null when no reason was given.
    pub reason: Option<LostReason>,
    pub count: i64,
    /// Of the buyers lost in the row.
    pub share: f64,
}

/// One group's losses.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LostGroupRow {
    /// The channel's code, the salesperson's id, the grade (`none` when ungraded).
    pub key: String,
    pub name: String,
    pub lost: i64,
    /// Most first.
    pub reasons: Vec<ReasonCount>,
}

/// Why buyers were lost in a range: each loss counted on its day, with the channel,
/// salesperson and grade of that moment.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LostReasonsReport {
    pub project_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: String,
    /// `true` for a salesperson, who sees the buyers they lost.
    pub own_only: bool,
    /// Buyers marked lost in the range.
    pub lost: i64,
    /// Lost buyers brought back in the range (moved out of `lost`).
    pub recovered: i64,
    /// Most first.
    pub reasons: Vec<ReasonCount>,
    /// With `group_by`: most lost first.
    pub groups: Vec<LostGroupRow>,
}
