//! Status moves (`lead_status_moves`, kept by leads when a status moves) in a range.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::schema::lead_status_moves;
use crate::words::{Grade, LeadStatus, LostReason, SourceChannel};

/// A move into or out of `lost`, with who held the buyer then.
#[derive(Debug, Clone, Queryable)]
pub struct LostMove {
    pub from_status: Option<LeadStatus>,
    pub to_status: LeadStatus,
    pub lost_reason: Option<LostReason>,
    pub owner_id: Id,
    pub source_channel: SourceChannel,
    pub grade: Option<Grade>,
}

/// The project's moves into or out of `lost` in `[start, end)` (of buyers `only` held
/// then, when it names a salesperson).
pub fn lost_moves(
    conn: &mut Conn,
    project: Id,
    start: NaiveDateTime,
    end: NaiveDateTime,
    only: Option<Id>,
) -> QueryResult<Vec<LostMove>> {
    let mut query = lead_status_moves::table
        .filter(lead_status_moves::project_id.eq(project))
        .filter(lead_status_moves::moved_at.ge(start))
        .filter(lead_status_moves::moved_at.lt(end))
        .filter(
            lead_status_moves::to_status
                .eq(LeadStatus::Lost)
                .or(lead_status_moves::from_status.eq(LeadStatus::Lost).assume_not_null()),
        )
        .select((
            lead_status_moves::from_status,
            lead_status_moves::to_status,
            lead_status_moves::lost_reason,
            lead_status_moves::owner_id,
            lead_status_moves::source_channel,
            lead_status_moves::grade,
        ))
        .into_boxed();
    if let Some(owner) = only {
        query = query.filter(lead_status_moves::owner_id.eq(owner));
    }
    query.load(conn)
}
