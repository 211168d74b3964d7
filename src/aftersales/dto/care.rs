//! Request and response bodies of a project's care rules.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::follow_ups::care::Festival;

/// What a project cares for.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"birthdays": true, "purchase_anniversaries": true, "delivery_countdown_days": 90,
    "festivals": [{"name": "春节", "dates": ["2027-02-06"]}, {"name": "中秋", "dates": ["2027-09-15"]}]}))]
pub struct CareRulesRequest {
    /// Care on buyers' birthdays.
    pub birthdays: bool,
    /// Care on the anniversary of each signing.
    pub purchase_anniversaries: bool,
    /// Care this many days before each handover (交房前), 1–365; null: none.
    #[schema(minimum = 1, maximum = 365)]
    pub delivery_countdown_days: Option<i32>,
    /// Festivals with their dates per year (at most 30), for the signed buyers.
    #[schema(max_items = 30)]
    pub festivals: Vec<Festival>,
}

/// The care rules a project follows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CareRulesView {
    pub birthdays: bool,
    pub purchase_anniversaries: bool,
    pub delivery_countdown_days: Option<i32>,
    pub festivals: Vec<Festival>,
    /// False while the project follows the default (birthdays, anniversaries, 90 days before
    /// the handover, no festivals).
    pub customised: bool,
    pub version: i32,
}
