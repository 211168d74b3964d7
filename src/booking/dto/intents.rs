//! Bodies of unit intents, the heat map and the rehearsal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::booking::UnitStatus;
use crate::words::Grade;

/// One wish: a unit and its rank (1 = first choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntentInput {
    pub unit_id: Uuid,
    #[schema(minimum = 1, maximum = 3)]
    pub rank: i32,
}

/// A lead's intent with the unit it names.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IntentView {
    pub rank: i32,
    pub unit_id: Uuid,
    pub building: String,
    pub room: String,
    pub layout: String,
    pub list_price_fen: i64,
    pub status: UnitStatus,
}

/// One entry of the intent register (意向房号变动登记表).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IntentChangeView {
    pub id: Uuid,
    pub lead_id: Uuid,
    pub lead_name: String,
    /// The intents before, as (rank, unit id).
    pub before: Vec<IntentInput>,
    pub after: Vec<IntentInput>,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTime<Utc>,
}

/// From when to list the register.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IntentChangesQuery {
    /// Changes at or after this time.
    pub from: Option<DateTime<Utc>>,
}

/// Someone who wants a unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitSuitor {
    pub lead_id: Uuid,
    pub lead_name: String,
    pub rank: i32,
    /// Subscription queue number, if subscribed.
    pub queue_no: Option<i64>,
    pub grade: Option<Grade>,
    pub score: Option<f64>,
}

/// Who wants a unit, in priority order: first choices first, then by queue number.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitIntents {
    pub unit_id: Uuid,
    /// Everyone who wants it, including leads the caller may not see.
    pub total: usize,
    pub first_choices: usize,
    /// Those the caller may see (a salesperson: their own leads).
    pub items: Vec<UnitSuitor>,
}

crate::text_enum! {
    /// Who chooses first at the opening (and in the rehearsal).
    pub enum Priority {
        /// By subscription queue number (first paid, first served).
        QueueNo = "queue_no",
        /// Most sincere first (百分位客户优先制): by score.
        Score = "score",
        /// By score, ties by queue number.
        ScoreThenQueue = "score_then_queue",
    }
}

/// How to run the rehearsal.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RehearsalRequest {
    /// Default `score_then_queue`.
    pub priority: Option<Priority>,
}

crate::text_enum! {
    /// When a unit is predicted to sell.
    pub enum WaveName {
        /// Taken by a buyer's first choice: sells in the first wave.
        First = "first",
        /// Taken by a buyer's second choice.
        Second = "second",
        /// Taken by a buyer's third choice.
        Third = "third",
        /// Nobody is predicted to take it.
        None = "none",
    }
}

/// A better choice a customer loses, and to whom.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LostChoice {
    pub unit_id: Uuid,
    pub taken_by: Uuid,
}

/// What the rehearsal predicts for a customer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CustomerOutcome {
    pub lead_id: Uuid,
    pub lead_name: String,
    pub queue_no: Option<i64>,
    pub score: Option<f64>,
    pub unit_id: Option<Uuid>,
    /// 1 = got the first choice.
    pub choice: Option<i32>,
    pub lost: Vec<LostChoice>,
}

/// What the rehearsal predicts for a unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitOutcome {
    pub unit_id: Uuid,
    pub buyer_lead_id: Uuid,
    pub wave: WaveName,
}

/// A unit wanted first by several customers: guide some elsewhere before opening.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Overlap {
    pub unit_id: Uuid,
    pub building: String,
    pub room: String,
    pub first_choice_count: usize,
}

/// The rehearsal's prediction.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RehearsalResult {
    pub priority: Priority,
    /// Customers with intents, in priority order.
    pub customers: Vec<CustomerOutcome>,
    pub units: Vec<UnitOutcome>,
    /// Customers who get a unit.
    pub served: usize,
    /// Units that can be sold (not held, reserved or sold).
    pub sellable_units: usize,
    /// Share of sellable units predicted to sell, 0–1.
    pub sell_through: f64,
    pub overlaps: Vec<Overlap>,
}

/// One room of the heat map.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HeatRoom {
    pub unit_id: Uuid,
    pub room: String,
    pub layout: String,
    pub status: UnitStatus,
    pub first_choice_count: usize,
    pub total_intent_count: usize,
    pub wave: WaveName,
}

/// One floor of a building.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HeatFloor {
    pub floor: i32,
    pub rooms: Vec<HeatRoom>,
}

/// One building, top floor first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HeatBuilding {
    pub building: String,
    pub floors: Vec<HeatFloor>,
}

/// The heat map (开盘开花图).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HeatMap {
    /// The priority the waves were predicted with.
    pub priority: Priority,
    pub buildings: Vec<HeatBuilding>,
}

/// Most intents a lead may rank.
pub const MAX_INTENTS: usize = 3;

crate::bounded_list!(
    /// The body of `PUT /leads/{id}/intents`: the ranked intents, at most 3.
    IntentList of IntentInput, 0, MAX_INTENTS
);
