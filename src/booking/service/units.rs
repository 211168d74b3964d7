//! Reading units (a list in building, floor, room order) and a manager's changes, with
//! every price kept in the unit's price history.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{price_box_errors, require_manager, view, visible_unit};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::{ListUnitsQuery, UnitPriceView, UnitView, UpdateUnitRequest};
use crate::booking::model::{Unit, UnitPrice};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::http::{Page, PageQuery};
use crate::schema::{unit_prices, units};
use crate::scope;

/// Where the previous page stopped.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    building: String,
    floor: i32,
    room: String,
    id: Uuid,
}

/// `GET /projects/{id}/units`: by building, floor and room.
pub fn list(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    filter: ListUnitsQuery,
    page: PageQuery,
) -> ApiResult<Page<UnitView>> {
    scope::require_project(conn, actor, project_id)?;
    let mut query = units::table
        .filter(units::project_id.eq(Id(project_id)))
        .order((units::building.asc(), units::floor.asc(), units::room.asc(), units::id.asc()))
        .select(Unit::as_select())
        .into_boxed();
    if let Some(building) = filter.building {
        query = query.filter(units::building.eq(building));
    }
    if let Some(layout) = filter.layout {
        query = query.filter(units::layout.eq(layout));
    }
    if let Some(status) = filter.status {
        query = query.filter(units::status.eq(status));
    }
    if let Some(floor) = filter.floor {
        query = query.filter(units::floor.eq(floor));
    }
    if let Some(c) = page.decode::<Cursor>()? {
        query = query.filter(db::keyset!(>
            (units::building, c.building),
            (units::floor, c.floor),
            (units::room, c.room),
            (units::id, Id(c.id))
        ));
    }
    let limit = page.limit();
    let rows: Vec<Unit> = query.limit(limit + 1).load(conn)?;
    Ok(Page::from_rows(
        rows,
        limit,
        |u| Cursor { building: u.building.clone(), floor: u.floor, room: u.room.clone(), id: u.id.0 },
        view,
    ))
}

/// `GET /units/{id}`.
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<UnitView> {
    visible_unit(conn, actor, id).map(view)
}

/// `PATCH /units/{id}` (managers): price, price box, layout; guarded by `version`.
pub fn update(conn: &mut Conn, actor: &Actor, id: Uuid, input: UpdateUnitRequest) -> ApiResult<UnitView> {
    let unit = visible_unit(conn, actor, id)?;
    require_manager(conn, actor, &unit)?;
    let stale =
        || ApiError::precondition_failed("unit.version_conflict", "The unit changed since you read it; reload.");
    if unit.version != input.version {
        return Err(stale());
    }
    let before = unit.spec();
    let mut after = before.clone();
    if let Some(price) = input.list_price_fen {
        after.list_price_fen = price;
    }
    if let Some(low) = input.price_low_fen {
        after.price_low_fen = low;
    }
    if let Some(high) = input.price_high_fen {
        after.price_high_fen = high;
    }
    if let Some(layout) = &input.layout {
        after.layout = layout.trim().to_owned();
    }
    let errors = price_box_errors(after.price_low_fen, after.price_high_fen);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    db::transaction(conn, |conn| {
        let now = db::now();
        let written =
            diesel::update(units::table.filter(units::id.eq(unit.id)).filter(units::version.eq(input.version)))
                .set((&after, units::version.eq(units::version + 1), units::updated_at.eq(now)))
                .execute(conn)?;
        if written == 0 {
            return Err(stale());
        }
        let updated = Unit::find(conn, unit.id)?.ok_or_else(super::unit_not_found)?;
        let price_changed = (before.list_price_fen, before.price_low_fen, before.price_high_fen)
            != (after.list_price_fen, after.price_low_fen, after.price_high_fen);
        if price_changed {
            diesel::insert_into(unit_prices::table).values(UnitPrice::of(&updated, Id(actor.id), now)).execute(conn)?;
        }
        let entry = Entry::new(AuditAction::UnitUpdate, id)
            .project(unit.project_id.0)
            .change("list_price_fen", before.list_price_fen, after.list_price_fen)
            .change("price_low_fen", before.price_low_fen, after.price_low_fen)
            .change("price_high_fen", before.price_high_fen, after.price_high_fen)
            .change("layout", &before.layout, &after.layout);
        audit::record(conn, actor.into(), entry)?;
        Ok(view(updated))
    })
}

/// `GET /units/{id}/price-history`: every price the unit had, newest first.
pub fn price_history(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Vec<UnitPriceView>> {
    let unit = visible_unit(conn, actor, id)?;
    let rows: Vec<UnitPrice> = unit_prices::table
        .filter(unit_prices::unit_id.eq(unit.id))
        .order((unit_prices::changed_at.desc(), unit_prices::id.desc()))
        .select(UnitPrice::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|p| UnitPriceView {
            list_price_fen: p.list_price_fen,
            price_low_fen: p.price_low_fen,
            price_high_fen: p.price_high_fen,
            changed_by: p.changed_by.map(Uuid::from),
            changed_at: p.changed_at.and_utc(),
        })
        .collect())
}
