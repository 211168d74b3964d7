//! `POST /leads/import`: up to 5,000 rows for one project, as a JSON array or CSV with a
//! header row. Every valid row becomes a lead; every other row is reported, and one bad
//! row never stops the others (each insert runs in its own savepoint).

use serde_json::{Map, Value};

use crate::http::bulk::{number_or_text, CsvRecord};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use super::create::{insert_lead, place, Placement};
use super::LeadRules;
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::grading::{self, GradeCause};
use crate::leads::dto::{CreateLeadRequest, ImportReport, RowResult, RowStatus};
use crate::leads::profile;
use crate::scope;

/// Most rows one import may carry.
pub const MAX_ROWS: usize = crate::leads::dto::MAX_IMPORT_ROWS;

const LIST_FIELDS: [&str; 3] = ["intended_layouts", "concerns", "tags"];
const INTEGER_FIELDS: [&str; 4] = ["budget_min_fen", "budget_max_fen", "down_payment_fen", "decision_cycle_days"];
const DECIMAL_FIELDS: [&str; 2] = ["area_min_sqm", "area_max_sqm"];

/// One CSV record as the JSON object a client would have sent. Lists (`intended_layouts`,
/// `concerns`, `tags`) are separated by `|`; consent is `marketing_consent` (true/false,
/// 是/否) plus `consent_channel`.
pub fn csv_row(record: CsvRecord) -> Value {
    let mut row = Map::new();
    let mut consent = Map::new();
    for (header, cell) in record {
        let value = if LIST_FIELDS.contains(&header.as_str()) {
            Value::from(cell.split('|').map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>())
        } else if INTEGER_FIELDS.contains(&header.as_str()) {
            number_or_text(&cell, true)
        } else if DECIMAL_FIELDS.contains(&header.as_str()) {
            number_or_text(&cell, false)
        } else if header == "marketing_consent" {
            let granted = matches!(cell.to_lowercase().as_str(), "true" | "yes" | "1" | "是" | "同意");
            consent.insert("granted".into(), Value::from(granted));
            continue;
        } else if header == "consent_channel" {
            consent.insert("channel".into(), Value::from(cell));
            continue;
        } else {
            Value::from(cell)
        };
        row.insert(header, value);
    }
    if !consent.is_empty() {
        consent.entry("granted").or_insert(Value::from(false));
        row.insert("marketing_consent".into(), Value::Object(consent));
    }
    Value::Object(row)
}

/// The field errors an `ApiError` carries, or one for the whole row.
fn field_errors(error: ApiError) -> Vec<FieldError> {
    let problem = error.problem();
    if problem.errors.is_empty() {
        vec![FieldError::new("row", problem.detail)]
    } else {
        problem.errors
    }
}

/// Parses and checks one row into a placement and a profile.
fn prepare(
    conn: &mut Conn,
    actor: &Actor,
    rules: &LeadRules<'_>,
    project_id: Uuid,
    row: Value,
    owners: &mut HashMap<Uuid, bool>,
) -> ApiResult<Result<(Placement, crate::leads::model::LeadProfile), Vec<FieldError>>> {
    let Value::Object(mut object) = row else {
        return Ok(Err(vec![FieldError::new("row", "must be an object")]));
    };
    object.insert("project_id".into(), Value::from(project_id.to_string()));
    let input: CreateLeadRequest = match crate::http::json::from_value(Value::Object(object)) {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let placement = match place(conn, actor, project_id, input.owner_id, input.referrer_lead_id, owners) {
        Ok(placement) => placement,
        Err(error) if error.is_unprocessable() => return Ok(Err(field_errors(error))),
        Err(error) => return Err(error),
    };
    let profile = match profile::from_create(&input, rules.cipher, db::now()) {
        Ok(profile) => profile,
        Err(error) => return Ok(Err(field_errors(error))),
    };
    Ok(Ok((placement, profile)))
}

/// Imports the rows into the project.
pub fn import(
    conn: &mut Conn,
    actor: &Actor,
    rules: &LeadRules<'_>,
    project_id: Uuid,
    rows: Vec<Value>,
) -> ApiResult<ImportReport> {
    crate::scope::require_lead_worker(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let rules = &rules.in_project(conn, crate::db::Id(project_id))?;
    if rows.is_empty() || rows.len() > MAX_ROWS {
        return Err(ApiError::invalid_field(
            "lead.import_size",
            "body",
            format!("must hold 1 to {MAX_ROWS} rows (it holds {})", rows.len()),
        ));
    }
    db::transaction(conn, |conn| {
        let mut results = Vec::with_capacity(rows.len());
        let mut phones_in_file = HashSet::new();
        let mut owners = HashMap::new();
        for (index, row) in rows.into_iter().enumerate() {
            let row_number = index + 1;
            let outcome = match prepare(conn, actor, rules, project_id, row, &mut owners)? {
                Err(errors) => RowResult { row: row_number, status: RowStatus::Invalid, lead_id: None, errors },
                Ok((_, profile)) if !phones_in_file.insert(profile.phone.clone()) => {
                    RowResult { row: row_number, status: RowStatus::Duplicate, lead_id: None, errors: Vec::new() }
                }
                Ok((placement, profile)) => match insert_lead(conn, actor, rules, &placement, &profile)? {
                    Some(id) => RowResult {
                        row: row_number,
                        status: RowStatus::Created,
                        lead_id: Some(id.0),
                        errors: Vec::new(),
                    },
                    None => {
                        RowResult { row: row_number, status: RowStatus::Duplicate, lead_id: None, errors: Vec::new() }
                    }
                },
            };
            results.push(outcome);
        }
        let created_ids: Vec<Id> = results.iter().filter_map(|r| r.lead_id.map(Id)).collect();
        grading::service::grade_leads(conn, &created_ids, GradeCause::Created, &actor.into())?;
        let created = created_ids.len();
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::LeadImport, project_id)
                .project(project_id)
                .note("rows", results.len())
                .note("created", created),
        )?;
        Ok(ImportReport { created, results })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_become_the_json_a_client_would_send() {
        let csv =
            "\u{feff}name,phone,source_channel,tags,budget_max_fen,marketing_consent,consent_channel,occupation\n\
                   王女士,138 0013 8000,walk_in,多孩家庭|改善,500000000,是,paper_form,\n";
        let rows: Vec<Value> =
            crate::http::bulk::csv_records(csv.as_bytes()).expect("readable").into_iter().map(csv_row).collect();
        assert_eq!(
            rows[0],
            serde_json::json!({"name": "王女士", "phone": "138 0013 8000", "source_channel": "walk_in",
                "tags": ["多孩家庭", "改善"], "budget_max_fen": 500000000,
                "marketing_consent": {"granted": true, "channel": "paper_form"}})
        );
    }
}
