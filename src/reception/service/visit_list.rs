//! Reading the visit register: the day's list (or a range of days) and one visit. The
//! desk and managers see the project's visits; a salesperson sees those they received or
//! registered. Phones are always masked here: the register is read at a public desk.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::require_desk_role;
use super::rotation::zone_of;
use super::verdict;
use crate::auth::model::display_names;
use crate::auth::{Actor, Role};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::calendar;
use crate::http::{Page, PageQuery};
use crate::reception::dto::{ListVisitsQuery, Receiver, VisitView};
use crate::reception::model::Visit;
use crate::schema::visits;
use crate::scope;

/// The longest range of days one list covers.
const LONGEST_RANGE_DAYS: i64 = 31;

pub(super) fn visit_not_found() -> ApiError {
    ApiError::not_found("visit.not_found", "No such visit.")
}

fn to_view(visit: Visit, receiver_name: Option<String>) -> VisitView {
    VisitView {
        id: visit.id.0,
        project_id: visit.project_id.0,
        verdict: visit.verdict,
        reason: verdict::reason(visit.verdict).to_owned(),
        assigned_to: visit.assigned_to.map(|id| Receiver { id: id.0, display_name: receiver_name.unwrap_or_default() }),
        lead_id: visit.lead_id.map(|l| l.0),
        report_id: visit.report_id.map(|r| r.0),
        referrer_lead_id: visit.referrer_lead_id.map(|r| r.0),
        first_visit: visit.first_visit,
        came_with: visit.came_with,
        name: visit.name,
        phone: visit.phone_mask,
        party_size: visit.party_size,
        arrived_at: visit.arrived_at.and_utc(),
        registered_by: visit.registered_by.0,
        note: visit.note,
        version: visit.version,
        created_at: visit.created_at.and_utc(),
        updated_at: visit.updated_at.and_utc(),
    }
}

/// One visit as the register shows it, with its receiver's name.
pub(super) fn view(conn: &mut Conn, visit: Visit) -> ApiResult<VisitView> {
    let name = match visit.assigned_to {
        Some(id) => display_names(conn, [id])?.remove(&id),
        None => None,
    };
    Ok(to_view(visit, name))
}

/// Whether the actor reads every visit of a project they are in (the desk and managers),
/// or only those they received or registered.
fn reads_all(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager | Role::Client | Role::Receptionist)
}

/// Whether the actor may see this visit: 404 otherwise.
pub(super) fn visible_visit(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Visit> {
    require_desk_role(actor).map_err(|_| visit_not_found())?;
    let visit = Visit::find(conn, Id(id))?.ok_or_else(visit_not_found)?;
    scope::require_project(conn, actor, visit.project_id.0).map_err(|_| visit_not_found())?;
    let own = visit.assigned_to == Some(Id(actor.id)) || visit.registered_by == Id(actor.id);
    if reads_all(actor) || own {
        Ok(visit)
    } else {
        Err(visit_not_found())
    }
}

/// `GET /visits/{id}`.
pub fn find_visit(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<VisitView> {
    let visit = visible_visit(conn, actor, id)?;
    view(conn, visit)
}

/// Where the previous page stopped: latest arrival first.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    at: NaiveDateTime,
    id: Uuid,
}

/// The days a list covers, in the project's dates: `date`, or `from`..=`to`, or today.
fn days_of(filter: &ListVisitsQuery, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
    let refuse = |field: &str, message: &str| Err(ApiError::validation(vec![FieldError::new(field, message)]));
    match (filter.date, filter.from, filter.to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => refuse("date", "give either date or from/to"),
        (Some(date), None, None) => Ok((date, date)),
        (None, Some(from), Some(to)) if to < from => refuse("to", "must not be before from"),
        (None, Some(from), Some(to)) if (to - from).num_days() >= LONGEST_RANGE_DAYS => {
            refuse("to", "the range must be at most 31 days")
        }
        (None, Some(from), Some(to)) => Ok((from, to)),
        (None, Some(_), None) => refuse("to", "is required with from"),
        (None, None, Some(_)) => refuse("from", "is required with to"),
        (None, None, None) => Ok((today, today)),
    }
}

/// `GET /projects/{id}/visits`: the register of a day (default today) or of a range of
/// days, latest arrival first.
pub fn list_visits(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    filter: ListVisitsQuery,
    page: PageQuery,
) -> ApiResult<Page<VisitView>> {
    require_desk_role(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let project = Id(project_id);
    let zone = zone_of(conn, project)?;
    let (first, last) = days_of(&filter, calendar::today(zone, db::now()))?;
    let (from, until) = (calendar::start_of(first, zone), calendar::start_of(last + Duration::days(1), zone));
    let mut query = visits::table
        .filter(visits::project_id.eq(project))
        .filter(visits::arrived_at.ge(from))
        .filter(visits::arrived_at.lt(until))
        .select(Visit::as_select())
        .order((visits::arrived_at.desc(), visits::id.desc()))
        .into_boxed();
    if !reads_all(actor) {
        let me = Id(actor.id);
        query = query.filter(visits::assigned_to.eq(me).or(visits::registered_by.eq(me)));
    }
    if let Some(verdict) = filter.verdict {
        query = query.filter(visits::verdict.eq(verdict));
    }
    query = match filter.assigned {
        Some(true) => query.filter(visits::assigned_to.is_not_null()),
        Some(false) => query.filter(visits::assigned_to.is_null()),
        None => query,
    };
    if let Some(Cursor { at, id }) = page.decode()? {
        query = query.filter(visits::arrived_at.lt(at).or(visits::arrived_at.eq(at).and(visits::id.lt(Id(id)))));
    }
    let limit = page.limit();
    let rows: Vec<Visit> = query.limit(limit + 1).load(conn)?;
    let names = display_names(conn, rows.iter().filter_map(|v| v.assigned_to))?;
    Ok(Page::from_rows(
        rows,
        limit,
        |v| Cursor { at: v.arrived_at, id: v.id.0 },
        |v| {
            let name = v.assigned_to.and_then(|id| names.get(&id).cloned());
            to_view(v, name)
        },
    ))
}
