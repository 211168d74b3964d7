//! Request and response bodies of the visit register (来访登记).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::http::schema_types::MobilePhone;
use crate::reception::{CameWith, Verdict};

/// A visitor at the desk.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"phone": "139 1234 6001", "name": "赵先生", "party_size": 2,
    "came_with": "channel_report", "note": "夫妻同来"}))]
pub struct RegisterVisitRequest {
    /// The visitor's mobile number: what the verdict is decided on.
    #[schema(value_type = MobilePhone)]
    pub phone: String,
    /// The visitor's name; required when the verdict is `new` (a lead is created), and
    /// otherwise taken from the lead or the report.
    #[schema(min_length = 1, max_length = 64)]
    pub name: Option<String>,
    /// How many came together (default 1).
    #[schema(minimum = 1, maximum = 50)]
    pub party_size: Option<i32>,
    /// How they say they came.
    pub came_with: CameWith,
    /// With `came_with: channel_report`, the report they name, if several match; the server
    /// decides whether any does.
    pub report_id: Option<Uuid>,
    /// With `came_with: referral`: the phone of the signed buyer of the project who brought
    /// them (老带新).
    #[schema(value_type = Option<MobilePhone>)]
    pub referrer_phone: Option<String>,
    /// When they arrived (default now); not in the future, at most 24 hours ago.
    pub arrived_at: Option<DateTime<Utc>>,
    /// Anything the salesperson should know.
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// The salesperson a visitor went to.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Receiver {
    pub id: Uuid,
    pub display_name: String,
}

/// A registered visit with its verdict: what the desk needs to send the visitor on.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VisitView {
    pub id: Uuid,
    pub project_id: Uuid,
    /// Whose customer the visitor is, decided by the server (判客).
    pub verdict: Verdict,
    /// The verdict in words.
    pub reason: String,
    /// The salesperson receiving them; null while the visit waits for a manager to assign
    /// it (nobody on duty, or rotation off at the desk).
    pub assigned_to: Option<Receiver>,
    /// The lead; null until a waiting new visitor is assigned.
    pub lead_id: Option<Uuid>,
    /// The channel report that matched (verdict `reported`).
    pub report_id: Option<Uuid>,
    /// The buyer who referred them (老带新).
    pub referrer_lead_id: Option<Uuid>,
    /// Their first visit to the project (首访), else a return visit (复访).
    pub first_visit: bool,
    pub came_with: CameWith,
    pub name: Option<String>,
    /// Always masked, e.g. `139****6001`.
    pub phone: String,
    pub party_size: i32,
    pub arrived_at: DateTime<Utc>,
    /// Who registered the visit.
    pub registered_by: Uuid,
    pub note: Option<String>,
    /// Send back with corrections.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which visits of the register: one day (default today) or a range of days, in the
/// project's own dates.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListVisitsQuery {
    /// One day of the project's (default: today); not with `from`/`to`.
    pub date: Option<NaiveDate>,
    /// First day of a range (with `to`, at most 31 days).
    pub from: Option<NaiveDate>,
    /// Last day of a range, included.
    pub to: Option<NaiveDate>,
    /// Only visits with this verdict.
    pub verdict: Option<Verdict>,
    /// `false`: only the visits waiting for a manager to assign them.
    pub assigned: Option<bool>,
}

/// A manager's correction of a visit, the day it happened; absent fields stay.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "party_size": 3, "note": "一家三口"}))]
pub struct UpdateVisitRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    /// The visitor's name, while no lead holds it (then it is the lead's, edited there).
    #[schema(min_length = 1, max_length = 64)]
    pub name: Option<String>,
    #[schema(minimum = 1, maximum = 50)]
    pub party_size: Option<i32>,
    /// An empty string clears it.
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// A manager gives a waiting visitor to a salesperson.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"user_id": "0192f0c1-5b7e-7c3a-9d1e-3a4b5c6d7e8f"}))]
pub struct AssignVisitRequest {
    /// An active salesperson or manager of the project.
    pub user_id: Uuid,
}
