//! A manager's correction of a visit (the party, the note, the name while no lead holds
//! it), the day it happened: the register of a closed day is evidence.

use uuid::Uuid;

use super::rotation::zone_of;
use super::visit_list::{view, visible_visit};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::calendar;
use crate::reception::dto::{UpdateVisitRequest, VisitView};
use crate::reception::model::VisitCorrection;
use crate::scope;

/// `PATCH /visits/{id}` (the project's managers, the day of the visit).
pub fn update_visit(conn: &mut Conn, actor: &Actor, id: Uuid, input: UpdateVisitRequest) -> ApiResult<VisitView> {
    let visit = visible_visit(conn, actor, id)?;
    scope::require_project_manager(conn, actor, visit.project_id.0)?;
    let now = db::now();
    let zone = zone_of(conn, visit.project_id)?;
    // The day it was registered: an arrival logged late still belongs to that day's register.
    if calendar::today(zone, visit.created_at) != calendar::today(zone, now) {
        return Err(ApiError::conflict("visit.day_closed", "A visit is corrected the day it happened only."));
    }
    let mut errors = Vec::new();
    let name = match input.name.as_deref().map(str::trim) {
        None => visit.name.clone(),
        Some("") => {
            errors.push(FieldError::new("name", "must not be blank"));
            None
        }
        Some(_) if visit.lead_id.is_some() => {
            errors.push(FieldError::new("name", "is the lead's now: edit it on the lead"));
            None
        }
        Some(name) => Some(name.to_owned()),
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let note = match input.note.as_deref().map(str::trim) {
        None => visit.note.clone(),
        Some("") => None,
        Some(note) => Some(note.to_owned()),
    };
    let correction = VisitCorrection { name, party_size: input.party_size.unwrap_or(visit.party_size), note };
    db::transaction(conn, |conn| {
        if !visit.correct(conn, &correction, input.version, now)? {
            return Err(ApiError::precondition_failed(
                "visit.version_conflict",
                "The visit changed since you read it; reload and try again.",
            ));
        }
        let entry = Entry::new(AuditAction::VisitUpdate, id)
            .project(visit.project_id.0)
            .change("party_size", visit.party_size, correction.party_size)
            // A person's name stays out of the append-only trail: only that it changed.
            .set("name_changed", visit.name != correction.name)
            .set("note_changed", visit.note != correction.note);
        audit::record(conn, actor.into(), entry)?;
        let visit = visible_visit(conn, actor, id)?;
        view(conn, visit)
    })
}
