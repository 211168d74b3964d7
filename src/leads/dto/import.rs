//! Bodies of `POST /leads/import`: the rows sent and the report of what became of each.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Which project an import goes into.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The project every row belongs to.
    pub project_id: Uuid,
}

crate::text_enum! {
    /// The outcome of one imported row.
    pub enum RowStatus {
        /// A lead was created.
        Created = "created",
        /// The phone is already held in the project (or earlier in the file).
        Duplicate = "duplicate",
        /// The row failed validation; see `errors`.
        Invalid = "invalid",
    }
}

/// One row of an import report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RowResult {
    /// 1-based row number (data rows; a CSV header is not counted).
    pub row: usize,
    /// What happened.
    pub status: RowStatus,
    /// The new lead, when created.
    pub lead_id: Option<Uuid>,
    /// Why the row was refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::error::FieldError>,
}

/// The import report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    /// How many leads were created.
    pub created: usize,
    /// One entry per row, in order.
    pub results: Vec<RowResult>,
}

crate::bounded_list!(
    /// A lead import sent as JSON: 1 to 5,000 lead objects (the fields of a registration,
    /// without `project_id`), each checked and reported on its own.
    LeadRows of rows, 1, MAX_IMPORT_ROWS
);

/// Most rows one lead import takes.
pub const MAX_IMPORT_ROWS: usize = 5_000;
