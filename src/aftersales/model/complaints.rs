//! `complaints`: one row per case, its deadlines stamped when it was received.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::aftersales::deadlines::Clock;
use crate::aftersales::{ComplaintCategory, ComplaintChannel, ComplaintStatus, Deadline, RootCause, Severity};
use crate::db::{Conn, Id};
use crate::schema::complaints;

/// A stored complaint.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = complaints)]
pub struct Complaint {
    pub id: Id,
    pub project_id: Id,
    pub lead_id: Id,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub channel: ComplaintChannel,
    pub description: String,
    pub occurred_at: Option<NaiveDateTime>,
    pub status: ComplaintStatus,
    pub assignee_id: Option<Id>,
    pub received_at: NaiveDateTime,
    pub acknowledge_due_at: NaiveDateTime,
    pub resolve_due_at: NaiveDateTime,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub root_cause: Option<RootCause>,
    pub resolution: Option<String>,
    pub satisfaction: Option<i32>,
    pub reopen_count: i32,
    pub acknowledge_escalated_at: Option<NaiveDateTime>,
    pub resolve_escalated_at: Option<NaiveDateTime>,
    pub created_by: Id,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Complaint {
    /// The case's two deadlines.
    pub fn clocks(&self) -> [Clock; 2] {
        [
            Clock { deadline: Deadline::Acknowledge, due_at: self.acknowledge_due_at, met_at: self.acknowledged_at },
            Clock { deadline: Deadline::Resolve, due_at: self.resolve_due_at, met_at: self.resolved_at },
        ]
    }

    /// The complaint with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Complaint>> {
        complaints::table.find(id).select(Complaint::as_select()).first(conn).optional()
    }

    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(complaints::table).values(self).execute(conn).map(|_| ())
    }
}

/// What a move writes on the case besides its status.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = complaints)]
pub struct Settled {
    pub acknowledged_at: Option<NaiveDateTime>,
    pub resolved_at: Option<Option<NaiveDateTime>>,
    pub closed_at: Option<Option<NaiveDateTime>>,
    pub root_cause: Option<Option<RootCause>>,
    pub resolution: Option<Option<String>>,
    pub satisfaction: Option<Option<i32>>,
    pub resolve_due_at: Option<NaiveDateTime>,
    pub resolve_escalated_at: Option<Option<NaiveDateTime>>,
    pub reopen_count: Option<i32>,
    pub assignee_id: Option<Option<Id>>,
}

/// Moves the case to `to` with what the move settles, while it is still where `case` saw
/// it — in the same status, and when `unchanged`, at the same version (an assignment, which
/// keeps the status) — so of two moves at once one wins. Answers the case's new version, or
/// `None` when it moved meanwhile.
pub fn move_case(
    conn: &mut Conn,
    case: &Complaint,
    to: ComplaintStatus,
    settled: &Settled,
    now: NaiveDateTime,
    unchanged: bool,
) -> QueryResult<Option<i32>> {
    let mut target =
        diesel::update(complaints::table.filter(complaints::id.eq(case.id)).filter(complaints::status.eq(case.status)))
            .into_boxed();
    if unchanged {
        target = target.filter(complaints::version.eq(case.version));
    }
    target
        .set((
            complaints::status.eq(to),
            settled,
            complaints::version.eq(complaints::version + 1),
            complaints::updated_at.eq(now),
        ))
        .returning(complaints::version)
        .get_result(conn)
        .optional()
}

/// Where a case still waits for its resolution.
const UNRESOLVED: [ComplaintStatus; 3] =
    [ComplaintStatus::Open, ComplaintStatus::Acknowledged, ComplaintStatus::InProgress];

/// Marks a passed deadline told, once: answers the case's new version if this call did.
pub fn mark_escalated(conn: &mut Conn, id: Id, deadline: Deadline, now: NaiveDateTime) -> QueryResult<Option<i32>> {
    let version: Option<i32> = match deadline {
        // The case is still as the scan saw it: not acknowledged (resolved) meanwhile, and its
        // deadline (a reopening sets a new one) still passed.
        Deadline::Acknowledge => diesel::update(
            complaints::table
                .filter(complaints::id.eq(id))
                .filter(complaints::acknowledge_escalated_at.is_null())
                .filter(complaints::status.eq(ComplaintStatus::Open))
                .filter(complaints::acknowledge_due_at.lt(now)),
        )
        .set((complaints::acknowledge_escalated_at.eq(now), complaints::version.eq(complaints::version + 1)))
        .returning(complaints::version)
        .get_result(conn)
        .optional()?,
        Deadline::Resolve => diesel::update(
            complaints::table
                .filter(complaints::id.eq(id))
                .filter(complaints::resolve_escalated_at.is_null())
                .filter(complaints::status.eq_any(UNRESOLVED))
                .filter(complaints::resolve_due_at.lt(now)),
        )
        .set((complaints::resolve_escalated_at.eq(now), complaints::version.eq(complaints::version + 1)))
        .returning(complaints::version)
        .get_result(conn)
        .optional()?,
    };
    Ok(version)
}

/// Cases whose deadline passed before `now` and nobody was told of yet: open cases past
/// their acknowledgement, unresolved ones past their resolution (oldest first, `limit`).
pub fn passed_untold(
    conn: &mut Conn,
    deadline: Deadline,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Complaint>> {
    let query = complaints::table.select(Complaint::as_select()).limit(limit);
    match deadline {
        Deadline::Acknowledge => query
            .filter(complaints::acknowledge_escalated_at.is_null())
            .filter(complaints::status.eq(ComplaintStatus::Open))
            .filter(complaints::acknowledge_due_at.lt(now))
            .order(complaints::acknowledge_due_at.asc())
            .load(conn),
        Deadline::Resolve => query
            .filter(complaints::resolve_escalated_at.is_null())
            .filter(complaints::status.eq_any(UNRESOLVED))
            .filter(complaints::resolve_due_at.lt(now))
            .order(complaints::resolve_due_at.asc())
            .load(conn),
    }
}

/// The buyer a case is about, as its readers see them.
#[derive(Debug, Clone, Queryable)]
pub struct Buyer {
    pub name: String,
    pub owner_id: Id,
}

/// The buyers of these leads, by lead.
pub fn buyers(conn: &mut Conn, leads: &[Id]) -> QueryResult<std::collections::HashMap<Id, Buyer>> {
    use crate::schema::leads;
    let rows: Vec<(Id, String, Id)> = leads::table
        .filter(leads::id.eq_any(leads.to_vec()))
        .select((leads::id, leads::name, leads::owner_id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, name, owner_id)| (id, Buyer { name, owner_id })).collect())
}

/// Whether the user is an active manager or salesperson of the project: whom a case may
/// be assigned to.
pub fn works_in(conn: &mut Conn, project: Id, user: Id) -> QueryResult<bool> {
    use crate::auth::{Role, UserStatus};
    Ok(crate::projects::model::members_of(conn, project, Some(user))?
        .iter()
        .any(|m| m.status == UserStatus::Active && matches!(m.role, Role::Manager | Role::Sales)))
}
