//! `complaint_steps`: a case's timeline.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::aftersales::{ComplaintStatus, RootCause};
use crate::db::{Conn, Id};
use crate::schema::complaint_steps;

/// One step of a case: a move, its filing, an assignment or a deadline the system saw pass.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = complaint_steps)]
pub struct Step {
    pub complaint_id: Id,
    /// The case's version after the step.
    pub seq: i32,
    /// `file`, a move (`acknowledge`, `start`, `resolve`, `close`, `reopen`), `assign`, or
    /// `acknowledge_breached` / `resolve_breached`.
    pub action: String,
    pub from_status: Option<ComplaintStatus>,
    pub to_status: ComplaintStatus,
    /// Who; `None` for the system.
    pub actor_id: Option<Id>,
    pub note: Option<String>,
    pub root_cause: Option<RootCause>,
    pub satisfaction: Option<i32>,
    pub assignee_id: Option<Id>,
    pub at: NaiveDateTime,
}

impl Step {
    /// A step of `case` to `to`, by the system, with nothing more to say: the rest is filled
    /// in by who made it (`Step { actor_id, note, ..Step::of(…) }`).
    pub fn of(case: Id, seq: i32, action: impl Into<String>, to: ComplaintStatus, at: NaiveDateTime) -> Step {
        Step {
            complaint_id: case,
            seq,
            action: action.into(),
            from_status: None,
            to_status: to,
            actor_id: None,
            note: None,
            root_cause: None,
            satisfaction: None,
            assignee_id: None,
            at,
        }
    }

    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(complaint_steps::table).values(self).execute(conn).map(|_| ())
    }

    /// A case's steps, in order.
    pub fn of_case(conn: &mut Conn, complaint: Id) -> QueryResult<Vec<Step>> {
        complaint_steps::table
            .filter(complaint_steps::complaint_id.eq(complaint))
            .order(complaint_steps::seq.asc())
            .select(Step::as_select())
            .load(conn)
    }

    /// The steps of these cases, each case's in order.
    pub fn of_cases(conn: &mut Conn, cases: &[Id]) -> QueryResult<Vec<Step>> {
        complaint_steps::table
            .filter(complaint_steps::complaint_id.eq_any(cases.to_vec()))
            .order((complaint_steps::complaint_id.asc(), complaint_steps::seq.asc()))
            .select(Step::as_select())
            .load(conn)
    }
}
