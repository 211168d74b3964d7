//! `lead_status_moves`: each move of a lead's status, kept when it happens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Lead;
use crate::db::{Conn, Id};
use crate::schema::{lead_status_moves, leads};
use crate::words::{ChannelCredit, Grade, LeadStatus, LostReason, SourceChannel};

/// Who held a lead, through which channel and at which grade: what a status move keeps.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = leads)]
pub struct HeldBy {
    pub id: Id,
    pub project_id: Id,
    pub status: LeadStatus,
    pub owner_id: Id,
    pub source_channel: SourceChannel,
    pub channel_id: Option<Id>,
    pub grade: Option<Grade>,
}

impl From<&Lead> for HeldBy {
    fn from(lead: &Lead) -> Self {
        HeldBy {
            id: lead.id,
            project_id: lead.project_id,
            status: lead.status,
            owner_id: lead.owner_id,
            source_channel: lead.source_channel,
            channel_id: lead.channel_id,
            grade: lead.grade,
        }
    }
}

/// A move of a lead's status, kept as its own row when it happens (`lead_status_moves`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = lead_status_moves)]
pub struct StatusMove {
    pub lead_id: Id,
    pub moved_at: NaiveDateTime,
    pub to_status: LeadStatus,
    pub project_id: Id,
    pub from_status: Option<LeadStatus>,
    pub lost_reason: Option<LostReason>,
    pub owner_id: Id,
    pub source_channel: SourceChannel,
    pub channel_id: Option<Id>,
    pub grade: Option<Grade>,
}

impl StatusMove {
    /// A move of this lead from its status now (fill in `to`, the reason and the time).
    pub fn of(held: &HeldBy) -> Self {
        StatusMove {
            lead_id: held.id,
            moved_at: crate::db::now(),
            to_status: held.status,
            project_id: held.project_id,
            from_status: Some(held.status),
            lost_reason: None,
            owner_id: held.owner_id,
            source_channel: held.source_channel,
            channel_id: held.channel_id,
            grade: held.grade,
        }
    }

    /// Keeps the move (once: a repeat of the same move at the same instant is one move).
    pub fn record(&self, conn: &mut Conn) -> QueryResult<()> {
        crate::db::insert_or_ignore!(conn, lead_status_moves::table, self).map(|_| ())
    }

    /// Credits the lead's moves from `since` (all of them when `None`) to a channel: what an
    /// upheld appeal or a confirmed arrival corrects.
    pub fn reattribute(
        conn: &mut Conn,
        lead: Id,
        since: Option<NaiveDateTime>,
        credit: ChannelCredit,
    ) -> QueryResult<()> {
        let mut moves =
            diesel::update(lead_status_moves::table.filter(lead_status_moves::lead_id.eq(lead))).into_boxed();
        if let Some(since) = since {
            moves = moves.filter(lead_status_moves::moved_at.ge(since));
        }
        moves
            .set((
                lead_status_moves::source_channel.eq(credit.source_channel),
                lead_status_moves::channel_id.eq(credit.channel_id),
            ))
            .execute(conn)
            .map(|_| ())
    }
}
