//! Opening day: its settings and the live board.

use diesel::prelude::*;
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::*;
use crate::booking::model::Opening;
use crate::booking::UnitStatus;
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::schema::{project_openings, units};
use crate::scope;

pub(super) fn settings_of(conn: &mut Conn, project: Id) -> QueryResult<OpeningSettings> {
    let stored: Option<Opening> =
        project_openings::table.find(project).select(Opening::as_select()).first(conn).optional()?;
    Ok(stored.map_or_else(OpeningSettings::default, |o| OpeningSettings {
        state: o.state,
        mode: o.mode,
        max_units_per_lead: o.max_units_per_lead,
        requires_subscription: o.requires_subscription,
        called_up_to: o.called_up_to,
    }))
}

/// `GET /projects/{id}/opening`.
pub fn find_opening(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<OpeningSettings> {
    scope::require_project(conn, actor, project_id)?;
    Ok(settings_of(conn, Id(project_id))?)
}

/// `PUT /projects/{id}/opening` (managers): open, close, switch mode, call numbers.
pub fn set_opening(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: OpeningSettings,
) -> ApiResult<OpeningSettings> {
    scope::require_project_manager(conn, actor, project_id)?;
    db::transaction(conn, |conn| {
        let before = settings_of(conn, Id(project_id))?;
        let row = Opening {
            project_id: Id(project_id),
            state: input.state,
            mode: input.mode,
            max_units_per_lead: input.max_units_per_lead,
            requires_subscription: input.requires_subscription,
            called_up_to: input.called_up_to,
            version: 1,
            updated_at: db::now(),
        };
        let updated = diesel::update(project_openings::table.find(Id(project_id)))
            .set((
                project_openings::state.eq(row.state),
                project_openings::mode.eq(row.mode),
                project_openings::max_units_per_lead.eq(row.max_units_per_lead),
                project_openings::requires_subscription.eq(row.requires_subscription),
                project_openings::called_up_to.eq(row.called_up_to),
                project_openings::version.eq(project_openings::version + 1),
                project_openings::updated_at.eq(row.updated_at),
            ))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(project_openings::table).values(&row).execute(conn)?;
        }
        let entry = Entry::new(AuditAction::OpeningUpdate, project_id)
            .project(project_id)
            .change("state", before.state, input.state)
            .change("mode", before.mode, input.mode)
            .change("max_units_per_lead", before.max_units_per_lead, input.max_units_per_lead)
            .change("requires_subscription", before.requires_subscription, input.requires_subscription)
            .change("called_up_to", before.called_up_to, input.called_up_to);
        audit::record(conn, actor.into(), entry)?;
        Ok(input)
    })
}

fn add(counts: &mut StatusCounts, status: UnitStatus, n: i64) {
    match status {
        UnitStatus::Available => counts.available += n,
        UnitStatus::Held => counts.held += n,
        UnitStatus::Reserved => counts.reserved += n,
        UnitStatus::Sold => counts.sold += n,
    }
}

fn rows_of(grouped: Vec<(String, UnitStatus, i64)>, totals: &mut Option<&mut StatusCounts>) -> Vec<BoardRow> {
    let mut rows: Vec<BoardRow> = Vec::new();
    for (key, status, n) in grouped {
        if rows.last().is_none_or(|r| r.key != key) {
            rows.push(BoardRow { key: key.clone(), counts: StatusCounts::default() });
        }
        if let Some(row) = rows.last_mut() {
            add(&mut row.counts, status, n);
        }
        if let Some(totals) = totals.as_deref_mut() {
            add(totals, status, n);
        }
    }
    rows
}

/// `GET /projects/{id}/opening/board`: sold, reserved, held, available by building and
/// by layout — two grouped queries, for a screen refreshed every few seconds.
pub fn board(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<OpeningBoard> {
    crate::scope::require_lead_worker(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let of_project = || units::table.filter(units::project_id.eq(Id(project_id)));
    let by_building: Vec<(String, UnitStatus, i64)> = of_project()
        .group_by((units::building, units::status))
        .select((units::building, units::status, diesel::dsl::count_star()))
        .order(units::building.asc())
        .load(conn)?;
    let by_layout: Vec<(String, UnitStatus, i64)> = of_project()
        .group_by((units::layout, units::status))
        .select((units::layout, units::status, diesel::dsl::count_star()))
        .order(units::layout.asc())
        .load(conn)?;
    let mut totals = StatusCounts::default();
    let by_building = rows_of(by_building, &mut Some(&mut totals));
    let by_layout = rows_of(by_layout, &mut None);
    Ok(OpeningBoard { totals, by_building, by_layout })
}
