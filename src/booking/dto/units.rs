//! Bodies of units: the import, the list, edits, prices and holds.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::booking::UnitStatus;

/// One unit of an import; (building, room) names it within the project.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"building": "1栋", "unit_no": "1单元", "floor": 12, "room": "1201", "layout": "3房2厅",
    "area_sqm": 118.5, "orientation": "南北", "list_price_fen": 356000000}))]
pub struct UnitRow {
    /// 楼栋, e.g. 1栋.
    #[schema(min_length = 1, max_length = 32)]
    pub building: String,
    /// 单元, e.g. 1单元 (also accepted as `unit`).
    #[serde(default, alias = "unit")]
    #[schema(max_length = 32)]
    pub unit_no: String,
    #[schema(minimum = -10, maximum = 200)]
    pub floor: i32,
    /// 房号, e.g. 1201.
    #[schema(min_length = 1, max_length = 32)]
    pub room: String,
    /// 户型, e.g. 3房2厅.
    #[schema(min_length = 1, max_length = 32)]
    pub layout: String,
    #[schema(maximum = 10000.0, exclusive_minimum = 0.0)]
    pub area_sqm: f64,
    #[schema(min_length = 1, max_length = 32)]
    pub orientation: Option<String>,
    /// List price in fen.
    #[schema(minimum = 1, maximum = 1e12)]
    pub list_price_fen: i64,
    /// Price box (±3% before pricing): lowest.
    #[schema(minimum = 1, maximum = 1e12)]
    pub price_low_fen: Option<i64>,
    /// Price box: highest.
    #[schema(minimum = 1, maximum = 1e12)]
    pub price_high_fen: Option<i64>,
}

crate::text_enum! {
    /// What happened to one imported row.
    pub enum UnitRowStatus {
        /// A new unit was created.
        Created = "created",
        /// Existed and some field changed (a price change is kept in the price history).
        Updated = "updated",
        /// Existed exactly so.
        Unchanged = "unchanged",
        /// Refused; see `errors`.
        Invalid = "invalid",
    }
}

/// One row of an import report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitRowResult {
    /// 1-based row number.
    pub row: usize,
    pub status: UnitRowStatus,
    pub unit_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::error::FieldError>,
}

/// The report of a unit import.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub invalid: usize,
    pub results: Vec<UnitRowResult>,
}

/// A unit as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub building: String,
    pub unit_no: String,
    pub floor: i32,
    pub room: String,
    pub layout: String,
    pub area_sqm: f64,
    pub orientation: Option<String>,
    pub list_price_fen: i64,
    pub price_low_fen: Option<i64>,
    pub price_high_fen: Option<i64>,
    pub status: UnitStatus,
    /// Why a manager holds it back.
    pub hold_reason: Option<String>,
    /// Send back with changes.
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// Filters of the unit list.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListUnitsQuery {
    #[param(min_length = 1, max_length = 32)]
    pub building: Option<String>,
    #[param(min_length = 1, max_length = 32)]
    pub layout: Option<String>,
    pub status: Option<UnitStatus>,
    pub floor: Option<i32>,
}

/// A manager's change of a unit.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "list_price_fen": 362000000, "price_low_fen": 351000000, "price_high_fen": 373000000}))]
pub struct UpdateUnitRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    #[schema(minimum = 1, maximum = 1e12)]
    pub list_price_fen: Option<i64>,
    /// `null` removes the price box's low end.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 1e12)]
    pub price_low_fen: Option<Option<i64>>,
    /// `null` removes the price box's high end.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    #[schema(minimum = 0, maximum = 1e12)]
    pub price_high_fen: Option<Option<i64>>,
    #[schema(min_length = 1, max_length = 32)]
    pub layout: Option<String>,
}

/// One price a unit had.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitPriceView {
    pub list_price_fen: i64,
    pub price_low_fen: Option<i64>,
    pub price_high_fen: Option<i64>,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTime<Utc>,
}

/// Why a unit is held back.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldRequest {
    /// e.g. 留给老业主 / 样板间.
    #[schema(min_length = 2, max_length = 200)]
    pub reason: String,
}

crate::bounded_list!(
    /// A sales table sent as JSON: 1 to 10,000 rows, each with the fields of `UnitRow`.
    /// A row that breaks `UnitRow`'s rules does not refuse the import: it is reported as
    /// `invalid` with its errors, and the other rows are imported.
    UnitRows of rows, 1, MAX_IMPORT_ROWS
);

/// Most rows one inventory import takes.
pub const MAX_IMPORT_ROWS: usize = 10_000;
