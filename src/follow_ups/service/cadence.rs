//! `GET/PUT /projects/{id}/cadence`: days between contacts per grade, per project.

use diesel::prelude::*;
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::follow_ups::cadence::Cadence;
use crate::follow_ups::dto::{CadenceRequest, CadenceView};
use crate::follow_ups::model::{stored_cadence, CadenceRow};
use crate::schema::project_cadences;
use crate::scope;

/// The project's cadence, for anyone in the project.
pub fn find_cadence(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<CadenceView> {
    scope::require_project(conn, actor, project_id)?;
    Ok(match stored_cadence(conn, Id(project_id))? {
        Some(row) => CadenceView { cadence: row.cadence(), customised: true },
        None => CadenceView { cadence: Cadence::default(), customised: false },
    })
}

/// Replaces the project's cadence (managers). Leads keep their planned dates; the new
/// cadence applies from their next contact on.
pub fn set_cadence(conn: &mut Conn, actor: &Actor, project_id: Uuid, input: CadenceRequest) -> ApiResult<CadenceView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let cadence = Cadence { a_days: input.a_days, b_days: input.b_days, c_days: input.c_days, d_days: input.d_days };
    let problems = cadence.problems();
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    db::transaction(conn, |conn| {
        let previous = stored_cadence(conn, Id(project_id))?;
        let row = CadenceRow {
            project_id: Id(project_id),
            a_days: cadence.a_days,
            b_days: cadence.b_days,
            c_days: cadence.c_days,
            d_days: cadence.d_days,
            version: previous.as_ref().map_or(1, |p| p.version + 1),
            updated_at: db::now(),
        };
        if previous.is_some() {
            diesel::update(project_cadences::table.find(Id(project_id))).set(&row).execute(conn)?;
        } else {
            diesel::insert_into(project_cadences::table).values(&row).execute(conn)?;
        }
        let before = previous.map(|p| p.cadence()).unwrap_or_default();
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::ProjectCadenceUpdate, project_id)
                .project(project_id)
                .change("cadence", before, cadence),
        )?;
        Ok(CadenceView { cadence, customised: true })
    })
}
