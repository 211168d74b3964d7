//! Filing a complaint, reading one, and a project's list.

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::not;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{check_assignee, require_complaint_worker, view_one, views, visible_case};
use crate::aftersales::deadlines::due;
use crate::aftersales::dto::{ComplaintView, FileComplaintRequest, ListComplaintsQuery};
use crate::aftersales::model::{policy, Complaint, Step};
use crate::aftersales::ComplaintStatus;
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id, MultiBackend};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::schema::{complaints, leads};
use crate::scope::{self, LeadRights, LeadScope};

/// A moment a buyer names may be this far ahead of the server's clock (a phone's clock).
const CLOCK_SKEW: Duration = Duration::minutes(5);

/// `POST /leads/{id}/complaints`: the buyer's salesperson, the project's managers or an
/// integration (a call centre) takes a complaint down; its deadlines are the project's
/// policy for its severity, counted from now.
pub fn file_complaint(
    conn: &mut Conn,
    actor: &Actor,
    lead_id: Uuid,
    input: FileComplaintRequest,
) -> ApiResult<ComplaintView> {
    require_complaint_worker(actor)?;
    let lead = scope::require_lead(conn, actor, lead_id, LeadRights::Owner)?;
    let now = db::now();
    let description = input.description.trim().to_owned();
    let occurred_at = input.occurred_at.map(db::stored);
    let mut errors = Vec::new();
    if description.chars().count() < 2 {
        errors.push(FieldError::new("description", "must say what happened"));
    }
    if occurred_at.is_some_and(|at| at > now + CLOCK_SKEW) {
        errors.push(FieldError::new("occurred_at", "must not be in the future"));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let assignee = input.assignee_id.map(|a| check_assignee(conn, lead.project_id, a, "assignee_id")).transpose()?;
    db::transaction(conn, |conn| {
        let hours = policy::policy_of(conn, lead.project_id)?.hours(input.severity);
        let case = Complaint {
            id: Id::new(),
            project_id: lead.project_id,
            lead_id: lead.id,
            category: input.category,
            severity: input.severity,
            channel: input.channel,
            description,
            occurred_at,
            status: ComplaintStatus::Open,
            assignee_id: assignee,
            received_at: now,
            acknowledge_due_at: due(now, hours.acknowledge),
            resolve_due_at: due(now, hours.resolve),
            acknowledged_at: None,
            resolved_at: None,
            closed_at: None,
            root_cause: None,
            resolution: None,
            satisfaction: None,
            reopen_count: 0,
            acknowledge_escalated_at: None,
            resolve_escalated_at: None,
            created_by: Id(actor.id),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        case.insert(conn)?;
        let filed = Step::of(case.id, 1, "file", ComplaintStatus::Open, now);
        Step { actor_id: Some(Id(actor.id)), assignee_id: assignee, ..filed }.insert(conn)?;
        // The description stays out of the trail: it is the buyer's words, often personal.
        let entry = Entry::new(AuditAction::ComplaintFile, case.id.0)
            .project(case.project_id.0)
            .set("lead_id", case.lead_id.0)
            .set("category", case.category)
            .set("severity", case.severity)
            .set("channel", case.channel)
            .set("assignee_id", assignee.map(|a| a.0))
            .set("acknowledge_due_at", case.acknowledge_due_at.and_utc())
            .set("resolve_due_at", case.resolve_due_at.and_utc());
        audit::record(conn, actor.into(), entry)?;
        view_one(conn, case, now)
    })
}

/// `GET /complaints/{id}`: the buyer's salesperson, the project's managers and the assignee.
pub fn find_complaint(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<ComplaintView> {
    let (case, _, _) = visible_case(conn, actor, id)?;
    view_one(conn, case, db::now())
}

/// Where the previous page stopped: newest received first.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    at: NaiveDateTime,
    id: Uuid,
}

type Condition = Box<dyn BoxableExpression<complaints::table, MultiBackend, SqlType = diesel::sql_types::Bool>>;

/// A deadline of the case missed as of `now`: met late, or not met and past.
fn breached_as_of(now: NaiveDateTime) -> Condition {
    let acknowledge_late = complaints::acknowledged_at.is_null().and(complaints::acknowledge_due_at.lt(now)).or(
        complaints::acknowledged_at
            .is_not_null()
            .and(complaints::acknowledged_at.gt(complaints::acknowledge_due_at.nullable()).assume_not_null()),
    );
    let resolve_late =
        complaints::resolved_at.is_null().and(complaints::resolve_due_at.lt(now)).or(complaints::resolved_at
            .is_not_null()
            .and(complaints::resolved_at.gt(complaints::resolve_due_at.nullable()).assume_not_null()));
    Box::new(acknowledge_late.or(resolve_late))
}

/// `GET /projects/{id}/complaints`: managers see the project's cases, a salesperson those of
/// their buyers and those assigned to them; newest first, in keyset pages.
pub fn list_complaints(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    filter: ListComplaintsQuery,
    page: PageQuery,
) -> ApiResult<Page<ComplaintView>> {
    require_complaint_worker(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let now = db::now();
    let mut query = complaints::table
        .filter(complaints::project_id.eq(Id(project_id)))
        .order((complaints::received_at.desc(), complaints::id.desc()))
        .select(Complaint::as_select())
        .into_boxed();
    if let LeadScope::Owned { owner_id, .. } = scope::leads(conn, actor)? {
        let own = leads::table.filter(leads::owner_id.eq(Id(owner_id))).select(leads::id);
        query = query.filter(complaints::lead_id.eq_any(own).or(complaints::assignee_id.eq(Id(owner_id))));
    }
    if let Some(status) = filter.status {
        query = query.filter(complaints::status.eq(status));
    }
    if let Some(severity) = filter.severity {
        query = query.filter(complaints::severity.eq(severity));
    }
    if let Some(assignee) = filter.assignee_id {
        query = query.filter(complaints::assignee_id.eq(Id(assignee)));
    }
    match filter.breached {
        Some(true) => query = query.filter(breached_as_of(now)),
        Some(false) => query = query.filter(not(breached_as_of(now))),
        None => {}
    }
    if let Some(Cursor { at, id }) = page.decode()? {
        query = query
            .filter(complaints::received_at.lt(at).or(complaints::received_at.eq(at).and(complaints::id.lt(Id(id)))));
    }
    let limit = page.limit();
    let rows: Vec<Complaint> = query.limit(limit + 1).load(conn)?;
    let page = Page::from_rows(rows, limit, |c| Cursor { at: c.received_at, id: c.id.0 }, |c| c);
    Ok(Page { items: views(conn, page.items, now)?, next_cursor: page.next_cursor })
}
