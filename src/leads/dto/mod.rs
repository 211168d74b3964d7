//! Request and response bodies of the leads API: creating, editing and viewing a lead here;
//! the list in `list.rs`, the actions on a lead in `actions.rs`, imports in `import.rs`.

mod actions;
mod history;
mod import;
mod list;
mod referrals;

pub use actions::*;
pub use history::*;
pub use import::*;
pub use list::*;
pub use referrals::*;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::http::schema_types::{Label, MobilePhone};
use crate::words::{Channel, ContactPurpose};

use crate::words::{AgeBand, Gender, Grade, LeadStatus, LostReason, Purpose, SourceChannel};

/// Marketing consent as the buyer gave it.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// Whether the buyer agrees to marketing messages.
    pub granted: bool,
    /// How it was given or withdrawn, e.g. `wechat`, `paper_form`.
    #[schema(min_length = 1, max_length = 32)]
    pub channel: Option<String>,
}

/// The profile of a buyer: everything a salesperson records. Used to create, import and
/// (with every field optional) to update.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"project_id": "0192f0c1-5b7e-7c3a-9d1e-3a4b5c6d7e8f", "name": "王女士",
    "phone": "138 0013 8000", "source_channel": "walk_in", "budget_max_fen": 500000000,
    "intended_layouts": ["3房"], "purpose": "upgrade", "tags": ["多孩家庭"],
    "marketing_consent": {"granted": true, "channel": "wechat"}}))]
pub struct CreateLeadRequest {
    /// The project (楼盘) the buyer is interested in.
    pub project_id: Uuid,
    /// Owner; only managers, admins and integrations may name someone else (default: you).
    pub owner_id: Option<Uuid>,
    /// The buyer's name, e.g. 王女士.
    #[schema(min_length = 1, max_length = 64)]
    pub name: String,
    /// Mainland mobile number; `+86`, spaces and dashes are accepted.
    #[schema(value_type = MobilePhone)]
    pub phone: String,
    /// WeChat id.
    #[schema(min_length = 1, max_length = 64)]
    pub wechat_id: Option<String>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Age band.
    pub age_band: Option<AgeBand>,
    /// Birthday (for care reminders).
    pub birthday: Option<NaiveDate>,
    /// Occupation.
    #[schema(min_length = 1, max_length = 64)]
    pub occupation: Option<String>,
    /// Family structure, e.g. 三口之家.
    #[schema(min_length = 1, max_length = 64)]
    pub family_structure: Option<String>,
    /// District the buyer lives in.
    #[schema(min_length = 1, max_length = 64)]
    pub residence_district: Option<String>,
    /// District the buyer works in.
    #[schema(min_length = 1, max_length = 64)]
    pub work_district: Option<String>,
    /// Where the lead came from.
    pub source_channel: SourceChannel,
    /// Which platform, event or broker exactly.
    #[schema(min_length = 1, max_length = 128)]
    pub channel_detail: Option<String>,
    /// For referrals (老带新): the referring customer, a lead of the same project.
    pub referrer_lead_id: Option<Uuid>,
    /// Lowest budget, in fen.
    #[schema(minimum = 0, maximum = 1e12)]
    pub budget_min_fen: Option<i64>,
    /// Highest budget, in fen.
    #[schema(minimum = 0, maximum = 1e12)]
    pub budget_max_fen: Option<i64>,
    /// Down payment available, in fen.
    #[schema(minimum = 0, maximum = 1e12)]
    pub down_payment_fen: Option<i64>,
    /// Layouts wanted, e.g. ["3房", "4房"].
    #[serde(default)]
    #[schema(value_type = Vec<Label>, max_items = 10)]
    pub intended_layouts: Vec<String>,
    /// Smallest area wanted, m².
    #[schema(minimum = 0.0, maximum = 10000.0)]
    #[schema(minimum = 0, maximum = 10000)]
    pub area_min_sqm: Option<f64>,
    /// Largest area wanted, m².
    #[schema(minimum = 0.0, maximum = 10000.0)]
    #[schema(minimum = 0, maximum = 10000)]
    pub area_max_sqm: Option<f64>,
    /// Why they buy.
    pub purpose: Option<Purpose>,
    /// When they want to move in.
    pub expected_move_in: Option<NaiveDate>,
    /// Who decides, e.g. 夫妻共同.
    #[schema(min_length = 1, max_length = 64)]
    pub decision_maker: Option<String>,
    /// Days until they expect to decide.
    #[schema(minimum = 0, maximum = 3650)]
    #[schema(minimum = 0, maximum = 3650)]
    pub decision_cycle_days: Option<i32>,
    /// What they care about: price, location, amenities, brand, property_management, school, transport, …
    #[serde(default)]
    #[schema(value_type = Vec<Label>, max_items = 20)]
    pub concerns: Vec<String>,
    /// Their doubts, in their words.
    #[schema(max_length = 2000)]
    pub doubts: Option<String>,
    /// Free labels, e.g. 多孩家庭.
    #[serde(default)]
    #[schema(value_type = Vec<Label>, max_items = 20)]
    pub tags: Vec<String>,
    /// Resident ID number (18 characters, valid check digit); stored only encrypted.
    #[schema(value_type = Option<crate::http::schema_types::ResidentId>)]
    pub id_number: Option<String>,
    /// Marketing consent.
    #[validate(nested)]
    pub marketing_consent: Option<ConsentInput>,
}

/// Changes to a lead. Absent fields stay; `null` clears a field. Owner, grade, counters and
/// the statuses subscribed/reserved/signed change only through their own flows.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 3, "status": "visited", "budget_max_fen": 600000000}))]
pub struct UpdateLeadRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    /// Name.
    #[schema(min_length = 1, max_length = 64)]
    pub name: Option<String>,
    /// Phone (re-checked for duplicates).
    #[schema(value_type = Option<MobilePhone>)]
    pub phone: Option<String>,
    /// WeChat id.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub wechat_id: Option<Option<String>>,
    /// Gender.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub gender: Option<Option<Gender>>,
    /// Age band.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub age_band: Option<Option<AgeBand>>,
    /// Birthday.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub birthday: Option<Option<NaiveDate>>,
    /// Occupation.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub occupation: Option<Option<String>>,
    /// Family structure.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub family_structure: Option<Option<String>>,
    /// District the buyer lives in.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub residence_district: Option<Option<String>>,
    /// District the buyer works in.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub work_district: Option<Option<String>>,
    /// Where the lead came from.
    pub source_channel: Option<SourceChannel>,
    /// Which platform, event or broker.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub channel_detail: Option<Option<String>>,
    /// Lowest budget, in fen.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 1e12)]
    pub budget_min_fen: Option<Option<i64>>,
    /// Highest budget, in fen.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 1e12)]
    pub budget_max_fen: Option<Option<i64>>,
    /// Down payment, in fen.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 1e12)]
    pub down_payment_fen: Option<Option<i64>>,
    /// Layouts wanted.
    #[schema(value_type = Option<Vec<Label>>, max_items = 10)]
    pub intended_layouts: Option<Vec<String>>,
    /// Smallest area wanted, m².
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 10000)]
    pub area_min_sqm: Option<Option<f64>>,
    /// Largest area wanted, m².
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 10000)]
    pub area_max_sqm: Option<Option<f64>>,
    /// Why they buy.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub purpose: Option<Option<Purpose>>,
    /// When they want to move in.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub expected_move_in: Option<Option<NaiveDate>>,
    /// Who decides.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub decision_maker: Option<Option<String>>,
    /// Days until they expect to decide.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 3650)]
    pub decision_cycle_days: Option<Option<i32>>,
    /// What they care about.
    #[schema(value_type = Option<Vec<Label>>, max_items = 20)]
    pub concerns: Option<Vec<String>>,
    /// Their doubts.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub doubts: Option<Option<String>>,
    /// Free labels.
    #[schema(value_type = Option<Vec<Label>>, max_items = 20)]
    pub tags: Option<Vec<String>>,
    /// Resident ID number; `null` removes it.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    pub id_number: Option<Option<String>>,
    /// Marketing consent; withdrawing takes effect at once and is kept in history.
    #[validate(nested)]
    pub marketing_consent: Option<ConsentInput>,
    /// new, contacted, visited or lost (subscribed, reserved and signed come from their flows).
    pub status: Option<LeadStatus>,
    /// Required with status `lost`.
    pub lost_reason: Option<LostReason>,
}

/// Marketing consent as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConsentView {
    /// Whether the buyer agrees to marketing messages now.
    pub granted: bool,
    /// How it was given or withdrawn.
    pub channel: Option<String>,
    /// When it was last given or withdrawn.
    pub at: Option<DateTime<Utc>>,
}

/// A lead as the API shows it. `phone` is masked (`138****8000`) for everyone but the owner
/// and managers; the ID number is always masked — read it through `/reveal`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LeadView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub owner_id: Uuid,
    /// Owner's display name.
    pub owner_display_name: String,
    pub name: String,
    /// Clear for the owner and managers, masked otherwise.
    pub phone: String,
    /// Whether `phone` is masked in this response.
    pub phone_masked: bool,
    pub wechat_id: Option<String>,
    pub gender: Option<Gender>,
    pub age_band: Option<AgeBand>,
    pub birthday: Option<NaiveDate>,
    pub occupation: Option<String>,
    pub family_structure: Option<String>,
    pub residence_district: Option<String>,
    pub work_district: Option<String>,
    pub source_channel: SourceChannel,
    pub channel_detail: Option<String>,
    pub referrer_lead_id: Option<Uuid>,
    /// The channel (渠道) the buyer is attributed to: set when a reported buyer arrived.
    pub channel_id: Option<Uuid>,
    /// The report (报备) that brought them.
    pub report_id: Option<Uuid>,
    /// Until when the attribution stays with the channel (the project's
    /// `arrival_protection_days` from the arrival); another channel's report is refused.
    pub channel_protected_until: Option<DateTime<Utc>>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub down_payment_fen: Option<i64>,
    pub intended_layouts: Vec<String>,
    pub area_min_sqm: Option<f64>,
    pub area_max_sqm: Option<f64>,
    pub purpose: Option<Purpose>,
    pub expected_move_in: Option<NaiveDate>,
    pub decision_maker: Option<String>,
    pub decision_cycle_days: Option<i32>,
    pub concerns: Vec<String>,
    pub doubts: Option<String>,
    pub tags: Vec<String>,
    /// Always masked, e.g. `110105********1234`; null when none is recorded.
    pub id_number: Option<String>,
    pub marketing_consent: ConsentView,
    pub status: LeadStatus,
    pub lost_reason: Option<LostReason>,
    pub grade: Option<Grade>,
    pub visit_count: i32,
    pub call_count: i32,
    pub show_flat_visits: i32,
    pub last_interaction_at: DateTime<Utc>,
    /// Until when the owner holds the lead; after it, the lead is in the pool (公海).
    pub protected_until: DateTime<Utc>,
    pub next_follow_up_at: Option<DateTime<Utc>>,
    /// Why the next contact is planned.
    pub next_purpose: Option<ContactPurpose>,
    /// How the buyer was last reached.
    pub last_contact_channel: Option<Channel>,
    /// 0–100: the share of profile fields filled (数据完整率).
    pub completeness: i32,
    /// Send back with updates.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
