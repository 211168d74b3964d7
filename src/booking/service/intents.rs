//! Unit intents (房号意向): a lead's ranked wishes, replaced as a set; every change goes
//! to the intent register (意向房号变动登记表) and regrades the lead.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use super::visible_unit;
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::{IntentChangeView, IntentChangesQuery, IntentInput, IntentView, UnitIntents, UnitSuitor};
use crate::booking::model::{Intent, IntentChange, Unit};
use crate::booking::{SubscriptionStatus, UnitStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::grading::{self, GradeCause};
use crate::http::{Page, PageQuery};
use crate::leads::model::Lead;
use crate::leads::service::{lead_not_found, visible_lead};
use crate::schema::{intent_changes, intents, lead_grades, leads, subscriptions, units};
use crate::scope::{self};

fn as_inputs(rows: &[Intent]) -> Vec<IntentInput> {
    let mut inputs: Vec<IntentInput> =
        rows.iter().map(|i| IntentInput { unit_id: i.unit_id.0, rank: i.rank }).collect();
    inputs.sort_by_key(|i| i.rank);
    inputs
}

fn current(conn: &mut Conn, lead: Id) -> QueryResult<Vec<Intent>> {
    intents::table.filter(intents::lead_id.eq(lead)).order(intents::rank.asc()).select(Intent::as_select()).load(conn)
}

fn views(conn: &mut Conn, rows: &[Intent]) -> QueryResult<Vec<IntentView>> {
    let ids: Vec<Id> = rows.iter().map(|i| i.unit_id).collect();
    let by_id: HashMap<Id, Unit> = units::table
        .filter(units::id.eq_any(ids))
        .select(Unit::as_select())
        .load::<Unit>(conn)?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(rows
        .iter()
        .filter_map(|i| {
            let u = by_id.get(&i.unit_id)?;
            Some(IntentView {
                rank: i.rank,
                unit_id: u.id.0,
                building: u.building.clone(),
                room: u.room.clone(),
                layout: u.layout.clone(),
                list_price_fen: u.list_price_fen,
                status: u.status,
            })
        })
        .collect())
}

/// Checks a new set: each rank and each unit once. (How many, and ranks 1–3, are checked
/// where the body is read.)
fn check_shape(input: &[IntentInput]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let (mut ranks, mut units) = (HashSet::new(), HashSet::new());
    for (i, intent) in input.iter().enumerate() {
        if !ranks.insert(intent.rank) {
            errors.push(FieldError::new(format!("[{i}].rank"), "is given twice"));
        }
        if !units.insert(intent.unit_id) {
            errors.push(FieldError::new(format!("[{i}].unit_id"), "is given twice"));
        }
    }
    errors
}

/// `PUT /leads/{id}/intents`: replaces the lead's intents (an empty list clears them).
pub fn set_intents(
    conn: &mut Conn,
    actor: &Actor,
    lead_id: Uuid,
    input: Vec<IntentInput>,
) -> ApiResult<Vec<IntentView>> {
    let lead = visible_lead(conn, actor, lead_id)?;
    let mut errors = check_shape(&input);
    let wanted: Vec<Id> = input.iter().map(|i| Id(i.unit_id)).collect();
    let found: HashMap<Id, UnitStatus> = units::table
        .filter(units::id.eq_any(&wanted))
        .filter(units::project_id.eq(lead.project_id))
        .select((units::id, units::status))
        .load::<(Id, UnitStatus)>(conn)?
        .into_iter()
        .collect();
    for (i, intent) in input.iter().enumerate() {
        match found.get(&Id(intent.unit_id)) {
            None => errors.push(FieldError::new(format!("[{i}].unit_id"), "must be a unit of the lead's project")),
            Some(UnitStatus::Reserved | UnitStatus::Sold) => {
                errors.push(FieldError::new(format!("[{i}].unit_id"), "is already reserved or sold"))
            }
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    db::transaction(conn, |conn| {
        let lead = Lead::lock_live(conn, lead.id)?.ok_or_else(lead_not_found)?;
        let before = current(conn, lead.id)?;
        let now = db::now();
        let mut after: Vec<Intent> = input
            .iter()
            .map(|i| Intent {
                lead_id: lead.id,
                rank: i.rank,
                unit_id: Id(i.unit_id),
                project_id: lead.project_id,
                created_at: now,
            })
            .collect();
        after.sort_by_key(|i| i.rank);
        let (old, new) = (as_inputs(&before), as_inputs(&after));
        if old == new {
            return Ok(views(conn, &before)?);
        }
        diesel::delete(intents::table.filter(intents::lead_id.eq(lead.id))).execute(conn)?;
        for intent in &after {
            diesel::insert_into(intents::table).values(intent).execute(conn)?;
        }
        let to_json = |v: &Vec<IntentInput>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let change = IntentChange {
            id: Id::new(),
            project_id: lead.project_id,
            lead_id: lead.id,
            before: to_json(&old),
            after: to_json(&new),
            changed_by: Some(Id(actor.id)),
            changed_at: now,
        };
        diesel::insert_into(intent_changes::table).values(&change).execute(conn)?;
        grading::service::regrade(conn, lead.id, GradeCause::IntentChange, &actor.into())?;
        let entry =
            Entry::new(AuditAction::LeadIntents, lead_id).project(lead.project_id.0).change("intents", &old, &new);
        audit::record(conn, actor.into(), entry)?;
        Ok(views(conn, &after)?)
    })
}

/// `GET /leads/{id}/intents`.
pub fn find_intents(conn: &mut Conn, actor: &Actor, lead_id: Uuid) -> ApiResult<Vec<IntentView>> {
    let lead = visible_lead(conn, actor, lead_id)?;
    let rows = current(conn, lead.id)?;
    Ok(views(conn, &rows)?)
}

#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    at: NaiveDateTime,
    id: Uuid,
}

fn change_views(conn: &mut Conn, rows: Vec<IntentChange>) -> QueryResult<Vec<IntentChangeView>> {
    let ids: Vec<Id> = rows.iter().map(|c| c.lead_id).collect();
    let names: HashMap<Id, String> = leads::table
        .filter(leads::id.eq_any(ids))
        .select((leads::id, leads::name))
        .load::<(Id, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|c| IntentChangeView {
            id: c.id.0,
            lead_id: c.lead_id.0,
            lead_name: names.get(&c.lead_id).cloned().unwrap_or_default(),
            before: serde_json::from_str(&c.before).unwrap_or_default(),
            after: serde_json::from_str(&c.after).unwrap_or_default(),
            changed_by: c.changed_by.map(Uuid::from),
            changed_at: c.changed_at.and_utc(),
        })
        .collect())
}

/// `GET /leads/{id}/intents/history`: newest first.
pub fn lead_intent_history(conn: &mut Conn, actor: &Actor, lead_id: Uuid) -> ApiResult<Vec<IntentChangeView>> {
    let lead = visible_lead(conn, actor, lead_id)?;
    let rows: Vec<IntentChange> = intent_changes::table
        .filter(intent_changes::lead_id.eq(lead.id))
        .order((intent_changes::changed_at.desc(), intent_changes::id.desc()))
        .select(IntentChange::as_select())
        .load(conn)?;
    Ok(change_views(conn, rows)?)
}

/// `GET /projects/{id}/intents/changes?from=`: the project's register, oldest first
/// (managers), for the daily re-check before opening.
pub fn project_intent_changes(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    query: IntentChangesQuery,
    page: PageQuery,
) -> ApiResult<Page<IntentChangeView>> {
    crate::scope::require_lead_worker(actor)?;
    scope::require_project_manager(conn, actor, project_id)?;
    let mut rows = intent_changes::table
        .filter(intent_changes::project_id.eq(Id(project_id)))
        .order((intent_changes::changed_at.asc(), intent_changes::id.asc()))
        .select(IntentChange::as_select())
        .into_boxed();
    if let Some(from) = query.from {
        rows = rows.filter(intent_changes::changed_at.ge(from.naive_utc()));
    }
    if let Some(Cursor { at, id }) = page.decode()? {
        rows = rows.filter(db::keyset!(> (intent_changes::changed_at, at), (intent_changes::id, Id(id))));
    }
    let limit = page.limit();
    let loaded: Vec<IntentChange> = rows.limit(limit + 1).load(conn)?;
    let page = Page::from_rows(loaded, limit, |c| Cursor { at: c.changed_at, id: c.id.0 }, |c| c);
    Ok(Page { items: change_views(conn, page.items)?, next_cursor: page.next_cursor })
}

/// `GET /units/{id}/intents`: who wants the unit, first choices first, then by queue
/// number, then by score. Salespeople see their own leads among them.
pub fn unit_intents(conn: &mut Conn, actor: &Actor, unit_id: Uuid) -> ApiResult<UnitIntents> {
    crate::scope::require_lead_worker(actor)?;
    let unit = visible_unit(conn, actor, unit_id)?;
    let rows: Vec<(Id, i32, String, Id, Option<crate::words::Grade>)> = intents::table
        .inner_join(leads::table.on(leads::id.eq(intents::lead_id)))
        .filter(intents::unit_id.eq(unit.id))
        .filter(leads::deleted_at.is_null())
        .select((intents::lead_id, intents::rank, leads::name, leads::owner_id, leads::grade))
        .load(conn)?;
    let ids: Vec<Id> = rows.iter().map(|r| r.0).collect();
    let queue: HashMap<Id, i64> = subscriptions::table
        .filter(subscriptions::lead_id.eq_any(&ids))
        .filter(subscriptions::status.eq(SubscriptionStatus::Active))
        .select((subscriptions::lead_id, subscriptions::queue_no))
        .load::<(Id, i64)>(conn)?
        .into_iter()
        .collect();
    let scores: HashMap<Id, f64> = lead_grades::table
        .filter(lead_grades::lead_id.eq_any(&ids))
        .select((lead_grades::lead_id, lead_grades::score))
        .load::<(Id, f64)>(conn)?
        .into_iter()
        .collect();
    let sees_all = actor.role.manages();
    let total = rows.len();
    let first_choices = rows.iter().filter(|r| r.1 == 1).count();
    let mut items: Vec<UnitSuitor> = rows
        .into_iter()
        .filter(|r| sees_all || r.3 .0 == actor.id)
        .map(|(lead, rank, name, _, grade)| UnitSuitor {
            lead_id: lead.0,
            lead_name: name,
            rank,
            queue_no: queue.get(&lead).copied(),
            grade,
            score: scores.get(&lead).copied(),
        })
        .collect();
    items.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then(a.queue_no.unwrap_or(i64::MAX).cmp(&b.queue_no.unwrap_or(i64::MAX)))
            .then(b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
            .then(a.lead_id.cmp(&b.lead_id))
    });
    Ok(UnitIntents { unit_id, total, first_choices, items })
}
