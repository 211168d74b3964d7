//! Request and response bodies of the projects API.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::ReportPhoneMode;

use super::model::{Member, Project};
use crate::auth::{Role, UserStatus};

/// Time zones must be IANA names such as `Asia/Shanghai`.
fn validate_timezone(zone: &str) -> Result<(), validator::ValidationError> {
    zone.parse::<chrono_tz::Tz>().map(|_| ()).map_err(|_| {
        let mut error = validator::ValidationError::new("timezone");
        error.message = Some("must be an IANA time zone such as Asia/Shanghai".into());
        error
    })
}

/// A new project.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "滨江壹号", "city": "杭州", "address": "滨江区江南大道 88 号"}))]
pub struct CreateProjectRequest {
    /// Project name, e.g. 滨江壹号.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// City.
    #[schema(min_length = 1, max_length = 50)]
    pub city: String,
    /// Address of the sales office.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub address: String,
    /// IANA time zone the sales office works in (default `Asia/Shanghai`): days for
    /// agendas and reminders are cut in it.
    #[validate(custom(function = "validate_timezone"))]
    #[schema(value_type = Option<crate::http::schema_types::TimeZoneName>)]
    pub timezone: Option<String>,
}

/// Changes to a project (admins).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "address": "滨江区江南大道 99 号"}))]
pub struct UpdateProjectRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    /// New name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// New city.
    #[schema(min_length = 1, max_length = 50)]
    pub city: Option<String>,
    /// New address.
    #[schema(max_length = 200)]
    pub address: Option<String>,
    /// New time zone.
    #[validate(custom(function = "validate_timezone"))]
    #[schema(value_type = Option<crate::http::schema_types::TimeZoneName>)]
    pub timezone: Option<String>,
}

/// A project.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProjectView {
    /// Project id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// Address of the sales office.
    pub address: String,
    /// IANA time zone.
    pub timezone: String,
    /// Send back with updates.
    pub version: i32,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Project> for ProjectView {
    fn from(p: Project) -> Self {
        Self {
            id: p.id.into(),
            name: p.name,
            city: p.city,
            address: p.address,
            timezone: p.timezone,
            version: p.version,
            created_at: p.created_at.and_utc(),
            updated_at: p.updated_at.and_utc(),
        }
    }
}

/// A project's protection rules (保护期) and its front-of-house rules.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProtectionRulesView {
    /// Days a lead stays with its owner after its latest contact, claim, transfer or
    /// registration before it goes to the public pool (公海).
    pub lead_protection_days: i32,
    /// Days a channel report (报备) stays valid without the customer's visit.
    pub report_valid_days: i32,
    /// Days a reported customer who arrived stays with the channel.
    pub arrival_protection_days: i32,
    /// How agents report phones: `full`, or `masked` (first 3 and last 4 digits).
    pub report_phone_mode: ReportPhoneMode,
    /// Whether new walk-ins are assigned through the day's rotation (轮排).
    pub rotation_enabled: bool,
    /// False while the project follows the defaults (`ANCHANG_PROTECTION_DAYS`, 7, 90,
    /// `full`, rotation on).
    pub customised: bool,
    /// Counts the project's saves (0 while the defaults hold).
    pub version: i32,
}

/// New rules for a project; a field left out (or null) keeps its current value.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lead_protection_days": 15, "report_valid_days": 7, "arrival_protection_days": 90,
    "report_phone_mode": "masked", "rotation_enabled": true}))]
pub struct ProtectionRulesRequest {
    /// Days a lead stays with its owner without a contact, 1–365.
    #[schema(minimum = 1, maximum = 365)]
    pub lead_protection_days: Option<i32>,
    /// Days a channel report stays valid without a visit, 1–90.
    #[schema(minimum = 1, maximum = 90)]
    pub report_valid_days: Option<i32>,
    /// Days an arrived reported customer stays with the channel, 1–365.
    #[schema(minimum = 1, maximum = 365)]
    pub arrival_protection_days: Option<i32>,
    /// `full` or `masked`.
    pub report_phone_mode: Option<ReportPhoneMode>,
    /// Whether new walk-ins go through the rotation.
    pub rotation_enabled: Option<bool>,
}

/// A project in a list of someone's projects.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProjectSummary {
    /// Project id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// IANA time zone.
    pub timezone: String,
}

impl From<Project> for ProjectSummary {
    fn from(p: Project) -> Self {
        Self { id: p.id.into(), name: p.name, city: p.city, timezone: p.timezone }
    }
}

impl From<Member> for MemberView {
    fn from(m: Member) -> Self {
        Self {
            user_id: m.user_id.into(),
            username: m.username,
            display_name: m.display_name,
            role: m.role,
            status: m.status,
            joined_at: m.joined_at.and_utc(),
        }
    }
}

/// A member of a project.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberView {
    /// The member's account id.
    pub user_id: Uuid,
    /// Login name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Whether the account may sign in.
    pub status: UserStatus,
    /// When they joined the project.
    pub joined_at: DateTime<Utc>,
}

/// Filters of the project list.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListProjectsQuery {
    /// Part of the name.
    #[param(min_length = 1, max_length = 100)]
    pub q: Option<String>,
    /// Only this city.
    #[param(min_length = 1, max_length = 50)]
    pub city: Option<String>,
}
