//! Bodies of unit intents (意向房号): a lead's choices, their history, a unit's suitors.

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

/// Most intents a lead may rank.
pub const MAX_INTENTS: usize = 3;

crate::bounded_list!(
    /// The body of `PUT /leads/{id}/intents`: the ranked intents, at most 3.
    IntentList of IntentInput, 0, MAX_INTENTS
);
