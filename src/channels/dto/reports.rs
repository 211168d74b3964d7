//! Request and response bodies of channel reports (报备).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::channels::{ReportRefusal, ReportStatus};
use crate::projects::ReportPhoneMode;

/// A customer an agent registers before bringing them to the project.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"project_id": "0192f0c1-5b7e-7c3a-9d1e-3a4b5c6d7e8f", "customer_name": "赵先生",
    "phone": "13912346001", "expected_visit_at": "2026-12-05T06:00:00Z", "note": "周末带看，关注三房"}))]
pub struct FileReportRequest {
    /// A project your channel serves.
    pub project_id: Uuid,
    /// The customer's name as the agent knows it.
    #[schema(min_length = 1, max_length = 64)]
    pub customer_name: String,
    /// The whole mobile number, or — where the project takes phones masked — its first 3
    /// and last 4 digits, `139****6001` (a whole number is then cut to that).
    #[schema(max_length = 32)]
    pub phone: String,
    /// When the agent expects to bring them.
    pub expected_visit_at: Option<DateTime<Utc>>,
    /// Anything the sales office should know.
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// A report as its reader may see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub channel_id: Uuid,
    /// The agent who filed it.
    pub agent_id: Uuid,
    pub customer_name: String,
    /// The whole number to the agent who filed it in full and to managers; the mask
    /// (`139****6001`) to everyone else, and wherever only the mask was reported.
    pub phone: String,
    /// How the phone was reported.
    pub phone_mode: ReportPhoneMode,
    /// Where it stands now: a valid report past `valid_until` reads `expired`.
    pub status: ReportStatus,
    /// Why it was refused (status `rejected`).
    pub rejection_code: Option<ReportRefusal>,
    /// Until when the customer's visit counts for the channel.
    pub valid_until: DateTime<Utc>,
    pub expected_visit_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    /// When the customer arrived (status `arrived`).
    pub arrived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Filters of the report list.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListReportsQuery {
    /// Only this project's reports.
    pub project_id: Option<Uuid>,
    /// Only reports in this status, as of now (`expired` includes valid reports past
    /// their time).
    pub status: Option<ReportStatus>,
    /// Only customers expected on this date of the project (with `project_id`): the desk's
    /// morning list of who is coming.
    pub expected_on: Option<NaiveDate>,
}
