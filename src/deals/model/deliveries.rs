//! `building_deliveries`: when each building of a project is to be handed over (交房), and
//! the copy of it each signed deal of the building keeps.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::deals::DealStatus;
use crate::schema::{building_deliveries, deals, units};

/// A building's expected handover.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = building_deliveries)]
pub struct BuildingDelivery {
    pub project_id: Id,
    pub building: String,
    pub expected_at: NaiveDate,
    pub updated_by: Id,
    pub updated_at: NaiveDateTime,
}

impl BuildingDelivery {
    /// Stores the building's date (replacing the one before).
    pub fn store(&self, conn: &mut Conn) -> QueryResult<()> {
        if crate::db::insert_or_ignore!(conn, building_deliveries::table, self)? == 0 {
            diesel::update(building_deliveries::table.find((self.project_id, &self.building)))
                .set(self)
                .execute(conn)?;
        }
        Ok(())
    }

    /// The project's buildings with a date, by building.
    pub fn of_project(conn: &mut Conn, project: Id) -> QueryResult<Vec<BuildingDelivery>> {
        building_deliveries::table
            .filter(building_deliveries::project_id.eq(project))
            .order(building_deliveries::building.asc())
            .select(BuildingDelivery::as_select())
            .load(conn)
    }
}

/// The expected handover of the building this unit is in, if one is set.
pub fn delivery_of_unit(conn: &mut Conn, unit: Id) -> QueryResult<Option<NaiveDate>> {
    units::table
        .inner_join(
            building_deliveries::table.on(building_deliveries::project_id
                .eq(units::project_id)
                .and(building_deliveries::building.eq(units::building))),
        )
        .filter(units::id.eq(unit))
        .select(building_deliveries::expected_at)
        .first(conn)
        .optional()
}

/// Copies the date to the signed deals of the building's units: the buyers of those deals.
pub fn copy_to_deals(conn: &mut Conn, project: Id, building: &str, expected_at: NaiveDate) -> QueryResult<Vec<Id>> {
    let of_building =
        || units::table.filter(units::project_id.eq(project)).filter(units::building.eq(building)).select(units::id);
    let signed = || {
        deals::table
            .filter(deals::project_id.eq(project))
            .filter(deals::status.eq(DealStatus::Signed))
            .filter(deals::unit_id.eq_any(of_building()))
    };
    let buyers: Vec<Id> = signed().select(deals::lead_id).load(conn)?;
    diesel::update(signed()).set(deals::delivery_expected_at.eq(expected_at)).execute(conn)?;
    Ok(buyers)
}

/// Sets the deal's expected handover (at signing, after a change of unit).
pub fn set_deal_delivery(conn: &mut Conn, deal: Id, expected_at: Option<NaiveDate>) -> QueryResult<()> {
    diesel::update(deals::table.find(deal)).set(deals::delivery_expected_at.eq(expected_at)).execute(conn).map(|_| ())
}

/// A signed deal, as care needs it.
#[derive(Debug, Clone, Queryable)]
pub struct SignedDeal {
    pub lead_id: Id,
    pub signed_at: NaiveDateTime,
    pub delivery_expected_at: Option<NaiveDate>,
}

/// The project's deals that stand (signed, not cancelled).
pub fn signed_deals(conn: &mut Conn, project: Id) -> QueryResult<Vec<SignedDeal>> {
    deals::table
        .filter(deals::project_id.eq(project))
        .filter(deals::status.eq(DealStatus::Signed))
        .select((deals::lead_id, deals::signed_at, deals::delivery_expected_at))
        .load(conn)
}
