//! Pre-sale control (预销控): a manager holds units back before opening and releases them.
//! Both are conditional updates, so a hold never lands on a unit someone just reserved.

use diesel::prelude::*;
use uuid::Uuid;

use super::{require_manager, view, visible_unit};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::{HoldRequest, UnitView};
use crate::booking::model::Unit;
use crate::booking::UnitStatus;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::schema::units;

/// `POST /units/{id}/hold`: available → held.
pub fn hold(conn: &mut Conn, actor: &Actor, id: Uuid, input: HoldRequest) -> ApiResult<UnitView> {
    let unit = visible_unit(conn, actor, id)?;
    require_manager(conn, actor, &unit)?;
    let reason = input.reason.trim().to_owned();
    db::transaction(conn, |conn| {
        let now = db::now();
        let held =
            diesel::update(units::table.filter(units::id.eq(unit.id)).filter(units::status.eq(UnitStatus::Available)))
                .set((
                    units::status.eq(UnitStatus::Held),
                    units::hold_reason.eq(&reason),
                    units::held_by.eq(Id(actor.id)),
                    units::held_at.eq(now),
                    units::version.eq(units::version + 1),
                    units::updated_at.eq(now),
                ))
                .execute(conn)?;
        if held == 0 {
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
        let now = db::now();
        let released =
            diesel::update(units::table.filter(units::id.eq(unit.id)).filter(units::status.eq(UnitStatus::Held)))
                .set((
                    units::status.eq(UnitStatus::Available),
                    units::hold_reason.eq(None::<String>),
                    units::held_by.eq(None::<Id>),
                    units::held_at.eq(None::<chrono::NaiveDateTime>),
                    units::version.eq(units::version + 1),
                    units::updated_at.eq(now),
                ))
                .execute(conn)?;
        if released == 0 {
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
