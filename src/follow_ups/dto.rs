//! Request and response bodies of follow-ups, the agenda, the overdue alert and cadence.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::words::{Channel, ContactPurpose, InitiatedBy};
use crate::words::{Grade, LeadStatus};

/// One contact with the buyer.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"channel": "visit", "purpose": "resolve_doubts", "content": "带看样板间，关心学区",
    "customer_feedback": "觉得价格偏高", "happened_at": "2026-11-23T06:30:00Z", "initiated_by": "customer",
    "next_follow_up_at": "2026-11-25T02:00:00Z", "next_purpose": "push_progress"}))]
pub struct RecordFollowUpRequest {
    /// How the buyer was reached.
    pub channel: Channel,
    /// Why.
    pub purpose: ContactPurpose,
    /// What was said or shown.
    #[schema(min_length = 1, max_length = 4000)]
    pub content: String,
    /// What the buyer said back.
    #[schema(max_length = 2000)]
    pub customer_feedback: Option<String>,
    /// When it happened (not in the future beyond a few minutes).
    pub happened_at: DateTime<Utc>,
    /// Length of a call, in seconds.
    #[schema(minimum = 0, maximum = 86400)]
    pub duration_seconds: Option<i32>,
    /// Who started it: a buyer who calls back is a strong sign.
    pub initiated_by: InitiatedBy,
    /// When to contact the buyer next; default: by the cadence of the lead's grade.
    pub next_follow_up_at: Option<DateTime<Utc>>,
    /// Why, next time.
    pub next_purpose: Option<ContactPurpose>,
    /// Whether the one who decides (e.g. the spouse paying) was there, on a visit.
    #[serde(default)]
    pub decision_maker_present: bool,
}

/// Corrections by the author within 24 hours. Channel, time and who started the contact
/// are facts and cannot change; absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "customer_feedback": "觉得价格偏高，想等开盘优惠"}))]
pub struct UpdateFollowUpRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    /// Why.
    pub purpose: Option<ContactPurpose>,
    /// What was said or shown.
    #[schema(min_length = 1, max_length = 4000)]
    pub content: Option<String>,
    /// What the buyer said back.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(max_length = 2000)]
    pub customer_feedback: Option<Option<String>>,
    /// Length of a call, in seconds.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 86400)]
    pub duration_seconds: Option<Option<i32>>,
    /// When to contact the buyer next; `null` returns to the cadence.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub next_follow_up_at: Option<Option<DateTime<Utc>>>,
    /// Why, next time.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub next_purpose: Option<Option<ContactPurpose>>,
}

/// Where the lead stands after a follow-up was recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LeadProgress {
    pub status: LeadStatus,
    pub visit_count: i32,
    pub call_count: i32,
    pub show_flat_visits: i32,
    pub last_interaction_at: DateTime<Utc>,
    pub next_follow_up_at: Option<DateTime<Utc>>,
    pub next_purpose: Option<ContactPurpose>,
    /// The grade after this contact.
    pub grade: Option<Grade>,
    /// The owner holds the lead until then.
    pub protected_until: DateTime<Utc>,
    /// The lead's new `version`, for its next edit.
    pub version: i32,
}

/// A follow-up as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FollowUpView {
    pub id: Uuid,
    pub lead_id: Uuid,
    pub project_id: Uuid,
    /// Who made the contact.
    pub author_id: Uuid,
    pub author_display_name: String,
    pub channel: Channel,
    pub purpose: ContactPurpose,
    pub content: String,
    pub customer_feedback: Option<String>,
    pub happened_at: DateTime<Utc>,
    pub duration_seconds: Option<i32>,
    pub initiated_by: InitiatedBy,
    pub next_follow_up_at: Option<DateTime<Utc>>,
    pub next_purpose: Option<ContactPurpose>,
    /// The decision maker was there.
    pub decision_maker_present: bool,
    /// The author may correct it until then.
    pub editable_until: DateTime<Utc>,
    /// Send back with corrections.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Only when just recorded: the lead's state after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<LeadProgress>,
}

/// A manager's review of their team's contacts.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFollowUpsQuery {
    /// Only this project.
    pub project_id: Option<Uuid>,
    /// Only contacts made by this salesperson.
    pub owner_id: Option<Uuid>,
    /// Happened at or after.
    pub from: Option<DateTime<Utc>>,
    /// Happened before.
    pub to: Option<DateTime<Utc>>,
}

/// Which day the agenda is for.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgendaQuery {
    /// A calendar date (`2026-11-23`); default: today in each project's time zone.
    pub date: Option<NaiveDate>,
}

/// A lead on the agenda: what a salesperson needs to pick up the phone.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgendaItem {
    pub lead_id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    /// In clear for the lead's owner (the call button of their agenda); masked
    /// (`138****8000`) for anyone else, e.g. a manager reading the overdue alert.
    pub phone: String,
    pub grade: Option<Grade>,
    pub status: LeadStatus,
    pub next_follow_up_at: Option<DateTime<Utc>>,
    pub next_purpose: Option<ContactPurpose>,
    /// The last contact: when, and how.
    pub last_interaction_at: DateTime<Utc>,
    pub last_contact_channel: Option<Channel>,
    /// For `care`: the coming birthday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday_on: Option<NaiveDate>,
    /// For `care`: why the buyer is cared for, and on which day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care_kind: Option<crate::follow_ups::care::CareKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care_on: Option<NaiveDate>,
    /// For `care` tasks: the occasion in words ("春节", "购房2周年", "交房前90天（2027-06-30交房）").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasion: Option<String>,
    /// For `care`: the channel the buyer's consent to contact came through — the one to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_channel: Option<String>,
}

/// How many leads each bucket holds (each list stops at 100).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct AgendaCounts {
    pub overdue: usize,
    pub today: usize,
    pub upcoming: usize,
    pub care: usize,
}

/// The salesperson's day, in one request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Agenda {
    /// Next follow-up due before the day began; most overdue first.
    pub overdue: Vec<AgendaItem>,
    /// Due during the day.
    pub today: Vec<AgendaItem>,
    /// Due in the 7 days after it.
    pub upcoming: Vec<AgendaItem>,
    /// Birthdays in the 7 days from the day (关怀).
    pub care: Vec<AgendaItem>,
    /// Full sizes of the buckets.
    pub counts: AgendaCounts,
}

/// Which project's neglected leads to show.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverdueQuery {
    /// The project.
    pub project_id: Uuid,
    /// Days without a contact that count as neglected (default `ANCHANG_OVERDUE_DAYS`, 30).
    #[param(minimum = 1, maximum = 3650)]
    pub days: Option<i64>,
}

/// One salesperson's neglected leads.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OwnerOverdue {
    pub owner_id: Uuid,
    pub owner_display_name: String,
    /// Neglected leads in all.
    pub count: usize,
    /// Of them, not contacted for `days`.
    pub not_contacted: usize,
    /// Of them, next follow-up late by more than the grade's cadence.
    pub late_follow_up: usize,
    /// The most neglected, at most 20.
    pub leads: Vec<AgendaItem>,
}

/// "某客户30天未跟进": a project's neglected leads, grouped by owner, most first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OverdueAlert {
    pub project_id: Uuid,
    pub days: i64,
    /// Neglected leads in the project.
    pub total: usize,
    pub owners: Vec<OwnerOverdue>,
}

/// A project's follow-up cadence, with the version to send back.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CadenceView {
    #[serde(flatten)]
    pub cadence: super::cadence::Cadence,
    /// False while the project follows the default (A 3, B 7, C 14, D 30 days).
    pub customised: bool,
}

/// A new cadence.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"a_days": 2, "b_days": 7, "c_days": 14, "d_days": 30}))]
pub struct CadenceRequest {
    /// Days between contacts for grade A.
    #[schema(minimum = 1, maximum = 365)]
    pub a_days: i32,
    /// Grade B.
    #[schema(minimum = 1, maximum = 365)]
    pub b_days: i32,
    /// Grade C and ungraded leads.
    #[schema(minimum = 1, maximum = 365)]
    pub c_days: i32,
    /// Grade D.
    #[schema(minimum = 1, maximum = 365)]
    pub d_days: i32,
}
