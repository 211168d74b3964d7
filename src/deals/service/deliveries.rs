//! The handover date per building (`GET/PUT /projects/{id}/building-deliveries`), copied to
//! the building's signed deals — now, at each later signing, and after a change of unit.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::deals::dto::{BuildingDeliveryRequest, BuildingDeliveryView};
use crate::deals::model::deliveries::{self, BuildingDelivery, SignedDeal};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::care::{self, CareKind};
use crate::scope;

fn view(row: BuildingDelivery) -> BuildingDeliveryView {
    BuildingDeliveryView { building: row.building, expected_at: row.expected_at, updated_at: row.updated_at.and_utc() }
}

/// The project's buildings with a handover date.
pub fn list_deliveries(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<Vec<BuildingDeliveryView>> {
    scope::require_project(conn, actor, project_id)?;
    Ok(BuildingDelivery::of_project(conn, Id(project_id))?.into_iter().map(view).collect())
}

/// Managers set a building's expected handover; its signed deals take it.
pub fn set_delivery(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: BuildingDeliveryRequest,
) -> ApiResult<BuildingDeliveryView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let building = input.building.trim().to_owned();
    if building.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("building", "must not be blank")]));
    }
    let (first, last) = (NaiveDate::from_ymd_opt(2000, 1, 1), NaiveDate::from_ymd_opt(2100, 12, 31));
    if first.is_some_and(|f| input.expected_at < f) || last.is_some_and(|l| input.expected_at > l) {
        return Err(ApiError::validation(vec![FieldError::new("expected_at", "must be a day from 2000 to 2100")]));
    }
    if !crate::booking::model::has_building(conn, Id(project_id), &building)? {
        return Err(ApiError::validation(vec![FieldError::new(
            "building",
            "must be a building of the project's units",
        )]));
    }
    db::transaction(conn, |conn| {
        let row = BuildingDelivery {
            project_id: Id(project_id),
            building: building.clone(),
            expected_at: input.expected_at,
            updated_by: Id(actor.id),
            updated_at: db::now(),
        };
        row.store(conn)?;
        let buyers = deliveries::copy_to_deals(conn, Id(project_id), &building, input.expected_at)?;
        // Countdowns planned from the old date go; the next planning counts from the new one.
        let zone = crate::projects::model::zone_of(conn, Id(project_id))?;
        let today = crate::follow_ups::calendar::today(zone, db::now());
        let unplanned = care::unplan(conn, &buyers, CareKind::DeliveryCountdown, today)?;
        let entry = Entry::new(AuditAction::ProjectBuildingDelivery, project_id)
            .project(project_id)
            .set("building", &building)
            .set("expected_at", input.expected_at)
            .note("deals", buyers.len())
            .note("care_tasks_unplanned", unplanned);
        audit::record(conn, actor.into(), entry)?;
        Ok(view(row))
    })
}

/// The project's deals that stand, for care.
pub fn signed_of(conn: &mut Conn, project: Id) -> ApiResult<Vec<SignedDeal>> {
    Ok(deliveries::signed_deals(conn, project)?)
}
