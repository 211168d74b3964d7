//! Diesel structs and statements of appeals (申诉), and what an upheld appeal does to its
//! report.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::channels::reported_phone::ReportedPhone;
use crate::channels::{AppealStatus, ReportStatus};
use crate::db::{Conn, Id};
use crate::schema::{channel_reports, leads, report_appeals};

/// A stored appeal.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = report_appeals)]
pub struct Appeal {
    pub id: Id,
    pub report_id: Id,
    pub project_id: Id,
    pub agent_id: Id,
    pub reason: String,
    /// What the report had come to when it was appealed.
    pub report_status: ReportStatus,
    pub status: AppealStatus,
    pub decided_by: Option<Id>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_note: Option<String>,
    pub lead_id: Option<Id>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A manager's decision, as stored.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = report_appeals)]
pub struct Decided<'a> {
    pub status: AppealStatus,
    pub decided_by: Id,
    pub decided_at: NaiveDateTime,
    pub decision_note: Option<&'a str>,
    pub lead_id: Option<Id>,
}

impl Appeal {
    /// Files the appeal unless the report has an open one (the partial unique index
    /// decides, also between two filed at once): whether it did.
    pub fn insert_open(&self, conn: &mut Conn) -> QueryResult<bool> {
        Ok(crate::db::insert_or_ignore!(conn, report_appeals::table, self)? == 1)
    }

    /// The appeal with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Appeal>> {
        report_appeals::table.find(id).select(Appeal::as_select()).first(conn).optional()
    }

    /// Records the decision while the appeal is still open: whether it was.
    pub fn decide(&self, conn: &mut Conn, decided: &Decided<'_>) -> QueryResult<bool> {
        let changed = diesel::update(
            report_appeals::table
                .filter(report_appeals::id.eq(self.id))
                .filter(report_appeals::status.eq(AppealStatus::Open)),
        )
        .set((
            decided,
            report_appeals::version.eq(report_appeals::version + 1),
            report_appeals::updated_at.eq(decided.decided_at),
        ))
        .execute(conn)?;
        Ok(changed == 1)
    }
}

/// An upheld appeal makes its report stand: `arrived`, with the lead it brought.
pub fn uphold_report(conn: &mut Conn, report_id: Id, lead_id: Id, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(channel_reports::table.find(report_id))
        .set((
            channel_reports::status.eq(ReportStatus::Arrived),
            channel_reports::rejection_code.eq(None::<String>),
            channel_reports::lead_id.eq(lead_id),
            channel_reports::arrived_at.eq(now),
            channel_reports::version.eq(channel_reports::version + 1),
            channel_reports::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The live leads of the project with the reported phone (every number with the mask's
/// digits, for a masked report; a few, enough to tell one from several), or only `named`
/// if it is one of them.
pub fn leads_with(conn: &mut Conn, project_id: Id, phone: &ReportedPhone, named: Option<Id>) -> QueryResult<Vec<Id>> {
    let mut live = leads::table
        .filter(leads::project_id.eq(project_id))
        .filter(leads::deleted_at.is_null())
        .select(leads::id)
        .into_boxed();
    if let Some(named) = named {
        live = live.filter(leads::id.eq(named));
    }
    match &phone.full {
        Some(full) => live.filter(leads::phone.eq(full.clone())).load(conn),
        None => live.filter(leads::phone.like(phone.like_pattern())).limit(20).load(conn),
    }
}
