//! Receivables (回款): each signed deal's standing on a day, worst first, and the overdue
//! payments of the caller's projects for the managers' alerts.

use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

use super::zone_of;
use crate::auth::{Actor, Role};
use crate::db::{self, Conn, Id};
use crate::deals::dto::{PaymentsOverdueQuery, PaymentsOverdueView, ReceivableTotals, ReceivableView, ReceivablesView};
use crate::deals::model::{self, Deal};
use crate::deals::plan::Due;
use crate::deals::{receivable, DealStatus};
use crate::error::{ApiError, ApiResult};
use crate::follow_ups::calendar;
use crate::schema::{deals, leads, units};
use crate::scope::{self, ProjectScope};

/// 403 `deal.finance_only` unless the actor reads a project's money: admins, managers, finance.
fn require_reader(actor: &Actor) -> ApiResult<()> {
    match actor.role {
        Role::Admin | Role::Manager | Role::Client | Role::Finance => Ok(()),
        _ => Err(ApiError::forbidden("deal.finance_only", "Receivables are for the project's managers and finance.")),
    }
}

/// The standing of every signed deal of the project on `as_of` (its own date).
fn standings(conn: &mut Conn, project_id: Id, as_of: NaiveDate) -> ApiResult<Vec<ReceivableView>> {
    let zone = zone_of(conn, project_id)?;
    let rows: Vec<(Deal, String, String, String)> = deals::table
        .inner_join(units::table.on(units::id.eq(deals::unit_id)))
        .inner_join(leads::table.on(leads::id.eq(deals::lead_id)))
        .filter(deals::project_id.eq(project_id))
        .filter(deals::status.eq(DealStatus::Signed))
        .select((Deal::as_select(), units::building, units::room, leads::name))
        .load(conn)?;
    let ids: Vec<Id> = rows.iter().map(|(d, ..)| d.id).collect();
    let mut dues: std::collections::HashMap<Id, Vec<Due>> = std::collections::HashMap::new();
    for row in model::dues_of(conn, &ids)? {
        dues.entry(row.deal_id).or_default().push(row.due());
    }
    let next = as_of
        .succ_opt()
        .ok_or_else(|| ApiError::validation(vec![crate::error::FieldError::new("as_of", "is beyond the calendar")]))?;
    let end_of_day = calendar::start_of(next, zone);
    let money = model::money_by_deal(conn, &ids, Some(end_of_day))?;
    let mut items: Vec<ReceivableView> = rows
        .into_iter()
        .map(|(deal, building, room, lead_name)| {
            let collected = money.get(&deal.id).map_or(0, |m| m.collected_fen());
            let standing = receivable::standing(dues.get(&deal.id).map_or(&[][..], Vec::as_slice), collected, as_of);
            ReceivableView {
                deal_id: deal.id.0,
                project_id: deal.project_id.0,
                contract_no: deal.contract_no,
                unit_id: deal.unit_id.0,
                building,
                room,
                lead_id: deal.lead_id.0,
                lead_name,
                owner_id: deal.owner_id.0,
                plan_kind: deal.plan_kind,
                price_fen: deal.price_fen,
                due_fen: standing.due_fen,
                collected_fen: standing.collected_fen,
                outstanding_fen: standing.outstanding_fen,
                overdue_fen: standing.overdue_fen,
                days_overdue: standing.days_overdue,
                oldest_overdue_on: standing.oldest_overdue_on,
                mortgage_stage: deal.mortgage_stage,
            }
        })
        .collect();
    items.sort_by(|a, b| {
        (b.days_overdue, b.overdue_fen, b.outstanding_fen, a.contract_no.as_str()).cmp(&(
            a.days_overdue,
            a.overdue_fen,
            a.outstanding_fen,
            b.contract_no.as_str(),
        ))
    });
    Ok(items)
}

fn totals(items: &[ReceivableView]) -> ReceivableTotals {
    items.iter().fold(ReceivableTotals::default(), |mut t, i| {
        t.deals += 1;
        t.price_fen += i.price_fen;
        t.due_fen += i.due_fen;
        t.collected_fen += i.collected_fen;
        t.outstanding_fen += i.outstanding_fen;
        t.overdue_fen += i.overdue_fen;
        t.overdue_deals += i64::from(i.overdue_fen > 0);
        t
    })
}

/// `GET /projects/{id}/receivables?as_of=` (managers, finance): default today in the
/// project's zone.
pub fn receivables(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    as_of: Option<NaiveDate>,
) -> ApiResult<ReceivablesView> {
    require_reader(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let zone = zone_of(conn, Id(project_id))?;
    let as_of = as_of.unwrap_or_else(|| calendar::today(zone, db::now()));
    let items = standings(conn, Id(project_id), as_of)?;
    Ok(ReceivablesView { project_id, as_of, totals: totals(&items), items })
}

/// The project's signed deals with something overdue on `today` (its own date), for the
/// overdue scan that tells the managers and finance.
pub fn overdue_on(conn: &mut Conn, project_id: Id, today: NaiveDate) -> ApiResult<Vec<ReceivableView>> {
    Ok(standings(conn, project_id, today)?.into_iter().filter(|i| i.overdue_fen > 0).collect())
}

/// `GET /alerts/payments-overdue` (managers, finance): what is overdue today in each of the
/// caller's projects (or the one named), worst first.
pub fn overdue_payments(
    conn: &mut Conn,
    actor: &Actor,
    filter: PaymentsOverdueQuery,
) -> ApiResult<PaymentsOverdueView> {
    require_reader(actor)?;
    let projects: Vec<Id> = match (filter.project_id, scope::projects(conn, actor)?) {
        (Some(named), scope) if scope.covers(named) => vec![Id(named)],
        (Some(_), _) => return Err(ApiError::not_found("project.not_found", "No such project.")),
        (None, ProjectScope::Only(ids)) => ids.into_iter().map(Id).collect(),
        (None, ProjectScope::All) => crate::projects::model::all_ids(conn)?,
    };
    let mut items = Vec::new();
    for project in projects {
        let zone = zone_of(conn, project)?;
        let today = calendar::today(zone, db::now());
        items.extend(standings(conn, project, today)?.into_iter().filter(|i| i.overdue_fen > 0));
    }
    items.sort_by_key(|i| std::cmp::Reverse((i.days_overdue, i.overdue_fen)));
    Ok(PaymentsOverdueView { items })
}
