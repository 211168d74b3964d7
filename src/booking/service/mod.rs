//! Booking rules, split by action. Shared here: finding a unit the actor may see, the
//! managers-only check, and the unit view.

mod holds;
mod import;
mod intents;
mod opening;
mod plan;
mod reservations;
mod subscriptions;
mod units;

pub use holds::{hold, release};
pub use import::{csv_row, import};
pub use intents::{find_intents, lead_intent_history, project_intent_changes, set_intents, unit_intents};
pub use opening::{board, find_opening, set_opening};
pub use plan::{heatmap, rehearsal};
pub use reservations::{
    cancel, find_reservation, reservation_not_found, reservation_view, reserve, visible_reservation,
};
pub use subscriptions::{find_subscription, list_subscriptions, live_subscription, refund, subscribe};
pub use units::{find, list, price_history, update};

use uuid::Uuid;

use super::dto::UnitView;
use super::model::Unit;
use crate::auth::Actor;
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::scope;

pub(crate) fn unit_not_found() -> ApiError {
    ApiError::not_found("unit.not_found", "No such unit.")
}

/// The unit, if the actor works in its project; 404 otherwise.
pub(crate) fn visible_unit(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Unit> {
    let member = (!actor.is_admin()).then_some(actor.id);
    Unit::find_in_projects_of(conn, Id(id), member)?.ok_or_else(unit_not_found)
}

/// 403 unless the actor manages the unit's project.
pub(crate) fn require_manager(conn: &mut Conn, actor: &Actor, unit: &Unit) -> ApiResult<()> {
    scope::require_project_manager(conn, actor, unit.project_id.0)
}

pub(crate) fn view(u: Unit) -> UnitView {
    UnitView {
        id: u.id.0,
        project_id: u.project_id.0,
        building: u.building,
        unit_no: u.unit_no,
        floor: u.floor,
        room: u.room,
        layout: u.layout,
        area_sqm: u.area_sqm,
        orientation: u.orientation,
        list_price_fen: u.list_price_fen,
        price_low_fen: u.price_low_fen,
        price_high_fen: u.price_high_fen,
        status: u.status,
        hold_reason: u.hold_reason,
        version: u.version,
        updated_at: u.updated_at.and_utc(),
    }
}

/// A price box must not be upside down.
pub(crate) fn price_box_errors(low: Option<i64>, high: Option<i64>) -> Vec<crate::error::FieldError> {
    match (low, high) {
        (Some(low), Some(high)) if low > high => {
            vec![crate::error::FieldError::new("price_high_fen", "must not be below price_low_fen")]
        }
        _ => Vec::new(),
    }
}
