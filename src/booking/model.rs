//! Diesel structs of booking, and the project counters behind queue numbers.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{lifecycle, SubscriptionStatus, UnitStatus};
use crate::db::{Conn, Id};
use crate::schema::{
    intent_changes, intents, project_counters, project_openings, reservations, subscriptions, unit_prices, units,
};
use crate::words::{ChannelCredit, OpeningMode, OpeningState, ReservationStatus, SourceChannel};

/// A unit (房号) of a building.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = units)]
pub struct Unit {
    pub id: Id,
    pub project_id: Id,
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
    pub hold_reason: Option<String>,
    pub held_by: Option<Id>,
    pub held_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an import or an edit may change.
#[derive(Debug, Clone, PartialEq, AsChangeset, serde::Serialize)]
#[diesel(table_name = units, treat_none_as_null = true)]
pub struct UnitSpec {
    pub unit_no: String,
    pub floor: i32,
    pub layout: String,
    pub area_sqm: f64,
    pub orientation: Option<String>,
    pub list_price_fen: i64,
    pub price_low_fen: Option<i64>,
    pub price_high_fen: Option<i64>,
}

impl Unit {
    /// A unit by id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Unit>> {
        units::table.find(id).select(Unit::as_select()).first(conn).optional()
    }

    /// The unit if it is in a project `member` (a user) is a member of, checked in the same
    /// statement; any unit for `None`.
    pub fn find_in_projects_of(conn: &mut Conn, id: Id, member: Option<uuid::Uuid>) -> QueryResult<Option<Unit>> {
        let unit = units::table.find(id).select(Unit::as_select());
        match member {
            None => unit.first(conn).optional(),
            Some(user) => {
                unit.filter(units::project_id.eq_any(crate::scope::member_project_ids(user))).first(conn).optional()
            }
        }
    }

    /// Its editable part.
    pub fn spec(&self) -> UnitSpec {
        UnitSpec {
            unit_no: self.unit_no.clone(),
            floor: self.floor,
            layout: self.layout.clone(),
            area_sqm: self.area_sqm,
            orientation: self.orientation.clone(),
            list_price_fen: self.list_price_fen,
            price_low_fen: self.price_low_fen,
            price_high_fen: self.price_high_fen,
        }
    }

    /// Moves the unit from `from` to `to` if it is still `from`; true when it moved. The one
    /// writer of `units.status` (the moves are [`lifecycle::unit_may_move`]): a hold's reason
    /// and holder are written with the move to `held` and cleared by any other move.
    pub fn move_status(
        conn: &mut Conn,
        id: Id,
        from: UnitStatus,
        to: UnitStatus,
        hold: Option<(&str, Id)>,
    ) -> QueryResult<bool> {
        if !lifecycle::unit_may_move(from, to) {
            return Err(diesel::result::Error::QueryBuilderError(
                format!("a unit does not move from {from} to {to}").into(),
            ));
        }
        let now = crate::db::now();
        let (reason, by, at) = match hold {
            Some((reason, by)) if to == UnitStatus::Held => (Some(reason), Some(by), Some(now)),
            _ => (None, None, None),
        };
        let moved = diesel::update(units::table.filter(units::id.eq(id)).filter(units::status.eq(from)))
            .set((
                units::status.eq(to),
                units::hold_reason.eq(reason),
                units::held_by.eq(by),
                units::held_at.eq(at),
                units::version.eq(units::version + 1),
                units::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(moved == 1)
    }
}

/// One price a unit had.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = unit_prices)]
pub struct UnitPrice {
    pub id: Id,
    pub unit_id: Id,
    pub list_price_fen: i64,
    pub price_low_fen: Option<i64>,
    pub price_high_fen: Option<i64>,
    pub changed_by: Option<Id>,
    pub changed_at: NaiveDateTime,
}

impl UnitPrice {
    /// The price a unit has now, as a history entry.
    pub fn of(unit: &Unit, by: Id, at: NaiveDateTime) -> Self {
        Self {
            id: Id::new(),
            unit_id: unit.id,
            list_price_fen: unit.list_price_fen,
            price_low_fen: unit.price_low_fen,
            price_high_fen: unit.price_high_fen,
            changed_by: Some(by),
            changed_at: at,
        }
    }
}

/// A subscription (认筹).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = subscriptions)]
pub struct Subscription {
    pub id: Id,
    pub project_id: Id,
    pub lead_id: Id,
    pub queue_no: i64,
    pub deposit_fen: i64,
    pub paid_at: NaiveDateTime,
    pub receipt_no: String,
    pub status: SubscriptionStatus,
    pub created_by: Id,
    pub created_at: NaiveDateTime,
    pub refunded_at: Option<NaiveDateTime>,
    pub refunded_by: Option<Id>,
    pub refund_reason: Option<String>,
    /// Who the deposit counts for, as the lead stood when it was paid (corrected by an
    /// upheld appeal); its refund counts for the same.
    pub owner_id: Id,
    pub source_channel: SourceChannel,
    pub channel_id: Option<Id>,
}

/// The next number of a project's counter (1, 2, 3…): gap-free and never repeated.
/// The counter row is locked by the increment until the transaction ends, so concurrent
/// takers queue; a rolled-back transaction gives its number back.
pub fn next_number(conn: &mut Conn, project_id: Id, counter: &str) -> QueryResult<i64> {
    let first = (
        project_counters::project_id.eq(project_id),
        project_counters::name.eq(counter),
        project_counters::value.eq(0_i64),
    );
    crate::db::insert_or_ignore!(conn, project_counters::table, first)?;
    diesel::update(project_counters::table.find((project_id, counter)))
        .set(project_counters::value.eq(project_counters::value + 1))
        .returning(project_counters::value)
        .get_result(conn)
}

/// A lead's wish for a unit, ranked 1 to 3.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = intents)]
pub struct Intent {
    pub lead_id: Id,
    pub rank: i32,
    pub unit_id: Id,
    pub project_id: Id,
    pub created_at: NaiveDateTime,
}

/// One entry of the intent register: a lead's intents before and after a change, as JSON.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = intent_changes)]
pub struct IntentChange {
    pub id: Id,
    pub project_id: Id,
    pub lead_id: Id,
    pub before: String,
    pub after: String,
    pub changed_by: Option<Id>,
    pub changed_at: NaiveDateTime,
}

/// A project's opening-day settings as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = project_openings)]
pub struct Opening {
    pub project_id: Id,
    pub state: OpeningState,
    pub mode: OpeningMode,
    pub max_units_per_lead: i32,
    pub requires_subscription: bool,
    pub called_up_to: i64,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

/// A unit taken for a lead on opening day.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = reservations)]
pub struct Reservation {
    pub id: Id,
    pub project_id: Id,
    pub unit_id: Id,
    pub lead_id: Id,
    pub status: ReservationStatus,
    pub reserved_by: Id,
    pub reserved_at: NaiveDateTime,
    pub price_fen: Option<i64>,
    pub contract_no: Option<String>,
    pub signed_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancelled_by: Option<Id>,
    /// Who the reservation counts for, as the lead stood when it was made (corrected by an
    /// upheld appeal); its cancellation counts for the same.
    pub owner_id: Id,
    pub source_channel: SourceChannel,
    pub channel_id: Option<Id>,
}

/// How an active reservation ends: the only moves a reservation makes
/// ([`lifecycle::reservation_may_move`]).
#[derive(Debug, Clone, Copy)]
pub enum Ending<'a> {
    /// Cancelled by a manager; the unit goes back on sale.
    Cancelled { by: Id, at: NaiveDateTime },
    /// Signed (签约): the unit is sold.
    Signed { contract_no: &'a str, price_fen: i64, at: NaiveDateTime },
    /// The signed deal was cancelled (退房): the reservation no longer holds its unit.
    DealCancelled { by: Id, at: NaiveDateTime },
}

impl Reservation {
    /// Ends the reservation if it is still active (signed, for a cancelled deal); true when
    /// it did. The one writer of `reservations.status` after the reservation is made
    /// ([`lifecycle::reservation_may_move`]).
    pub fn end(conn: &mut Conn, id: Id, ending: Ending<'_>) -> QueryResult<bool> {
        let still_active = reservations::table
            .filter(reservations::id.eq(id))
            .filter(reservations::status.eq(ReservationStatus::Active));
        let ended = match ending {
            Ending::DealCancelled { by, at } => diesel::update(
                reservations::table
                    .filter(reservations::id.eq(id))
                    .filter(reservations::status.eq(ReservationStatus::Signed)),
            )
            .set((
                reservations::status.eq(ReservationStatus::Cancelled),
                reservations::cancelled_at.eq(at),
                reservations::cancelled_by.eq(by),
            ))
            .execute(conn)?,
            Ending::Cancelled { by, at } => diesel::update(still_active)
                .set((
                    reservations::status.eq(ReservationStatus::Cancelled),
                    reservations::cancelled_at.eq(at),
                    reservations::cancelled_by.eq(by),
                ))
                .execute(conn)?,
            Ending::Signed { contract_no, price_fen, at } => diesel::update(still_active)
                .set((
                    reservations::status.eq(ReservationStatus::Signed),
                    reservations::contract_no.eq(contract_no),
                    reservations::price_fen.eq(price_fen),
                    reservations::signed_at.eq(at),
                ))
                .execute(conn)?,
        };
        Ok(ended == 1)
    }

    /// A signed reservation follows its deal to another unit (换房): the live-unit index
    /// then guards the new unit, and the old one may be reserved again.
    pub fn move_to_unit(conn: &mut Conn, id: Id, unit_id: Id, price_fen: i64) -> QueryResult<bool> {
        let moved = diesel::update(
            reservations::table
                .filter(reservations::id.eq(id))
                .filter(reservations::status.eq(ReservationStatus::Signed)),
        )
        .set((reservations::unit_id.eq(unit_id), reservations::price_fen.eq(price_fen)))
        .execute(conn)?;
        Ok(moved == 1)
    }

    /// The reservation with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Reservation>> {
        reservations::table.find(id).select(Reservation::as_select()).first(conn).optional()
    }
}

/// Credits the lead's deposits and reservations made from `since` (all of them when `None`)
/// to a channel: what an upheld appeal or a confirmed arrival corrects. Their salesperson
/// keeps them.
pub fn reattribute(conn: &mut Conn, lead: Id, since: Option<NaiveDateTime>, credit: ChannelCredit) -> QueryResult<()> {
    let mut deposits = diesel::update(subscriptions::table.filter(subscriptions::lead_id.eq(lead))).into_boxed();
    let mut taken = diesel::update(reservations::table.filter(reservations::lead_id.eq(lead))).into_boxed();
    if let Some(since) = since {
        deposits = deposits.filter(subscriptions::paid_at.ge(since));
        taken = taken.filter(reservations::reserved_at.ge(since));
    }
    deposits
        .set((subscriptions::source_channel.eq(credit.source_channel), subscriptions::channel_id.eq(credit.channel_id)))
        .execute(conn)?;
    taken
        .set((reservations::source_channel.eq(credit.source_channel), reservations::channel_id.eq(credit.channel_id)))
        .execute(conn)?;
    Ok(())
}

/// Whether any unit of the project is in this building.
pub fn has_building(conn: &mut Conn, project: Id, building: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        units::table.filter(units::project_id.eq(project)).filter(units::building.eq(building)),
    ))
    .get_result(conn)
}
