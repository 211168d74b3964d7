//! Request and response bodies of the rotation (轮排).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::reception::DutyState;

/// Today's rotation of a project.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RotationView {
    pub project_id: Uuid,
    /// The project's date it is for (the queue starts afresh each day, in the project's zone).
    pub date: NaiveDate,
    /// Whether new walk-ins are assigned through it (the project's `rotation_enabled`).
    pub rotation_enabled: bool,
    /// Everyone who checked in today: those on duty in queue order, then those away.
    pub queue: Vec<RotationEntryView>,
    /// Whom the next walk-in goes to; null when nobody is on duty.
    pub next_user_id: Option<Uuid>,
}

/// One person in the rotation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RotationEntryView {
    pub user_id: Uuid,
    pub display_name: String,
    pub state: DutyState,
    /// 1 for the next walk-in's, 2 after them…; null while away.
    pub position: Option<i32>,
    /// Walk-ins assigned to them today.
    pub served_today: i32,
    /// When they first checked in today.
    pub checked_in_at: DateTime<Utc>,
}

/// A manager's skip (轮空): the person goes to the end of the queue.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"user_id": "0192f0c1-5b7e-7c3a-9d1e-3a4b5c6d7e8f", "reason": "接待老客户中"}))]
pub struct SkipRequest {
    /// Who is skipped; they must be on duty.
    pub user_id: Uuid,
    /// Why, for the audit trail and the floor.
    #[schema(min_length = 2, max_length = 200)]
    pub reason: String,
}
