//! Bodies of opening day: its settings, the board, the heat map and the rehearsal.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::intents::Priority;
use crate::booking::UnitStatus;

pub use crate::words::{OpeningMode, OpeningState, ReservationStatus};

/// A project's opening-day settings.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"state": "open", "mode": "ordered", "max_units_per_lead": 1, "requires_subscription": true, "called_up_to": 50}))]
pub struct OpeningSettings {
    pub state: OpeningState,
    pub mode: OpeningMode,
    /// Units one lead may hold (default 1).
    #[schema(minimum = 1, maximum = 20)]
    pub max_units_per_lead: i32,
    /// Only leads with an active subscription may reserve (default true).
    pub requires_subscription: bool,
    /// In ordered mode: queue numbers called so far (叫号).
    #[schema(minimum = 0)]
    pub called_up_to: i64,
}

impl Default for OpeningSettings {
    fn default() -> Self {
        Self {
            state: OpeningState::Closed,
            mode: OpeningMode::Free,
            max_units_per_lead: 1,
            requires_subscription: true,
            called_up_to: 0,
        }
    }
}

/// Units by sale status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusCounts {
    pub available: i64,
    pub held: i64,
    pub reserved: i64,
    pub sold: i64,
}

/// Counts for one building or layout.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BoardRow {
    /// The building or the layout.
    pub key: String,
    #[serde(flatten)]
    pub counts: StatusCounts,
}

/// The big screen on opening day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OpeningBoard {
    pub totals: StatusCounts,
    pub by_building: Vec<BoardRow>,
    pub by_layout: Vec<BoardRow>,
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

/// The units of a heat map by what the picture shows of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HeatTotals {
    pub units: usize,
    /// Reserved (认购) or signed (签约): 已售.
    pub sold: usize,
    /// Held back by a manager (销控).
    pub held: usize,
    /// Available units the rehearsal sells in the first, second and third wave
    /// (首批/第二波/第三波消化).
    pub first_wave: usize,
    pub second_wave: usize,
    pub third_wave: usize,
    /// Available units the rehearsal does not sell (未被意向).
    pub unwanted: usize,
    /// Intents over every unit, and the first choices among them.
    pub intents: usize,
    pub first_choices: usize,
}

/// What a room of the heat map is, as its picture and its totals tell it: sold and held
/// units by their status, available ones by the wave the rehearsal sells them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeatKind {
    FirstWave,
    SecondWave,
    ThirdWave,
    Unwanted,
    Sold,
    Held,
}

impl HeatKind {
    pub const ALL: [HeatKind; 6] = [
        HeatKind::FirstWave,
        HeatKind::SecondWave,
        HeatKind::ThirdWave,
        HeatKind::Unwanted,
        HeatKind::Sold,
        HeatKind::Held,
    ];

    pub fn of(room: &HeatRoom) -> HeatKind {
        match (room.status, room.wave) {
            (UnitStatus::Reserved | UnitStatus::Sold, _) => HeatKind::Sold,
            (UnitStatus::Held, _) => HeatKind::Held,
            (UnitStatus::Available, WaveName::First) => HeatKind::FirstWave,
            (UnitStatus::Available, WaveName::Second) => HeatKind::SecondWave,
            (UnitStatus::Available, WaveName::Third) => HeatKind::ThirdWave,
            (UnitStatus::Available, WaveName::None) => HeatKind::Unwanted,
        }
    }
}

impl HeatTotals {
    /// Counts a room in.
    pub fn add(&mut self, room: &HeatRoom) {
        self.units += 1;
        self.intents += room.total_intent_count;
        self.first_choices += room.first_choice_count;
        *self.of_kind_mut(HeatKind::of(room)) += 1;
    }

    /// The rooms of a kind.
    pub fn of_kind(mut self, kind: HeatKind) -> usize {
        *self.of_kind_mut(kind)
    }

    fn of_kind_mut(&mut self, kind: HeatKind) -> &mut usize {
        match kind {
            HeatKind::FirstWave => &mut self.first_wave,
            HeatKind::SecondWave => &mut self.second_wave,
            HeatKind::ThirdWave => &mut self.third_wave,
            HeatKind::Unwanted => &mut self.unwanted,
            HeatKind::Sold => &mut self.sold,
            HeatKind::Held => &mut self.held,
        }
    }
}

/// The heat map (开盘开花图).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HeatMap {
    pub project_id: uuid::Uuid,
    pub project_name: String,
    /// The zone `as_of` is stated in on the picture.
    pub time_zone: String,
    /// The time of the data: the project's last recorded change (`null`: nothing yet).
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// The priority the waves were predicted with.
    pub priority: Priority,
    pub totals: HeatTotals,
    pub buildings: Vec<HeatBuilding>,
}
