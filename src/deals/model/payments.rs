//! Payments received for deals (回款) and refunds paid back.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::deals::{PaymentKind, PaymentMethod};
use crate::schema::deal_payments;

/// A payment or refund.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = deal_payments)]
pub struct Payment {
    pub id: Id,
    pub deal_id: Id,
    pub project_id: Id,
    pub kind: PaymentKind,
    pub amount_fen: i64,
    pub method: PaymentMethod,
    pub paid_at: NaiveDateTime,
    pub receipt_no: Option<String>,
    pub recorded_by: Id,
    pub created_at: NaiveDateTime,
}

/// What a deal received and paid back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Money {
    pub received_fen: i64,
    pub refunded_fen: i64,
}

impl Money {
    /// Received net of refunds.
    pub fn collected_fen(self) -> i64 {
        self.received_fen - self.refunded_fen
    }
}

impl Payment {
    /// Records the payment unless its receipt number is already one of the project's (the
    /// unique index decides, also between two sent at once): whether it did.
    pub fn insert_new(&self, conn: &mut Conn) -> QueryResult<bool> {
        Ok(crate::db::insert_or_ignore!(conn, deal_payments::table, self)? == 1)
    }

    /// The project's payment with this receipt number.
    pub fn by_receipt(conn: &mut Conn, project_id: Id, receipt_no: &str) -> QueryResult<Option<Payment>> {
        deal_payments::table
            .filter(deal_payments::project_id.eq(project_id))
            .filter(deal_payments::receipt_no.eq(receipt_no))
            .select(Payment::as_select())
            .first(conn)
            .optional()
    }

    /// A deal's payments and refunds, in the order they were paid.
    pub fn of_deal(conn: &mut Conn, deal_id: Id) -> QueryResult<Vec<Payment>> {
        deal_payments::table
            .filter(deal_payments::deal_id.eq(deal_id))
            .select(Payment::as_select())
            .order((deal_payments::paid_at, deal_payments::id))
            .load(conn)
    }
}

/// What a deal received and refunded, paid before `until` (all of it for `None`).
pub fn money_of(conn: &mut Conn, deal_id: Id, until: Option<NaiveDateTime>) -> QueryResult<Money> {
    Ok(money_by_deal(conn, &[deal_id], until)?.remove(&deal_id).unwrap_or_default())
}

/// What each of these deals received and refunded before `until`; deals without money are
/// absent. The amounts are added here, not by `SUM`: PostgreSQL sums a `BIGINT` into a
/// `NUMERIC`, which the portable schema does not read, and a deal has a handful of rows.
pub fn money_by_deal(
    conn: &mut Conn,
    deal_ids: &[Id],
    until: Option<NaiveDateTime>,
) -> QueryResult<HashMap<Id, Money>> {
    let mut query = deal_payments::table
        .filter(deal_payments::deal_id.eq_any(deal_ids))
        .select((deal_payments::deal_id, deal_payments::kind, deal_payments::amount_fen))
        .into_boxed();
    if let Some(until) = until {
        query = query.filter(deal_payments::paid_at.lt(until));
    }
    let rows: Vec<(Id, PaymentKind, i64)> = query.load(conn)?;
    let mut totals: HashMap<Id, Money> = HashMap::new();
    for (deal, kind, amount) in rows {
        let money = totals.entry(deal).or_default();
        match kind {
            PaymentKind::Payment => money.received_fen += amount,
            PaymentKind::Refund => money.refunded_fen += amount,
        }
    }
    Ok(totals)
}
