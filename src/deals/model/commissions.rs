//! Commissions (结佣) accrued on deals, and their moves.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::channels::{CommissionKind, CommissionMilestone};
use crate::db::{Conn, Id};
use crate::deals::{lifecycle, CommissionStatus};
use crate::schema::commissions;

/// A commission a deal earned a channel, with the rule it was accrued under.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = commissions)]
pub struct Commission {
    pub id: Id,
    pub project_id: Id,
    pub channel_id: Id,
    pub deal_id: Id,
    pub payee_lead_id: Option<Id>,
    pub kind: CommissionKind,
    pub value: i64,
    pub milestone: CommissionMilestone,
    pub milestone_percent: Option<i32>,
    pub amount_fen: i64,
    pub status: CommissionStatus,
    pub accrued_at: NaiveDateTime,
    pub payable_at: Option<NaiveDateTime>,
    pub paid_at: Option<NaiveDateTime>,
    pub paid_reference: Option<String>,
    pub paid_by: Option<Id>,
    pub clawed_back_at: Option<NaiveDateTime>,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

/// How a commission moves; each names what the move records.
#[derive(Debug, Clone, Copy)]
pub enum CommissionMove<'a> {
    /// Its milestone was reached.
    Payable { at: NaiveDateTime },
    /// Finance paid it.
    Paid { at: NaiveDateTime, reference: &'a str, by: Id },
    /// Its deal was cancelled.
    ClawedBack { at: NaiveDateTime },
}

impl CommissionMove<'_> {
    fn target(self) -> CommissionStatus {
        match self {
            CommissionMove::Payable { .. } => CommissionStatus::Payable,
            CommissionMove::Paid { .. } => CommissionStatus::Paid,
            CommissionMove::ClawedBack { .. } => CommissionStatus::ClawedBack,
        }
    }
}

impl Commission {
    /// The commission with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Commission>> {
        commissions::table.find(id).select(Commission::as_select()).first(conn).optional()
    }

    /// A deal's commissions.
    pub fn of_deal(conn: &mut Conn, deal_id: Id) -> QueryResult<Vec<Commission>> {
        commissions::table
            .filter(commissions::deal_id.eq(deal_id))
            .select(Commission::as_select())
            .order(commissions::id)
            .load(conn)
    }

    /// Stores a new commission.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(commissions::table).values(self).execute(conn).map(|_| ())
    }

    /// Moves the commission if it is still in `self.status`: whether it moved. The one
    /// writer of `commissions.status` ([`lifecycle::commission_may_move`]).
    pub fn make_move(&self, conn: &mut Conn, to: CommissionMove<'_>) -> QueryResult<bool> {
        if !lifecycle::commission_may_move(self.status, to.target()) {
            return Ok(false);
        }
        let still = commissions::table.filter(commissions::id.eq(self.id)).filter(commissions::status.eq(self.status));
        let moved = match to {
            CommissionMove::Payable { at } => diesel::update(still)
                .set((
                    commissions::status.eq(CommissionStatus::Payable),
                    commissions::payable_at.eq(at),
                    commissions::version.eq(commissions::version + 1),
                    commissions::updated_at.eq(at),
                ))
                .execute(conn)?,
            CommissionMove::Paid { at, reference, by } => diesel::update(still)
                .set((
                    commissions::status.eq(CommissionStatus::Paid),
                    commissions::paid_at.eq(at),
                    commissions::paid_reference.eq(reference),
                    commissions::paid_by.eq(by),
                    commissions::version.eq(commissions::version + 1),
                    commissions::updated_at.eq(crate::db::now()),
                ))
                .execute(conn)?,
            CommissionMove::ClawedBack { at } => diesel::update(still)
                .set((
                    commissions::status.eq(CommissionStatus::ClawedBack),
                    commissions::clawed_back_at.eq(at),
                    commissions::version.eq(commissions::version + 1),
                    commissions::updated_at.eq(at),
                ))
                .execute(conn)?,
        };
        Ok(moved == 1)
    }

    /// A new amount after the deal's price changed, while the commission is unpaid
    /// (`accrued` or `payable`): whether it was repriced.
    pub fn reprice(&self, conn: &mut Conn, amount_fen: i64, at: NaiveDateTime) -> QueryResult<bool> {
        let unpaid = commissions::table
            .filter(commissions::id.eq(self.id))
            .filter(commissions::status.eq_any([CommissionStatus::Accrued, CommissionStatus::Payable]));
        let repriced = diesel::update(unpaid)
            .set((
                commissions::amount_fen.eq(amount_fen),
                commissions::version.eq(commissions::version + 1),
                commissions::updated_at.eq(at),
            ))
            .execute(conn)?;
        Ok(repriced == 1)
    }

    /// Whether `collected_fen` of a deal of `price_fen` reaches the commission's milestone.
    pub fn milestone_reached(&self, collected_fen: i64, price_fen: i64) -> bool {
        match (self.milestone, self.milestone_percent) {
            (CommissionMilestone::Signed, _) => true,
            (CommissionMilestone::CollectedPercent, percent) => {
                i128::from(collected_fen) * 100 >= i128::from(price_fen) * i128::from(percent.unwrap_or(100))
            }
        }
    }
}
