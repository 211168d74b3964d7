//! Deals, their schedules and their changes of unit.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::deals::plan::Due;
use crate::deals::{lifecycle, DealStatus, DueKind, MortgageStage, PlanKind};
use crate::schema::{deal_changes, deal_dues, deals};
use crate::words::SourceChannel;

/// A deal (签约).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = deals)]
pub struct Deal {
    pub id: Id,
    pub project_id: Id,
    pub reservation_id: Id,
    pub lead_id: Id,
    pub unit_id: Id,
    pub owner_id: Id,
    pub channel_id: Option<Id>,
    pub contract_no: String,
    pub price_fen: i64,
    pub plan_kind: PlanKind,
    pub mortgage_stage: Option<MortgageStage>,
    pub mortgage_applied_at: Option<NaiveDateTime>,
    pub mortgage_approved_at: Option<NaiveDateTime>,
    pub mortgage_disbursed_at: Option<NaiveDateTime>,
    pub status: DealStatus,
    pub signed_at: NaiveDateTime,
    pub signed_by: Id,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancelled_by: Option<Id>,
    pub cancel_reason: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// How the buyer came when the deal was signed (with `owner_id` and `channel_id`: who
    /// the deal counts for in reports).
    pub source_channel: SourceChannel,
    /// The expected handover (交房), copied from its building's.
    pub delivery_expected_at: Option<NaiveDate>,
}

/// One item of a deal's schedule, as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = deal_dues)]
pub struct DealDue {
    pub deal_id: Id,
    pub seq: i32,
    pub kind: DueKind,
    pub due_on: Option<NaiveDate>,
    pub amount_fen: i64,
}

impl DealDue {
    /// The schedule item it stores.
    pub fn due(&self) -> Due {
        Due { kind: self.kind, due_on: self.due_on, amount_fen: self.amount_fen }
    }
}

/// A change of unit (换房), as registered.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = deal_changes)]
pub struct DealChange {
    pub id: Id,
    pub deal_id: Id,
    pub from_unit_id: Id,
    pub to_unit_id: Id,
    pub from_price_fen: i64,
    pub to_price_fen: i64,
    pub reason: String,
    pub changed_by: Id,
    pub changed_at: NaiveDateTime,
}

fn refused(what: String) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(what.into())
}

impl Deal {
    /// The deal with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Deal>> {
        deals::table.find(id).select(Deal::as_select()).first(conn).optional()
    }

    /// The deal, read after locking its row: writes to one deal queue behind each other
    /// (payments checked against what is due, a change racing a cancellation).
    pub fn lock(conn: &mut Conn, id: Id) -> QueryResult<Option<Deal>> {
        crate::db::lock_rows_not_keys!(conn, deals::table.filter(deals::id.eq(id)).select(deals::id))?;
        Deal::find(conn, id)
    }

    /// The lead's deals, newest first.
    pub fn of_lead(conn: &mut Conn, lead_id: Id) -> QueryResult<Vec<Deal>> {
        deals::table
            .filter(deals::lead_id.eq(lead_id))
            .select(Deal::as_select())
            .order((deals::signed_at.desc(), deals::id.desc()))
            .load(conn)
    }

    /// Stores a new deal and its schedule.
    pub fn insert(&self, conn: &mut Conn, dues: &[Due]) -> QueryResult<()> {
        diesel::insert_into(deals::table).values(self).execute(conn)?;
        write_dues(conn, self.id, dues)
    }

    /// The schedule, in order.
    pub fn dues(&self, conn: &mut Conn) -> QueryResult<Vec<DealDue>> {
        deal_dues::table
            .filter(deal_dues::deal_id.eq(self.id))
            .select(DealDue::as_select())
            .order(deal_dues::seq)
            .load(conn)
    }

    /// Its changes of unit, oldest first.
    pub fn changes(&self, conn: &mut Conn) -> QueryResult<Vec<DealChange>> {
        deal_changes::table
            .filter(deal_changes::deal_id.eq(self.id))
            .select(DealChange::as_select())
            .order((deal_changes::changed_at, deal_changes::id))
            .load(conn)
    }

    /// Moves the (locked) deal to another unit and price with its new schedule, registering
    /// the change.
    pub fn change_unit(&self, conn: &mut Conn, change: &DealChange, dues: &[Due]) -> QueryResult<()> {
        diesel::update(deals::table.filter(deals::id.eq(self.id)))
            .set((
                deals::unit_id.eq(change.to_unit_id),
                deals::price_fen.eq(change.to_price_fen),
                deals::version.eq(deals::version + 1),
                deals::updated_at.eq(change.changed_at),
            ))
            .execute(conn)?;
        diesel::insert_into(deal_changes::table).values(change).execute(conn)?;
        diesel::delete(deal_dues::table.filter(deal_dues::deal_id.eq(self.id))).execute(conn)?;
        write_dues(conn, self.id, dues)
    }

    /// Cancels the deal if it is still signed: whether it was. The one writer of
    /// `deals.status` ([`lifecycle::deal_may_move`]).
    pub fn cancel(&self, conn: &mut Conn, by: Id, at: NaiveDateTime, reason: &str) -> QueryResult<bool> {
        if !lifecycle::deal_may_move(self.status, DealStatus::Cancelled) {
            return Ok(false);
        }
        let cancelled =
            diesel::update(deals::table.filter(deals::id.eq(self.id)).filter(deals::status.eq(DealStatus::Signed)))
                .set((
                    deals::status.eq(DealStatus::Cancelled),
                    deals::cancelled_at.eq(at),
                    deals::cancelled_by.eq(by),
                    deals::cancel_reason.eq(reason),
                    deals::version.eq(deals::version + 1),
                    deals::updated_at.eq(at),
                ))
                .execute(conn)?;
        Ok(cancelled == 1)
    }

    /// Moves the mortgage to `stage` if it is where `stage` follows from: whether it moved.
    /// A disbursed loan falls due on `due_on`, the project's date of disbursement.
    pub fn move_mortgage(
        &self,
        conn: &mut Conn,
        stage: MortgageStage,
        at: NaiveDateTime,
        due_on: NaiveDate,
    ) -> QueryResult<bool> {
        if lifecycle::next_stage(self.mortgage_stage) != Some(stage) {
            return Err(refused(format!("a mortgage does not move from {:?} to {stage}", self.mortgage_stage)));
        }
        let still = deals::table.filter(deals::id.eq(self.id)).filter(deals::status.eq(DealStatus::Signed));
        let bump = (deals::mortgage_stage.eq(stage), deals::version.eq(deals::version + 1), deals::updated_at.eq(at));
        let moved = match (self.mortgage_stage, stage) {
            (None, _) => diesel::update(still.filter(deals::mortgage_stage.is_null()))
                .set((bump, deals::mortgage_applied_at.eq(at)))
                .execute(conn)?,
            (Some(from), MortgageStage::Approved) => diesel::update(still.filter(deals::mortgage_stage.eq(from)))
                .set((bump, deals::mortgage_approved_at.eq(at)))
                .execute(conn)?,
            (Some(from), _) => diesel::update(still.filter(deals::mortgage_stage.eq(from)))
                .set((bump, deals::mortgage_disbursed_at.eq(at)))
                .execute(conn)?,
        };
        if moved == 1 && stage == MortgageStage::Disbursed {
            diesel::update(
                deal_dues::table.filter(deal_dues::deal_id.eq(self.id)).filter(deal_dues::kind.eq(DueKind::Loan)),
            )
            .set(deal_dues::due_on.eq(due_on))
            .execute(conn)?;
        }
        Ok(moved == 1)
    }
}

fn write_dues(conn: &mut Conn, deal_id: Id, dues: &[Due]) -> QueryResult<()> {
    let rows: Vec<DealDue> = dues
        .iter()
        .zip(1..)
        .map(|(due, seq)| DealDue { deal_id, seq, kind: due.kind, due_on: due.due_on, amount_fen: due.amount_fen })
        .collect();
    crate::db::insert_batch!(conn, rows.as_slice(), |c, values| diesel::insert_into(deal_dues::table)
        .values(values)
        .execute(c))
}

/// The schedules of these deals, each in order.
pub fn dues_of(conn: &mut Conn, deal_ids: &[Id]) -> QueryResult<Vec<DealDue>> {
    deal_dues::table
        .filter(deal_dues::deal_id.eq_any(deal_ids))
        .select(DealDue::as_select())
        .order((deal_dues::deal_id, deal_dues::seq))
        .load(conn)
}
