//! How well the files are kept and the buyers followed (数据完整率, 跟进及时率, 客户活跃度).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::ReportFormat;

/// Which days the follow-up figures cover.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QualityQuery {
    /// The first day (default: the first of this month, in the project's zone).
    pub from: Option<NaiveDate>,
    /// The last day, included (default: today); at most 366 days after `from`.
    pub to: Option<NaiveDate>,
    /// `csv` for CSV (as `Accept: text/csv` asks).
    pub format: Option<ReportFormat>,
}

/// How often a profile field is filled in the live files.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FieldFill {
    /// The field, e.g. `budget`, `family_structure`, `marketing_consent`.
    pub field: String,
    pub filled: i64,
    pub share: f64,
}

/// Hours taken, over the leads that got there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HoursTaken {
    pub p50: f64,
    pub p75: f64,
}

/// One salesperson's (or the project's) quality figures.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct QualityFigures {
    /// Live files held now.
    pub leads: i64,
    /// Their average completeness, 0–100 (数据完整率).
    pub completeness: Option<f64>,
    /// Follow-ups in the range.
    pub follow_ups: i64,
    /// Of those, done within the lead's cadence since its previous contact (or registration).
    pub on_time: i64,
    /// 跟进及时率: on_time ÷ follow_ups.
    pub compliance: Option<f64>,
    /// Leads registered in the range.
    pub registered: i64,
    /// Of those, contacted since.
    pub contacted: i64,
    /// Hours from registration to the first contact.
    pub first_contact_hours: Option<HoursTaken>,
    /// Share of the registered contacted within 24 hours.
    pub contacted_within_24h: Option<f64>,
    /// 客户活跃度: follow-ups per live file per 30 days of the range.
    pub interactions_per_lead_per_month: Option<f64>,
}

/// One salesperson's row.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SalespersonQuality {
    pub user_id: Uuid,
    pub display_name: String,
    pub figures: QualityFigures,
}

/// The quality report of a project.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QualityReport {
    pub project_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: String,
    /// `true` for a salesperson, who sees their own files and follow-ups.
    pub own_only: bool,
    pub totals: QualityFigures,
    /// Fill rate per profile field over the live files, least filled first.
    pub fields: Vec<FieldFill>,
    /// Lowest compliance first.
    pub by_salesperson: Vec<SalespersonQuality>,
}
