//! Report rules: an agent files for their channel's projects; the server, not the agent,
//! decides whether the report stands — refused when the customer visited before it
//! (`report.prior_visit`, 截客), when another valid report holds them
//! (`report.already_reported`), or when a salesperson holds them under protection
//! (`report.already_customer`). A refusal is kept as a `rejected` report and says nothing
//! more about the customer. Agents see their own reports; the project's managers (whole
//! phones) and receptionists (masked) see the project's.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry};
use crate::auth::{Actor, Role};
use crate::channels::dto::{FileReportRequest, ListReportsQuery, ReportView};
use crate::channels::model::{self, Channel, NewReport, Report};
use crate::channels::reported_phone::ReportedPhone;
use crate::channels::{ChannelStatus, ReportRefusal, ReportStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::calendar;
use crate::http::{Page, PageQuery};
use crate::projects;
use crate::schema::channel_reports;
use crate::scope::{self, ProjectScope};

fn not_found() -> ApiError {
    ApiError::not_found("report.not_found", "No such report.")
}

fn refusal_error(code: ReportRefusal, report_id: Uuid) -> ApiError {
    let error = match code {
        ReportRefusal::AlreadyReported => {
            ApiError::conflict("report.already_reported", "Another valid report already holds this customer.")
        }
        ReportRefusal::AlreadyCustomer => ApiError::conflict(
            "report.already_customer",
            "This customer is already held under protection, by a salesperson or a channel.",
        ),
        ReportRefusal::PriorVisit => {
            ApiError::conflict("report.prior_visit", "This customer visited the project before the report was filed.")
        }
    };
    error.with_extension("report_id", report_id)
}

/// Who reads a report, and so how much of its phone they see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The agent who filed it: what they sent.
    Agent,
    /// The project's managers: the whole number where it was reported.
    Manager,
    /// The desk: the mask.
    Desk,
}

fn view(report: Report, reader: Reader, now: NaiveDateTime) -> ReportView {
    let phone = match reader {
        Reader::Agent | Reader::Manager => report.phone.clone().unwrap_or_else(|| report.phone_mask.clone()),
        Reader::Desk => report.phone_mask.clone(),
    };
    ReportView {
        id: report.id.0,
        project_id: report.project_id.0,
        channel_id: report.channel_id.0,
        agent_id: report.agent_id.0,
        status: report.status_at(now),
        customer_name: report.customer_name,
        phone,
        phone_mode: report.phone_mode,
        rejection_code: report.rejection_code,
        valid_until: report.valid_until.and_utc(),
        expected_visit_at: report.expected_visit_at.map(|t| t.and_utc()),
        note: report.note,
        arrived_at: report.arrived_at.map(|t| t.and_utc()),
        created_at: report.created_at.and_utc(),
    }
}

/// The agent's channel, which must be cooperating and serve the project.
fn reporting_channel(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<Channel> {
    if actor.role != Role::ChannelAgent {
        return Err(ApiError::forbidden("report.agents_only", "Only channel agents file reports."));
    }
    let channel_id = scope::agent_channel(conn, actor.id)?.ok_or_else(not_found)?;
    let channel = Channel::find(conn, Id(channel_id))?.ok_or_else(not_found)?;
    if channel.status == ChannelStatus::Suspended {
        return Err(ApiError::forbidden(
            "report.channel_suspended",
            "Your channel's cooperation is suspended: it files no new reports.",
        ));
    }
    if !scope::channel_projects(conn, channel_id)?.contains(&project_id) {
        return Err(ApiError::validation(vec![FieldError::new("project_id", "is not a project your channel serves")]));
    }
    Ok(channel)
}

/// Why the report cannot stand, if it cannot: checked in the order the verdicts
/// need — a visit before the report says the agent met the buyer at the office.
fn refusal(
    conn: &mut Conn,
    rules: &projects::model::ProtectionRow,
    phone: &ReportedPhone,
    now: NaiveDateTime,
) -> QueryResult<Option<ReportRefusal>> {
    let project = rules.project_id;
    let since = now - chrono::Duration::days(i64::from(rules.lead_protection_days));
    Ok(if model::visited_since(conn, project, phone, since)? {
        Some(ReportRefusal::PriorVisit)
    } else if model::held_by_a_valid_report(conn, project, phone, now)? {
        Some(ReportRefusal::AlreadyReported)
    } else if model::protected_lead(conn, project, phone, now)? {
        Some(ReportRefusal::AlreadyCustomer)
    } else {
        None
    })
}

/// What a filing came to, decided inside its transaction.
enum Filed {
    Valid(Box<ReportView>),
    Refused(ReportRefusal, Uuid),
}

/// `POST /channel-reports` (channel agents). A refusal is committed as a `rejected`
/// report, then answered 409 with its code and `report_id`.
pub fn file_report(
    conn: &mut Conn,
    actor: &Actor,
    default_protection_days: i32,
    input: FileReportRequest,
) -> ApiResult<ReportView> {
    let channel = reporting_channel(conn, actor, input.project_id)?;
    let project = Id(input.project_id);
    let rules = projects::service::rules(conn, project, default_protection_days)?;
    let phone = ReportedPhone::parse(&input.phone, rules.report_phone_mode)
        .map_err(|m| ApiError::invalid_field("lead.invalid_phone", "phone", m))?;
    let customer_name = input.customer_name.trim();
    if customer_name.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("customer_name", "must not be blank")]));
    }
    let now = db::now();
    if input.expected_visit_at.is_some_and(|at| at.naive_utc() < now - chrono::Duration::hours(1)) {
        return Err(ApiError::validation(vec![FieldError::new("expected_visit_at", "must not be in the past")]));
    }
    let note = input.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let filed = db::transaction(conn, |conn| -> ApiResult<Filed> {
        super::expiry::expire_lapsed_of(conn, project, phone.key(), now)?;
        let mut report = NewReport {
            id: Id::new(),
            project_id: project,
            channel_id: channel.id,
            agent_id: Id(actor.id),
            customer_name,
            phone: phone.full.as_deref(),
            phone_mask: &phone.mask,
            phone_key: phone.key(),
            phone_mode: phone.mode(),
            expected_visit_at: input.expected_visit_at.map(|t| t.naive_utc()),
            note,
            status: ReportStatus::Valid,
            rejection_code: None,
            valid_until: now + chrono::Duration::days(i64::from(rules.report_valid_days)),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let mut refused = refusal(conn, &rules, &phone, now)?;
        // Two filings at once both pass the reads above; the unique index lets one in.
        if refused.is_none() && !report.insert_valid(conn)? {
            refused = Some(ReportRefusal::AlreadyReported);
        }
        if let Some(code) = refused {
            report.status = ReportStatus::Rejected;
            report.rejection_code = Some(code);
            report.insert(conn)?;
        }
        let entry = Entry::new(AuditAction::ReportFile, report.id.0)
            .project(project.0)
            .set("channel_id", channel.id.0)
            .set("phone", &phone.mask)
            .set("status", report.status)
            .set("rejection_code", report.rejection_code)
            .set("valid_until", report.valid_until.and_utc());
        audit::record(conn, actor.into(), entry)?;
        Ok(match refused {
            Some(code) => Filed::Refused(code, report.id.0),
            None => {
                let stored = Report::find(conn, report.id)?.ok_or_else(not_found)?;
                Filed::Valid(Box::new(view(stored, Reader::Agent, now)))
            }
        })
    })?;
    match filed {
        Filed::Valid(view) => Ok(*view),
        Filed::Refused(code, id) => Err(refusal_error(code, id)),
    }
}

/// How the actor reads reports: an agent their own, managers and receptionists the
/// reports of their projects; 403 for everyone else.
fn reader(actor: &Actor) -> ApiResult<Reader> {
    match actor.role {
        Role::ChannelAgent => Ok(Reader::Agent),
        Role::Admin | Role::Manager | Role::Client => Ok(Reader::Manager),
        Role::Receptionist => Ok(Reader::Desk),
        Role::Sales | Role::Finance | Role::Integration => {
            Err(ApiError::forbidden("report.forbidden", "Reports are for channel agents, the desk and managers."))
        }
    }
}

/// Where the previous page stopped: newest first.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    id: Uuid,
}

/// `GET /channel-reports`.
pub fn list_reports(
    conn: &mut Conn,
    actor: &Actor,
    filter: ListReportsQuery,
    page: PageQuery,
) -> ApiResult<Page<ReportView>> {
    let reader = reader(actor)?;
    let now = db::now();
    let mut query = channel_reports::table.select(Report::as_select()).order(channel_reports::id.desc()).into_boxed();
    if reader == Reader::Agent {
        query = query.filter(channel_reports::agent_id.eq(Id(actor.id)));
    } else if let ProjectScope::Only(projects) = scope::projects(conn, actor)? {
        query = query.filter(channel_reports::project_id.eq_any(projects.into_iter().map(Id).collect::<Vec<_>>()));
    }
    if let Some(project_id) = filter.project_id {
        query = query.filter(channel_reports::project_id.eq(Id(project_id)));
    }
    if let Some(date) = filter.expected_on {
        let Some(project_id) = filter.project_id else {
            return Err(ApiError::validation(vec![FieldError::new(
                "expected_on",
                "needs project_id: the date is the project's own",
            )]));
        };
        let project = projects::model::Project::find(conn, Id(project_id)).optional()?;
        let zone =
            calendar::zone(project.as_ref().map_or(projects::service::DEFAULT_TIMEZONE, |p| p.timezone.as_str()));
        let (from, to) = (calendar::start_of(date, zone), calendar::start_of(date + chrono::Duration::days(1), zone));
        query =
            query.filter(channel_reports::expected_visit_at.ge(from)).filter(channel_reports::expected_visit_at.lt(to));
    }
    query = match filter.status {
        None => query,
        Some(ReportStatus::Valid) => {
            query.filter(channel_reports::status.eq(ReportStatus::Valid)).filter(channel_reports::valid_until.gt(now))
        }
        Some(ReportStatus::Expired) => query.filter(
            channel_reports::status
                .eq(ReportStatus::Expired)
                .or(channel_reports::status.eq(ReportStatus::Valid).and(channel_reports::valid_until.le(now))),
        ),
        Some(status) => query.filter(channel_reports::status.eq(status)),
    };
    if let Some(Cursor { id }) = page.decode()? {
        query = query.filter(channel_reports::id.lt(Id(id)));
    }
    let limit = page.limit();
    let rows: Vec<Report> = query.limit(limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, limit, |r| Cursor { id: r.id.0 }, |r| view(r, reader, now)))
}

/// `GET /channel-reports/{id}`: the agent who filed it, the project's managers and desk;
/// 404 for everyone else, another agent included.
pub fn find_report(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<ReportView> {
    let reader = reader(actor).map_err(|_| not_found())?;
    let report = Report::find(conn, Id(id))?.ok_or_else(not_found)?;
    let visible = match reader {
        Reader::Agent => report.agent_id.0 == actor.id,
        Reader::Manager | Reader::Desk => scope::projects(conn, actor)?.covers(report.project_id.0),
    };
    if !visible {
        return Err(not_found());
    }
    Ok(view(report, reader, db::now()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sql_types::TextWords;

    #[test]
    fn a_refusal_is_answered_with_the_code_it_is_stored_as() {
        for word in ReportRefusal::words() {
            let refusal = ReportRefusal::parse(word).expect("a word of the set");
            assert_eq!(refusal_error(refusal, Uuid::now_v7()).code(), word);
        }
    }
}
