//! Appeal rules (申诉). An agent contests a report of theirs that was refused or expired —
//! the customer was theirs, the desk missed it — once at a time; a manager of the project
//! decides. Upheld, the buyer's lead is attributed to the report's channel for the
//! project's `arrival_protection_days` and the report stands as `arrived`; rejected,
//! nothing changes. Agents see their own appeals (never a lead), managers their projects'.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry};
use crate::auth::{Actor, Role};
use crate::channels::dto::{AppealView, DecideAppealRequest, FileAppealRequest, ListAppealsQuery};
use crate::channels::model::{self, Appeal, Channel, Decided, Report};
use crate::channels::reported_phone::ReportedPhone;
use crate::channels::service::credit::credit;
use crate::channels::{AppealDecision, AppealStatus, ReportStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::leads::model::Lead;
use crate::leads::service::desk::Attribution;
use crate::projects;
use crate::schema::report_appeals;
use crate::scope::{self, ProjectScope};

fn not_found() -> ApiError {
    ApiError::not_found("appeal.not_found", "No such appeal.")
}

fn view(appeal: Appeal, for_agent: bool) -> AppealView {
    AppealView {
        id: appeal.id.0,
        report_id: appeal.report_id.0,
        project_id: appeal.project_id.0,
        agent_id: appeal.agent_id.0,
        reason: appeal.reason,
        report_status: appeal.report_status,
        status: appeal.status,
        decided_by: appeal.decided_by.map(|u| u.0),
        decided_at: appeal.decided_at.map(|t| t.and_utc()),
        decision_note: appeal.decision_note,
        lead_id: if for_agent { None } else { appeal.lead_id.map(|l| l.0) },
        created_at: appeal.created_at.and_utc(),
    }
}

/// `POST /channel-reports/{id}/appeals` (the report's agent): 409 `appeal.not_contestable`
/// unless the report was refused or expired, 409 `appeal.already_open` while one is open.
pub fn file_appeal(conn: &mut Conn, actor: &Actor, report_id: Uuid, input: FileAppealRequest) -> ApiResult<AppealView> {
    if actor.role != Role::ChannelAgent {
        return Err(ApiError::forbidden("appeal.agents_only", "Only the report's agent appeals it."));
    }
    let report_missing = || ApiError::not_found("report.not_found", "No such report.");
    let report = Report::find(conn, Id(report_id))?.filter(|r| r.agent_id.0 == actor.id).ok_or_else(report_missing)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("reason", "must not be blank")]));
    }
    let now = db::now();
    let report_status = report.status_at(now);
    if !matches!(report_status, ReportStatus::Rejected | ReportStatus::Expired) {
        return Err(ApiError::conflict("appeal.not_contestable", "Only a refused or expired report can be appealed."));
    }
    let appeal = Appeal {
        id: Id::new(),
        report_id: report.id,
        project_id: report.project_id,
        agent_id: Id(actor.id),
        reason: reason.to_owned(),
        report_status,
        status: AppealStatus::Open,
        decided_by: None,
        decided_at: None,
        decision_note: None,
        lead_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    db::transaction(conn, |conn| {
        if !appeal.insert_open(conn)? {
            return Err(ApiError::conflict("appeal.already_open", "This report already has an open appeal."));
        }
        let entry = Entry::new(AuditAction::AppealFile, appeal.id.0)
            .project(appeal.project_id.0)
            .set("report_id", report_id)
            .set("report_status", report_status);
        audit::record(conn, actor.into(), entry)?;
        Ok(view(appeal.clone(), true))
    })
}

/// The lead an upheld appeal attributes: the one named, or the only live lead of the
/// project with the reported phone.
fn appealed_lead(conn: &mut Conn, report: &Report, named: Option<Uuid>) -> ApiResult<Lead> {
    let phone = ReportedPhone { full: report.phone.clone(), mask: report.phone_mask.clone() };
    let matching = model::leads_with(conn, report.project_id, &phone, named.map(Id))?;
    let chosen = match (named, matching.as_slice()) {
        (Some(named), _) if matching.contains(&Id(named)) => Id(named),
        (Some(_), _) => {
            return Err(ApiError::validation(vec![FieldError::new(
                "lead_id",
                "must be a lead of the project with the reported phone",
            )]))
        }
        (None, [only]) => *only,
        (None, []) => {
            return Err(ApiError::conflict(
                "appeal.no_lead",
                "No lead of the project has the reported phone: there is nothing to attribute.",
            ))
        }
        (None, _) => {
            return Err(ApiError::validation(vec![FieldError::new(
                "lead_id",
                "is required: several leads match the reported phone",
            )]))
        }
    };
    Lead::lock_live(conn, chosen)?.ok_or_else(crate::scope::lead_not_found)
}

/// `POST /appeals/{id}/decision` (the project's managers): once; 409
/// `appeal.already_decided` after.
pub fn decide(
    conn: &mut Conn,
    actor: &Actor,
    appeal_id: Uuid,
    default_days: i32,
    input: DecideAppealRequest,
) -> ApiResult<AppealView> {
    let appeal = Appeal::find(conn, Id(appeal_id))?.ok_or_else(not_found)?;
    scope::require_project(conn, actor, appeal.project_id.0).map_err(|_| not_found())?;
    scope::require_project_manager(conn, actor, appeal.project_id.0)?;
    let note = input.note.trim();
    if note.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("note", "must not be blank")]));
    }
    db::transaction(conn, |conn| {
        let now = db::now();
        let lead = match input.decision {
            AppealDecision::Upheld => Some(uphold(conn, actor, &appeal, input.lead_id, default_days, now)?),
            AppealDecision::Rejected => None,
        };
        let status = match input.decision {
            AppealDecision::Upheld => AppealStatus::Upheld,
            AppealDecision::Rejected => AppealStatus::Rejected,
        };
        let decided =
            Decided { status, decided_by: Id(actor.id), decided_at: now, decision_note: Some(note), lead_id: lead };
        if !appeal.decide(conn, &decided)? {
            return Err(ApiError::conflict("appeal.already_decided", "This appeal was already decided."));
        }
        let entry = Entry::new(AuditAction::AppealDecide, appeal_id)
            .project(appeal.project_id.0)
            .change("status", appeal.status, status)
            .set("report_id", appeal.report_id.0)
            .set("lead_id", lead.map(|l| l.0));
        audit::record(conn, actor.into(), entry)?;
        let decided = Appeal::find(conn, appeal.id)?.ok_or_else(not_found)?;
        Ok(view(decided, false))
    })
}

/// Attributes the appealed buyer's lead to the report's channel and makes the report
/// stand; the lead's id.
fn uphold(
    conn: &mut Conn,
    actor: &Actor,
    appeal: &Appeal,
    named: Option<Uuid>,
    default_days: i32,
    now: NaiveDateTime,
) -> ApiResult<Id> {
    let report = Report::find(conn, appeal.report_id)?.ok_or_else(not_found)?;
    let channel = Channel::find(conn, report.channel_id)?.ok_or_else(not_found)?;
    let lead = appealed_lead(conn, &report, named)?;
    let rules = projects::service::rules(conn, report.project_id, default_days)?;
    let attribution = Attribution {
        channel_id: channel.id,
        report_id: report.id,
        source_channel: channel.kind.source_channel(),
        channel_name: &channel.name,
        until: now + chrono::Duration::days(i64::from(rules.arrival_protection_days)),
        // The ruling is that the channel brought this buyer: their whole record is its.
        credit_from: None,
    };
    credit(conn, actor, &lead, &attribution)?;
    model::uphold_report(conn, report.id, lead.id, now)?;
    Ok(lead.id)
}

/// Whether the actor reads appeals as the agent who filed them: 403 `appeal.forbidden` for
/// anyone but agents and managers.
fn reads_as_agent(actor: &Actor) -> ApiResult<bool> {
    match actor.role {
        Role::ChannelAgent => Ok(true),
        Role::Admin | Role::Manager | Role::Client => Ok(false),
        _ => Err(ApiError::forbidden("appeal.forbidden", "Appeals are between a channel's agents and managers.")),
    }
}

/// Where the previous page stopped: newest first.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    id: Uuid,
}

/// `GET /appeals`.
pub fn list_appeals(
    conn: &mut Conn,
    actor: &Actor,
    filter: ListAppealsQuery,
    page: PageQuery,
) -> ApiResult<Page<AppealView>> {
    let as_agent = reads_as_agent(actor)?;
    let mut query = report_appeals::table.select(Appeal::as_select()).order(report_appeals::id.desc()).into_boxed();
    if as_agent {
        query = query.filter(report_appeals::agent_id.eq(Id(actor.id)));
    } else if let ProjectScope::Only(projects) = scope::projects(conn, actor)? {
        query = query.filter(report_appeals::project_id.eq_any(projects.into_iter().map(Id).collect::<Vec<_>>()));
    }
    if let Some(project_id) = filter.project_id {
        query = query.filter(report_appeals::project_id.eq(Id(project_id)));
    }
    if let Some(status) = filter.status {
        query = query.filter(report_appeals::status.eq(status));
    }
    if let Some(Cursor { id }) = page.decode()? {
        query = query.filter(report_appeals::id.lt(Id(id)));
    }
    let limit = page.limit();
    let rows: Vec<Appeal> = query.limit(limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, limit, |a| Cursor { id: a.id.0 }, |a| view(a, as_agent)))
}

/// `GET /appeals/{id}`: the agent who filed it, the project's managers; 404 otherwise.
pub fn find_appeal(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<AppealView> {
    let as_agent = reads_as_agent(actor).map_err(|_| not_found())?;
    let appeal = Appeal::find(conn, Id(id))?.ok_or_else(not_found)?;
    let visible = if as_agent {
        appeal.agent_id.0 == actor.id
    } else {
        scope::projects(conn, actor)?.covers(appeal.project_id.0)
    };
    if !visible {
        return Err(not_found());
    }
    Ok(view(appeal, as_agent))
}
