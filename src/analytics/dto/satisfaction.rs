//! The satisfaction report (NPS / CSAT).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::ReportFormat;
use crate::aftersales::Touchpoint;

/// Which invitations: those sent in the range (days in the project's zone), of a touchpoint.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SatisfactionQuery {
    /// First day; default the first of this month.
    pub from: Option<NaiveDate>,
    /// Last day; default today.
    pub to: Option<NaiveDate>,
    pub touchpoint: Option<Touchpoint>,
    pub format: Option<ReportFormat>,
}

/// The average of one rating question (by its key), 1–5.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RatingAverage {
    pub key: String,
    pub average: f64,
    pub answers: i64,
}

/// What buyers said of a set of invitations.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct SatisfactionFigures {
    pub invitations: i64,
    pub responses: i64,
    /// Responses ÷ invitations; null without invitations.
    pub response_rate: Option<f64>,
    /// Answers 9–10 to the NPS question.
    pub promoters: i64,
    /// Answers 7–8.
    pub passives: i64,
    /// Answers 0–6.
    pub detractors: i64,
    /// Net Promoter Score: % promoters − % detractors (−100 to 100, one decimal); null when
    /// nobody answered an NPS question.
    pub nps: Option<f64>,
    /// Each rating question's average (CSAT), by key.
    pub ratings: Vec<RatingAverage>,
}

/// Figures of one touchpoint or one salesperson.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SatisfactionRow {
    /// The touchpoint, or the salesperson's id.
    pub key: String,
    /// The touchpoint, or the salesperson's name.
    pub name: String,
    pub figures: SatisfactionFigures,
}

/// The satisfaction report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SatisfactionReport {
    pub project_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: String,
    pub touchpoint: Option<Touchpoint>,
    /// True when a salesperson reads their own buyers' answers.
    pub own_only: bool,
    pub total: SatisfactionFigures,
    pub by_touchpoint: Vec<SatisfactionRow>,
    /// By the salesperson who held the buyer when invited.
    pub by_salesperson: Vec<SatisfactionRow>,
}
