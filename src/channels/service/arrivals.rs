//! A reported buyer's arrival (到访确认), asked for by the desk: which valid report, if
//! any, a visitor answers to, and the report's move to `arrived`. The desk decides what
//! the arrival means for the lead; the report is this module's.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::channels::model::{Channel, Report};
use crate::channels::ReportStatus;
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::leads::phone::{self, Phone};
use crate::schema::channel_reports;
use crate::words::SourceChannel;

/// A valid report a visitor answers to, with its channel.
pub struct Arrival {
    pub report: Report,
    pub channel: Channel,
}

impl Arrival {
    /// The source a lead of this arrival has.
    pub fn source_channel(&self) -> SourceChannel {
        self.channel.kind.source_channel()
    }
}

/// The valid report of the project this visitor answers to: one of the same whole number,
/// or a masked one with the same first 3 and last 4 digits. The report the desk names
/// wins among those; otherwise the earliest filed. An expired report never matches.
pub fn matching_report(
    conn: &mut Conn,
    project_id: Id,
    phone: &Phone,
    named: Option<Uuid>,
    now: NaiveDateTime,
) -> ApiResult<Option<Arrival>> {
    let candidates: Vec<Report> = channel_reports::table
        .filter(channel_reports::project_id.eq(project_id))
        .filter(channel_reports::status.eq(ReportStatus::Valid))
        .filter(channel_reports::valid_until.gt(now))
        .filter(channel_reports::phone_mask.eq(phone::mask(phone.as_str())))
        .filter(channel_reports::phone.eq(phone.as_str()).or(channel_reports::phone.is_null()))
        .order((channel_reports::created_at.asc(), channel_reports::id.asc()))
        .select(Report::as_select())
        .load(conn)?;
    let chosen = match named.and_then(|id| candidates.iter().position(|r| r.id.0 == id)) {
        Some(index) => candidates.into_iter().nth(index),
        None => candidates.into_iter().next(),
    };
    let Some(report) = chosen else {
        return Ok(None);
    };
    let channel = Channel::find(conn, report.channel_id)?
        .ok_or_else(|| ApiError::not_found("channel.not_found", "No such channel."))?;
    Ok(Some(Arrival { report, channel }))
}

/// The report's buyer arrived (`report.arrive`): the report stops being valid and holds
/// the arrival time and, once known, the lead. 409 `report.no_longer_valid` when it stopped
/// being valid since it was read (the caller's verdict was made on it).
pub fn mark_arrived(
    conn: &mut Conn,
    actor: &Actor,
    report: &Report,
    lead_id: Option<Id>,
    arrived_at: NaiveDateTime,
    now: NaiveDateTime,
) -> ApiResult<()> {
    let marked = diesel::update(
        channel_reports::table
            .filter(channel_reports::id.eq(report.id))
            .filter(channel_reports::status.eq(ReportStatus::Valid)),
    )
    .set((
        channel_reports::status.eq(ReportStatus::Arrived),
        channel_reports::arrived_at.eq(arrived_at),
        channel_reports::lead_id.eq(lead_id),
        channel_reports::version.eq(channel_reports::version + 1),
        channel_reports::updated_at.eq(now),
    ))
    .execute(conn)?;
    if marked != 1 {
        return Err(ApiError::conflict(
            "report.no_longer_valid",
            "The report stopped being valid while the visit was registered; register it again.",
        ));
    }
    audit::record(
        conn,
        actor.into(),
        Entry::new(AuditAction::ReportArrive, report.id.0)
            .project(report.project_id.0)
            .set("channel_id", report.channel_id.0)
            .set("lead_id", lead_id.map(|l| l.0))
            .set("arrived_at", arrived_at.and_utc()),
    )?;
    Ok(())
}

/// The lead an arrived report's buyer became, once a manager assigned them.
pub fn link_lead(conn: &mut Conn, report_id: Id, lead_id: Id, now: NaiveDateTime) -> ApiResult<()> {
    diesel::update(
        channel_reports::table.filter(channel_reports::id.eq(report_id)).filter(channel_reports::lead_id.is_null()),
    )
    .set((channel_reports::lead_id.eq(lead_id), channel_reports::updated_at.eq(now)))
    .execute(conn)?;
    Ok(())
}

/// The report with this id, for the desk's own records.
pub fn report(conn: &mut Conn, report_id: Id) -> ApiResult<Option<Arrival>> {
    let Some(report) = Report::find(conn, report_id)? else {
        return Ok(None);
    };
    let channel = Channel::find(conn, report.channel_id)?
        .ok_or_else(|| ApiError::not_found("channel.not_found", "No such channel."))?;
    Ok(Some(Arrival { report, channel }))
}

/// A reported buyer signed (`signed`), or their last deal was cancelled: the report moves
/// `arrived → deal` or back (`report.deal`), so the agent sees what became of it. Any other
/// report is left as it is.
pub fn deal_signed(conn: &mut Conn, actor: &Actor, report_id: Id, signed: bool, now: NaiveDateTime) -> ApiResult<()> {
    let (from, to) =
        if signed { (ReportStatus::Arrived, ReportStatus::Deal) } else { (ReportStatus::Deal, ReportStatus::Arrived) };
    let moved = diesel::update(
        channel_reports::table.filter(channel_reports::id.eq(report_id)).filter(channel_reports::status.eq(from)),
    )
    .set((
        channel_reports::status.eq(to),
        channel_reports::version.eq(channel_reports::version + 1),
        channel_reports::updated_at.eq(now),
    ))
    .execute(conn)?;
    if moved == 0 {
        return Ok(());
    }
    let Some(report) = Report::find(conn, report_id)? else { return Ok(()) };
    let entry = Entry::new(AuditAction::ReportDeal, report.id.0)
        .project(report.project_id.0)
        .set("channel_id", report.channel_id.0)
        .set("lead_id", report.lead_id.map(|l| l.0))
        .change("status", from, to);
    audit::record(conn, actor.into(), entry)?;
    Ok(())
}
