//! Segments (客群): managers save criteria over the project's buyers; everyone who works
//! leads opens them, each seeing the buyers in their own scope (a salesperson their own).

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{reads_whole_project, share};
use crate::analytics::dto::{CreateSegmentRequest, GradeShare, ReplaceSegmentRequest, SegmentSummary, SegmentView};
use crate::analytics::model::members::{self, Member};
use crate::analytics::model::segments::{Segment, SegmentEdit};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::leads::criteria::LeadCriteria;
use crate::leads::dto::LeadSummary;
use crate::scope;
use crate::words::Grade;

fn not_found() -> ApiError {
    ApiError::not_found("segment.not_found", "No such segment.")
}

fn name_taken() -> ApiError {
    ApiError::conflict("segment.name_taken", "The project has a segment of that name.")
}

fn stale() -> ApiError {
    ApiError::precondition_failed("segment.version_conflict", "The segment changed since you read it; reload.")
}

/// The stored criteria; a row that no longer reads (a criterion since retired) reads as
/// no criteria rather than failing the page.
fn criteria_of(segment: &Segment) -> LeadCriteria {
    serde_json::from_str(&segment.criteria).unwrap_or_default()
}

fn view(segment: &Segment) -> SegmentView {
    SegmentView {
        id: segment.id.0,
        project_id: segment.project_id.0,
        name: segment.name.clone(),
        description: segment.description.clone(),
        criteria: criteria_of(segment),
        created_by: segment.created_by.0,
        version: segment.version,
        created_at: segment.created_at.and_utc(),
        updated_at: segment.updated_at.and_utc(),
    }
}

/// Name, description and criteria as they are kept; 422 naming each bad field.
fn cleaned(
    name: String,
    description: Option<String>,
    criteria: LeadCriteria,
) -> ApiResult<(SegmentEdit, LeadCriteria)> {
    let name = name.trim().to_owned();
    let description = description.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty());
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > 64 {
        errors.push(FieldError::new("name", "must be 1 to 64 characters"));
    }
    if description.as_ref().is_some_and(|d| d.chars().count() > 500) {
        errors.push(FieldError::new("description", "must be at most 500 characters"));
    }
    let criteria = criteria.clean("criteria", &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let json = serde_json::to_string(&criteria).map_err(ApiError::internal)?;
    Ok((SegmentEdit { name, description, criteria: json }, criteria))
}

/// The live segment of the project, if the actor may read the project's segments; and
/// whether they read it for the whole project (`false`: a salesperson, their own buyers).
fn visible(conn: &mut Conn, actor: &Actor, project_id: Uuid, id: Uuid) -> ApiResult<(Segment, bool)> {
    let whole = reads_whole_project(conn, actor, project_id)?;
    Ok((found(conn, project_id, id)?, whole))
}

/// The live segment of the project, for a manager about to change it.
fn writable(conn: &mut Conn, actor: &Actor, project_id: Uuid, id: Uuid) -> ApiResult<Segment> {
    scope::require_project_manager(conn, actor, project_id)?;
    found(conn, project_id, id)
}

fn found(conn: &mut Conn, project_id: Uuid, id: Uuid) -> ApiResult<Segment> {
    Segment::find_live(conn, Id(project_id), Id(id))?.ok_or_else(not_found)
}

/// The unique name index refuses a second live segment of one name: 409.
fn name_is_free<T>(result: diesel::QueryResult<T>) -> ApiResult<T> {
    match result {
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Err(name_taken()),
        other => Ok(other?),
    }
}

/// `POST /projects/{id}/segments` (managers).
pub fn create_segment(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: CreateSegmentRequest,
) -> ApiResult<SegmentView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let (edit, criteria) = cleaned(input.name, input.description, input.criteria)?;
    let now = db::now();
    let segment = Segment {
        id: Id::new(),
        project_id: Id(project_id),
        name: edit.name,
        description: edit.description,
        criteria: edit.criteria,
        created_by: Id(actor.id),
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    db::transaction(conn, |conn| {
        name_is_free(segment.insert(conn))?;
        let entry = Entry::new(AuditAction::SegmentCreate, segment.id.0)
            .project(project_id)
            .set("name", &segment.name)
            .set("criteria", &criteria);
        audit::record(conn, actor.into(), entry)?;
        Ok(view(&segment))
    })
}

/// Where the previous page of segments stopped: by name, then id.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    name: String,
    id: Uuid,
}

/// `GET /projects/{id}/segments`: the project's segments by name, in keyset pages.
pub fn list_segments(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<SegmentView>> {
    reads_whole_project(conn, actor, project_id)?;
    let after: Option<Cursor> = page.decode()?;
    let limit = page.limit();
    let rows = Segment::page_of_project(conn, Id(project_id), after.map(|c| (c.name, Id(c.id))), limit + 1)?;
    Ok(Page::from_rows(rows, limit, |s| Cursor { name: s.name.clone(), id: s.id.0 }, |s| view(&s)))
}

/// `GET /projects/{id}/segments/{sid}`.
pub fn find_segment(conn: &mut Conn, actor: &Actor, project_id: Uuid, id: Uuid) -> ApiResult<SegmentView> {
    visible(conn, actor, project_id, id).map(|(segment, _)| view(&segment))
}

/// `PUT /projects/{id}/segments/{sid}` (managers): replaced as a whole, guarded by `version`.
pub fn replace_segment(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    id: Uuid,
    input: ReplaceSegmentRequest,
) -> ApiResult<SegmentView> {
    let current = writable(conn, actor, project_id, id)?;
    let (edit, criteria) = cleaned(input.name, input.description, input.criteria)?;
    if current.version != input.version {
        return Err(stale());
    }
    db::transaction(conn, |conn| {
        if !name_is_free(Segment::replace(conn, current.id, input.version, &edit))? {
            return Err(stale());
        }
        let entry = Entry::new(AuditAction::SegmentUpdate, id)
            .project(project_id)
            .change("name", &current.name, &edit.name)
            .change("description", &current.description, &edit.description)
            .change("criteria", criteria_of(&current), criteria);
        audit::record(conn, actor.into(), entry)?;
        Segment::find_live(conn, Id(project_id), current.id)?.map(|s| view(&s)).ok_or_else(not_found)
    })
}

/// `DELETE /projects/{id}/segments/{sid}` (managers).
pub fn delete_segment(conn: &mut Conn, actor: &Actor, project_id: Uuid, id: Uuid) -> ApiResult<()> {
    let current = writable(conn, actor, project_id, id)?;
    db::transaction(conn, |conn| {
        if !Segment::delete(conn, current.id)? {
            return Err(not_found());
        }
        let entry = Entry::new(AuditAction::SegmentDelete, id).project(project_id).set("name", &current.name);
        audit::record(conn, actor.into(), entry)?;
        Ok(())
    })
}

/// `GET /projects/{id}/segments/{sid}/leads`: a page of the segment's buyers in the
/// actor's scope, newest first.
pub fn segment_leads(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<LeadSummary>> {
    let (segment, _) = visible(conn, actor, project_id, id)?;
    crate::leads::service::matching(conn, actor, project_id, &criteria_of(&segment), page)
}

/// The middle of a budget range given by either end or both.
fn budget_middle(member: &Member) -> Option<i64> {
    match (member.budget_min_fen, member.budget_max_fen) {
        (Some(min), Some(max)) => Some(min / 2 + max / 2 + (min % 2 + max % 2) / 2),
        (one, other) => one.or(other),
    }
}

/// `GET /projects/{id}/segments/{sid}/summary`: size, grade mix, visit rate, conversion and
/// average budget of the segment's buyers in the actor's scope, as they stand.
pub fn segment_summary(conn: &mut Conn, actor: &Actor, project_id: Uuid, id: Uuid) -> ApiResult<SegmentSummary> {
    let (segment, whole) = visible(conn, actor, project_id, id)?;
    let owner = (!whole).then_some(Id(actor.id));
    let found = members::of_criteria(conn, Id(project_id), owner, &criteria_of(&segment))?;
    let signed = members::holding_signed_deals(conn, Id(project_id))?;
    let leads = found.len() as i64;
    let mut grades: Vec<GradeShare> = Grade::ALL
        .iter()
        .map(|g| Some(*g))
        .chain([None])
        .map(|grade| {
            let count = found.iter().filter(|m| m.grade == grade).count() as i64;
            GradeShare { grade, leads: count, share: share(count, leads).unwrap_or(0.0) }
        })
        .collect();
    grades.retain(|g| g.leads > 0 || g.grade.is_some());
    let visited = found.iter().filter(|m| m.visit_count > 0).count() as i64;
    let signed = found.iter().filter(|m| signed.contains(&m.id)).count() as i64;
    let budgets: Vec<i64> = found.iter().filter_map(budget_middle).collect();
    let with_budget = budgets.len() as i64;
    let average_budget_fen =
        (with_budget > 0).then(|| (budgets.iter().map(|&b| b as i128).sum::<i128>() / with_budget as i128) as i64);
    Ok(SegmentSummary {
        segment_id: segment.id.0,
        name: segment.name,
        own_only: !whole,
        leads,
        grades,
        visited,
        visit_rate: share(visited, leads),
        signed,
        conversion: share(signed, leads),
        average_budget_fen,
        with_budget,
    })
}
