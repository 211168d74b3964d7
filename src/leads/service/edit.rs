//! Reading, editing and (soft) deleting one lead.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use super::create::duplicate;
use super::{profile_changes, view_one, visible_lead, LeadRules};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::grading::{self, GradeCause};
use crate::leads::dto::{LeadView, UpdateLeadRequest};
use crate::leads::model::{self, Lead};
use crate::leads::profile;
use crate::schema::leads;
use crate::scope::LeadRights;
use crate::words::LeadStatus;

/// `GET /leads/{id}`.
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<LeadView> {
    let lead = visible_lead(conn, actor, id)?;
    view_one(conn, actor, lead)
}

fn version_conflict() -> ApiError {
    ApiError::precondition_failed("lead.version_conflict", "The lead changed since you read it; reload and try again.")
}

/// `PATCH /leads/{id}`, guarded by `version`.
pub fn update(
    conn: &mut Conn,
    actor: &Actor,
    rules: &LeadRules<'_>,
    id: Uuid,
    input: UpdateLeadRequest,
) -> ApiResult<LeadView> {
    let lead = visible_lead(conn, actor, id)?;
    let now = db::now();
    let before = lead.profile();
    // The body's own faults (422) come before the state's (412): a stale version says
    // nothing about a bad phone.
    let after = profile::apply_update(&before, &input, rules.cipher, now)?;
    if lead.version != input.version {
        return Err(version_conflict());
    }
    db::transaction(conn, |conn| {
        // The new phone may collide with another live lead: a savepoint keeps the
        // transaction usable for the 409's details.
        let written = db::transaction(conn, |conn| model::update_profile(conn, lead.id, input.version, &after));
        match written {
            Ok(true) => {}
            Ok(false) => return Err(version_conflict()),
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                return Err(duplicate(conn, lead.project_id, &after.phone)?);
            }
            Err(other) => return Err(other.into()),
        }
        if after.consent_at != before.consent_at {
            model::record_consent(
                conn,
                lead.id,
                after.marketing_consent,
                after.consent_channel.as_deref(),
                Some(Id(actor.id)),
                now,
            )?;
        }
        if after.status != before.status {
            let held = model::HeldBy::from(&lead);
            let moved = model::StatusMove {
                to_status: after.status,
                lost_reason: after.lost_reason,
                moved_at: now,
                ..model::StatusMove::of(&held)
            };
            moved.record(conn)?;
        }
        let entry = Entry::new(AuditAction::LeadUpdate, id).project(lead.project_id.0);
        audit::record(conn, actor.into(), profile_changes(&before, &after, entry))?;
        // Budget and decision facts feed the score.
        grading::service::regrade(conn, lead.id, GradeCause::ProfileChange, &actor.into())?;
        let updated = Lead::find_live(conn, lead.id)?.ok_or_else(super::lead_not_found)?;
        view_one(conn, actor, updated)
    })
}

/// `DELETE /leads/{id}`: managers only; the lead leaves every list and its phone may be
/// registered again, but the row (and its history) stays.
pub fn delete(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<()> {
    let lead = visible_lead(conn, actor, id)?;
    if LeadRights::within_scope(actor, lead.owner_id.0) < LeadRights::Manage {
        return Err(ApiError::forbidden("lead.manager_only", "Only managers delete leads."));
    }
    db::transaction(conn, |conn| {
        // A buyer in the middle of a sale keeps their file: a reservation would hold its unit
        // and a deal its money with no lead behind them. Locked, so a reservation or a
        // signing landing now waits for this answer.
        let lead = Lead::lock_live(conn, lead.id)?.ok_or_else(super::lead_not_found)?;
        if matches!(lead.status, LeadStatus::Reserved | LeadStatus::Signed) {
            return Err(ApiError::conflict(
                "lead.in_sale",
                "The lead holds a reservation or a signed deal; cancel it before deleting the lead.",
            ));
        }
        let now = db::now();
        let deleted = diesel::update(leads::table.filter(leads::id.eq(lead.id)).filter(leads::deleted_at.is_null()))
            .set((leads::deleted_at.eq(now), leads::updated_at.eq(now), leads::version.eq(leads::version + 1)))
            .execute(conn)?;
        if deleted == 0 {
            return Err(super::lead_not_found());
        }
        audit::record(conn, actor.into(), Entry::new(AuditAction::LeadDelete, id).project(lead.project_id.0))?;
        Ok(())
    })
}
