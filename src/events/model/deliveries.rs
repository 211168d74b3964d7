//! `webhook_deliveries`, their `webhook_attempts`, and the dispatcher's position
//! (`webhook_dispatch`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{self, Conn, Id};
use crate::events::{DeliveryOrigin, DeliveryStatus, EndpointStatus};
use crate::schema::{webhook_attempts, webhook_deliveries, webhook_dispatch, webhook_endpoints};

/// One event's delivery to one endpoint.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct Delivery {
    pub id: Id,
    pub endpoint_id: Id,
    pub event_id: Id,
    pub event_seq: i64,
    pub origin: DeliveryOrigin,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

/// One try at sending a delivery.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct Attempt {
    pub id: Id,
    pub delivery_id: Id,
    pub attempted_at: NaiveDateTime,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub latency_ms: i32,
    pub succeeded: bool,
}

/// Where a delivery goes after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Done: delivered.
    Succeeded,
    /// Try again at this time.
    RetryAt(NaiveDateTime),
    /// Done: no more tries.
    Failed,
}

impl Delivery {
    /// A new pending delivery, due now.
    pub fn new(endpoint_id: Id, event_id: Id, event_seq: i64, origin: DeliveryOrigin, now: NaiveDateTime) -> Self {
        Delivery {
            id: Id::new(),
            endpoint_id,
            event_id,
            event_seq,
            origin,
            status: DeliveryStatus::Pending,
            attempts: 0,
            next_attempt_at: now,
            claimed_until: None,
            created_at: now,
            finished_at: None,
        }
    }

    /// Adds deliveries; an event the feed already fanned out to an endpoint is skipped
    /// (the unique index on feed deliveries). Answers how many were added.
    pub fn insert_all(conn: &mut Conn, deliveries: &[Delivery]) -> QueryResult<usize> {
        let mut added = 0;
        for delivery in deliveries {
            added += db::insert_or_ignore!(conn, webhook_deliveries::table, delivery)?;
        }
        Ok(added)
    }

    /// Claims up to `limit` deliveries that are due, of enabled endpoints, and unclaimed
    /// (or whose claim lapsed): each is leased to the caller until `lease_until`. Rows
    /// another worker is claiming at this moment are skipped, not waited for.
    pub fn claim_due(
        conn: &mut Conn,
        now: NaiveDateTime,
        lease_until: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<Delivery>> {
        let enabled = webhook_endpoints::table
            .filter(webhook_endpoints::status.eq(EndpointStatus::Enabled))
            .filter(webhook_endpoints::deleted_at.is_null())
            .select(webhook_endpoints::id);
        // Written inside the macro, so each backend's arm infers its own select.
        let mut claimed: Vec<Delivery> = db::claim_rows!(
            conn,
            webhook_deliveries::table
                .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
                .filter(webhook_deliveries::next_attempt_at.le(now))
                .filter(webhook_deliveries::claimed_until.is_null().or(webhook_deliveries::claimed_until.lt(now)))
                .filter(webhook_deliveries::endpoint_id.eq_any(enabled))
                .order(webhook_deliveries::next_attempt_at.asc())
                .limit(limit)
                .select(Delivery::as_select())
        )?;
        if claimed.is_empty() {
            return Ok(claimed);
        }
        let ids: Vec<Id> = claimed.iter().map(|d| d.id).collect();
        diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(ids)))
            .set(webhook_deliveries::claimed_until.eq(Some(lease_until)))
            .execute(conn)?;
        for delivery in &mut claimed {
            delivery.claimed_until = Some(lease_until);
        }
        Ok(claimed)
    }

    /// Records an attempt made under the lease `lease_until` and moves the delivery on;
    /// false (and nothing written) when the lease was lost meanwhile.
    pub fn record(conn: &mut Conn, attempt: &Attempt, lease_until: NaiveDateTime, next: Next) -> QueryResult<bool> {
        let (status, next_at, finished) = match next {
            Next::Succeeded => (DeliveryStatus::Succeeded, attempt.attempted_at, Some(attempt.attempted_at)),
            Next::RetryAt(at) => (DeliveryStatus::Pending, at, None),
            Next::Failed => (DeliveryStatus::Failed, attempt.attempted_at, Some(attempt.attempted_at)),
        };
        let moved = diesel::update(
            webhook_deliveries::table
                .filter(webhook_deliveries::id.eq(attempt.delivery_id))
                .filter(webhook_deliveries::claimed_until.eq(Some(lease_until))),
        )
        .set((
            webhook_deliveries::status.eq(status),
            webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
            webhook_deliveries::next_attempt_at.eq(next_at),
            webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::finished_at.eq(finished),
        ))
        .execute(conn)?;
        if moved == 0 {
            return Ok(false);
        }
        diesel::insert_into(webhook_attempts::table).values(attempt).execute(conn)?;
        Ok(true)
    }

    /// An endpoint's deliveries, newest first, before `before` (a keyset page).
    pub fn page_of(conn: &mut Conn, endpoint_id: Id, before: Option<Id>, limit: i64) -> QueryResult<Vec<Delivery>> {
        let mut query = webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
            .select(Delivery::as_select())
            .order(webhook_deliveries::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(webhook_deliveries::id.lt(before));
        }
        query.load(conn)
    }

    /// The attempts of these deliveries, oldest first.
    pub fn attempts_of(conn: &mut Conn, deliveries: &[Id]) -> QueryResult<Vec<Attempt>> {
        webhook_attempts::table
            .filter(webhook_attempts::delivery_id.eq_any(deliveries))
            .select(Attempt::as_select())
            .order((webhook_attempts::delivery_id, webhook_attempts::attempted_at.asc()))
            .load(conn)
    }
}

/// Forgets deliveries that finished before `cutoff`, with their attempts; answers how
/// many deliveries went.
pub fn forget_finished_before(conn: &mut Conn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    let old = webhook_deliveries::table
        .filter(webhook_deliveries::status.ne(DeliveryStatus::Pending))
        .filter(webhook_deliveries::finished_at.lt(cutoff))
        .select(webhook_deliveries::id);
    diesel::delete(webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(old))).execute(conn)?;
    diesel::delete(
        webhook_deliveries::table
            .filter(webhook_deliveries::status.ne(DeliveryStatus::Pending))
            .filter(webhook_deliveries::finished_at.lt(cutoff)),
    )
    .execute(conn)
}

/// The dispatcher's position, unlocked: enough to tell whether there is anything to do.
pub fn dispatch_position(conn: &mut Conn) -> QueryResult<i64> {
    webhook_dispatch::table.filter(webhook_dispatch::id.eq(1)).select(webhook_dispatch::last_seq).first(conn)
}

/// Whether any delivery is due now (a read without locks, before claiming).
pub fn any_due(conn: &mut Conn, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        webhook_deliveries::table
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
            .filter(webhook_deliveries::next_attempt_at.le(now)),
    ))
    .get_result(conn)
}

/// The dispatcher's position, locked until the transaction ends; `None` when another
/// replica is dispatching right now (it holds the row, and this one skips its turn).
pub fn lock_dispatch(conn: &mut Conn) -> QueryResult<Option<i64>> {
    let row = webhook_dispatch::table.filter(webhook_dispatch::id.eq(1)).select(webhook_dispatch::last_seq);
    let positions: Vec<i64> = db::claim_rows!(conn, row)?;
    Ok(positions.first().copied())
}

/// Moves the dispatcher's position.
pub fn set_dispatch(conn: &mut Conn, last_seq: i64) -> QueryResult<()> {
    diesel::update(webhook_dispatch::table.filter(webhook_dispatch::id.eq(1)))
        .set(webhook_dispatch::last_seq.eq(last_seq))
        .execute(conn)
        .map(|_| ())
}
