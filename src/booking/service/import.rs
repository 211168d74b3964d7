//! `POST /projects/{id}/units/import`: the inventory from the developer's sales table, as
//! JSON or CSV. Idempotent by (project, building, room): importing the same table twice
//! changes nothing; a changed row updates its unit (a new price goes to the history).

use diesel::prelude::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use super::price_box_errors;
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::{UnitImportReport, UnitRow, UnitRowResult, UnitRowStatus};
use crate::booking::model::{Unit, UnitPrice, UnitSpec};
use crate::booking::UnitStatus;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::bulk::{number_or_text, object, CsvRecord};
use crate::schema::{unit_prices, units};
use crate::scope;

/// Most rows one import may carry.
pub const MAX_ROWS: usize = crate::booking::dto::MAX_IMPORT_ROWS;

/// One CSV record as the JSON a client would send: numbers where numbers are expected.
pub fn csv_row(record: CsvRecord) -> Value {
    object(record.into_iter().map(|(header, cell)| {
        let value = match header.as_str() {
            "floor" | "list_price_fen" | "price_low_fen" | "price_high_fen" => number_or_text(&cell, true),
            "area_sqm" => number_or_text(&cell, false),
            _ => Value::from(cell),
        };
        (header, value)
    }))
}

fn parse(row: Value) -> Result<UnitRow, Vec<FieldError>> {
    let row: UnitRow = crate::http::json::from_value(row)?;
    let errors = price_box_errors(row.price_low_fen, row.price_high_fen);
    if errors.is_empty() {
        Ok(row)
    } else {
        Err(errors)
    }
}

fn spec_of(row: &UnitRow) -> UnitSpec {
    UnitSpec {
        unit_no: row.unit_no.trim().to_owned(),
        floor: row.floor,
        layout: row.layout.trim().to_owned(),
        area_sqm: row.area_sqm,
        orientation: row.orientation.as_deref().map(str::trim).map(str::to_owned),
        list_price_fen: row.list_price_fen,
        price_low_fen: row.price_low_fen,
        price_high_fen: row.price_high_fen,
    }
}

/// Imports the rows into the project (managers).
pub fn import(conn: &mut Conn, actor: &Actor, project_id: Uuid, rows: Vec<Value>) -> ApiResult<UnitImportReport> {
    scope::require_project_manager(conn, actor, project_id)?;
    if rows.is_empty() || rows.len() > MAX_ROWS {
        return Err(ApiError::invalid_field("unit.import_size", "body", format!("must hold 1 to {MAX_ROWS} rows")));
    }
    db::transaction(conn, |conn| {
        let existing: Vec<Unit> =
            units::table.filter(units::project_id.eq(Id(project_id))).select(Unit::as_select()).load(conn)?;
        let mut by_room: HashMap<(String, String), Unit> =
            existing.into_iter().map(|u| ((u.building.clone(), u.room.clone()), u)).collect();
        let mut seen = HashSet::new();
        let mut results = Vec::with_capacity(rows.len());
        let mut entries = Vec::new();
        let now = db::now();
        for (index, raw) in rows.into_iter().enumerate() {
            let row_number = index + 1;
            let outcome = match parse(raw) {
                Err(errors) => (UnitRowStatus::Invalid, None, errors),
                Ok(row) => {
                    let key = (row.building.trim().to_owned(), row.room.trim().to_owned());
                    if !seen.insert(key.clone()) {
                        (UnitRowStatus::Invalid, None, vec![FieldError::new("room", "appears twice in this import")])
                    } else {
                        let spec = spec_of(&row);
                        match by_room.remove(&key) {
                            None => {
                                let unit = Unit {
                                    id: Id::new(),
                                    project_id: Id(project_id),
                                    building: key.0,
                                    unit_no: spec.unit_no,
                                    floor: spec.floor,
                                    room: key.1,
                                    layout: spec.layout,
                                    area_sqm: spec.area_sqm,
                                    orientation: spec.orientation,
                                    list_price_fen: spec.list_price_fen,
                                    price_low_fen: spec.price_low_fen,
                                    price_high_fen: spec.price_high_fen,
                                    status: UnitStatus::Available,
                                    hold_reason: None,
                                    held_by: None,
                                    held_at: None,
                                    version: 1,
                                    created_at: now,
                                    updated_at: now,
                                };
                                diesel::insert_into(units::table).values(&unit).execute(conn)?;
                                diesel::insert_into(unit_prices::table)
                                    .values(UnitPrice::of(&unit, Id(actor.id), now))
                                    .execute(conn)?;
                                entries.push(
                                    Entry::new(AuditAction::UnitCreate, unit.id.0)
                                        .project(project_id)
                                        .set("room", &unit.room),
                                );
                                (UnitRowStatus::Created, Some(unit.id.0), Vec::new())
                            }
                            Some(unit) if unit.spec() == spec => {
                                (UnitRowStatus::Unchanged, Some(unit.id.0), Vec::new())
                            }
                            Some(unit) if matches!(unit.status, UnitStatus::Reserved | UnitStatus::Sold) => (
                                UnitRowStatus::Invalid,
                                Some(unit.id.0),
                                vec![FieldError::new("room", "the unit is reserved or sold; change it by hand")],
                            ),
                            Some(unit) => {
                                let before = unit.spec();
                                diesel::update(units::table.find(unit.id))
                                    .set((&spec, units::version.eq(units::version + 1), units::updated_at.eq(now)))
                                    .execute(conn)?;
                                if (before.list_price_fen, before.price_low_fen, before.price_high_fen)
                                    != (spec.list_price_fen, spec.price_low_fen, spec.price_high_fen)
                                {
                                    let priced = Unit {
                                        list_price_fen: spec.list_price_fen,
                                        price_low_fen: spec.price_low_fen,
                                        price_high_fen: spec.price_high_fen,
                                        ..unit.clone()
                                    };
                                    diesel::insert_into(unit_prices::table)
                                        .values(UnitPrice::of(&priced, Id(actor.id), now))
                                        .execute(conn)?;
                                }
                                entries.push(
                                    Entry::new(AuditAction::UnitUpdate, unit.id.0)
                                        .project(project_id)
                                        .change("spec", &before, &spec),
                                );
                                (UnitRowStatus::Updated, Some(unit.id.0), Vec::new())
                            }
                        }
                    }
                }
            };
            let (status, unit_id, errors) = outcome;
            results.push(UnitRowResult { row: row_number, status, unit_id, errors });
        }
        let count = |s: UnitRowStatus| results.iter().filter(|r| r.status == s).count();
        let report = UnitImportReport {
            created: count(UnitRowStatus::Created),
            updated: count(UnitRowStatus::Updated),
            unchanged: count(UnitRowStatus::Unchanged),
            invalid: count(UnitRowStatus::Invalid),
            results,
        };
        entries.push(
            Entry::new(AuditAction::UnitImport, project_id)
                .project(project_id)
                .note("created", report.created)
                .note("updated", report.updated)
                .note("invalid", report.invalid),
        );
        audit::record_all(conn, actor.into(), entries)?;
        Ok(report)
    })
}
