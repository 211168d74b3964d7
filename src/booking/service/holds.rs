//! Pre-sale control (预销控): a manager holds units back before opening and releases them.
//! Both are conditional updates, so a hold never lands on a unit someone just reserved.

use uuid::Uuid;

use super::{require_manager, view, visible_unit};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::{HoldRequest, UnitView};
use crate::booking::model::Unit;
use crate::booking::UnitStatus;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};

/// `POST /units/{id}/hold`: available → held.
pub fn hold(conn: &mut Conn, actor: &Actor, id: Uuid, input: HoldRequest) -> ApiResult<UnitView> {
    let unit = visible_unit(conn, actor, id)?;
    require_manager(conn, actor, &unit)?;
    let reason = input.reason.trim().to_owned();
    db::transaction(conn, |conn| {
        if !Unit::move_status(conn, unit.id, UnitStatus::Available, UnitStatus::Held, Some((&reason, Id(actor.id))))? {
            let current = Unit::find(conn, unit.id)?.map_or(unit.status, |u| u.status);
            return Err(match current {
                UnitStatus::Held => ApiError::conflict("unit.held", "The unit is already held."),
                _ => ApiError::conflict("unit.not_available", "The unit is reserved or sold."),
            });
        }
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::UnitHold, id)
                .project(unit.project_id.0)
                .change("status", unit.status, UnitStatus::Held)
                .note("reason", &reason),
        )?;
        Unit::find(conn, unit.id)?.map(view).ok_or_else(super::unit_not_found)
    })
}

/// `POST /units/{id}/release`: held → available.
pub fn release(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<UnitView> {
    let unit = visible_unit(conn, actor, id)?;
    require_manager(conn, actor, &unit)?;
    db::transaction(conn, |conn| {
        if !Unit::move_status(conn, unit.id, UnitStatus::Held, UnitStatus::Available, None)? {
            return Err(ApiError::conflict("unit.not_held", "The unit is not held."));
        }
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::UnitRelease, id).project(unit.project_id.0).change(
                "status",
                UnitStatus::Held,
                UnitStatus::Available,
            ),
        )?;
        Unit::find(conn, unit.id)?.map(view).ok_or_else(super::unit_not_found)
    })
}
