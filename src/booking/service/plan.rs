//! Planning the opening: the rehearsal and the heat map, both from the same prediction
//! (`booking::rehearsal`) over the project's intents, in the chosen priority order.

use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

use crate::auth::Actor;
use crate::booking::dto::*;
use crate::booking::model::Unit;
use crate::booking::rehearsal::{rehearse, Customer, Rehearsal, Wave};
use crate::booking::{SubscriptionStatus, UnitStatus};
use crate::db::{Conn, Id};
use crate::error::ApiResult;
use crate::schema::{intents, lead_grades, leads, subscriptions, units};
use crate::scope;

/// A customer with intents, and what orders them.
struct Participant {
    lead_id: Id,
    name: String,
    queue_no: Option<i64>,
    score: Option<f64>,
    intents: Vec<(i32, Id)>,
}

fn participants(conn: &mut Conn, project: Id) -> ApiResult<Vec<Participant>> {
    let rows: Vec<(Id, i32, Id, String)> = intents::table
        .inner_join(leads::table.on(leads::id.eq(intents::lead_id)))
        .filter(intents::project_id.eq(project))
        .filter(leads::deleted_at.is_null())
        .select((intents::lead_id, intents::rank, intents::unit_id, leads::name))
        .load(conn)?;
    let queue: HashMap<Id, i64> = subscriptions::table
        .filter(subscriptions::project_id.eq(project))
        .filter(subscriptions::status.eq(SubscriptionStatus::Active))
        .select((subscriptions::lead_id, subscriptions::queue_no))
        .load::<(Id, i64)>(conn)?
        .into_iter()
        .collect();
    let scores: HashMap<Id, f64> = lead_grades::table
        .filter(lead_grades::project_id.eq(project))
        .select((lead_grades::lead_id, lead_grades::score))
        .load::<(Id, f64)>(conn)?
        .into_iter()
        .collect();
    let mut by_lead: BTreeMap<Id, Participant> = BTreeMap::new();
    for (lead, rank, unit, name) in rows {
        by_lead
            .entry(lead)
            .or_insert_with(|| Participant {
                lead_id: lead,
                name,
                queue_no: queue.get(&lead).copied(),
                score: scores.get(&lead).copied(),
                intents: Vec::new(),
            })
            .intents
            .push((rank, unit));
    }
    let mut list: Vec<Participant> = by_lead.into_values().collect();
    for p in &mut list {
        p.intents.sort_by_key(|(rank, _)| *rank);
    }
    Ok(list)
}

/// Orders customers for choosing: ties always end in the lead id, so a rehearsal is
/// repeatable.
fn order(list: &mut [Participant], priority: Priority) {
    let queue = |p: &Participant| p.queue_no.unwrap_or(i64::MAX);
    let score = |p: &Participant| p.score.unwrap_or(f64::MIN);
    list.sort_by(|a, b| match priority {
        Priority::QueueNo => queue(a).cmp(&queue(b)).then(a.lead_id.cmp(&b.lead_id)),
        Priority::Score => score(b).total_cmp(&score(a)).then(a.lead_id.cmp(&b.lead_id)),
        Priority::ScoreThenQueue => {
            score(b).total_cmp(&score(a)).then(queue(a).cmp(&queue(b))).then(a.lead_id.cmp(&b.lead_id))
        }
    });
}

struct Plan {
    participants: Vec<Participant>,
    units: Vec<Unit>,
    rehearsal: Rehearsal,
}

fn plan(conn: &mut Conn, project: Id, priority: Priority) -> ApiResult<Plan> {
    let mut list = participants(conn, project)?;
    order(&mut list, priority);
    let units: Vec<Unit> = units::table
        .filter(units::project_id.eq(project))
        .order((units::building.asc(), units::floor.desc(), units::room.asc()))
        .select(Unit::as_select())
        .load(conn)?;
    let sellable: HashSet<Uuid> = units.iter().filter(|u| u.status == UnitStatus::Available).map(|u| u.id.0).collect();
    let customers: Vec<Customer> = list
        .iter()
        .map(|p| Customer { lead_id: p.lead_id.0, intents: p.intents.iter().map(|(_, u)| u.0).collect() })
        .collect();
    let rehearsal = rehearse(&customers, &sellable);
    Ok(Plan { participants: list, units, rehearsal })
}

fn wave_name(wave: Option<Wave>) -> WaveName {
    match wave {
        Some(Wave::First) => WaveName::First,
        Some(Wave::Second) => WaveName::Second,
        Some(Wave::Third) => WaveName::Third,
        None => WaveName::None,
    }
}

/// `POST /projects/{id}/opening/rehearsal` (managers): changes nothing.
pub fn rehearsal(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: RehearsalRequest,
) -> ApiResult<RehearsalResult> {
    scope::require_project_manager(conn, actor, project_id)?;
    let priority = input.priority.unwrap_or(Priority::ScoreThenQueue);
    let Plan { participants, units, rehearsal } = plan(conn, Id(project_id), priority)?;
    let where_is: HashMap<Uuid, &Unit> = units.iter().map(|u| (u.id.0, u)).collect();
    let sellable_units = units.iter().filter(|u| u.status == UnitStatus::Available).count();
    let customers = participants
        .iter()
        .zip(&rehearsal.customers)
        .map(|(p, outcome)| CustomerOutcome {
            lead_id: p.lead_id.0,
            lead_name: p.name.clone(),
            queue_no: p.queue_no,
            score: p.score,
            unit_id: outcome.unit.map(|(u, _)| u),
            choice: outcome.unit.map(|(_, index)| index as i32 + 1),
            lost: outcome.lost.iter().map(|(unit, by)| LostChoice { unit_id: *unit, taken_by: *by }).collect(),
        })
        .collect();
    let mut unit_outcomes: Vec<UnitOutcome> = rehearsal
        .units
        .iter()
        .map(|(unit, (buyer, wave))| UnitOutcome {
            unit_id: *unit,
            buyer_lead_id: *buyer,
            wave: wave_name(Some(*wave)),
        })
        .collect();
    unit_outcomes.sort_by_key(|u| u.unit_id);
    let overlaps = rehearsal
        .overlaps
        .iter()
        .filter_map(|(unit, count)| {
            let u = where_is.get(unit)?;
            Some(Overlap {
                unit_id: *unit,
                building: u.building.clone(),
                room: u.room.clone(),
                first_choice_count: *count,
            })
        })
        .collect();
    let sold = rehearsal.units.len();
    Ok(RehearsalResult {
        priority,
        customers,
        units: unit_outcomes,
        served: rehearsal.served(),
        sellable_units,
        sell_through: if sellable_units == 0 { 0.0 } else { sold as f64 / sellable_units as f64 },
        overlaps,
    })
}

/// `GET /projects/{id}/heatmap`: buildings → floors (top first) → rooms, with intent
/// counts and the wave the rehearsal predicts.
pub fn heatmap(conn: &mut Conn, actor: &Actor, project_id: Uuid, input: RehearsalRequest) -> ApiResult<HeatMap> {
    scope::require_project(conn, actor, project_id)?;
    let priority = input.priority.unwrap_or(Priority::ScoreThenQueue);
    let Plan { participants, units, rehearsal } = plan(conn, Id(project_id), priority)?;
    let mut first: HashMap<Id, usize> = HashMap::new();
    let mut total: HashMap<Id, usize> = HashMap::new();
    for p in &participants {
        for (rank, unit) in &p.intents {
            *total.entry(*unit).or_default() += 1;
            if *rank == 1 {
                *first.entry(*unit).or_default() += 1;
            }
        }
    }
    let mut buildings: Vec<HeatBuilding> = Vec::new();
    let mut totals = HeatTotals::default();
    for unit in units {
        let room = HeatRoom {
            unit_id: unit.id.0,
            room: unit.room.clone(),
            layout: unit.layout.clone(),
            status: unit.status,
            first_choice_count: first.get(&unit.id).copied().unwrap_or(0),
            total_intent_count: total.get(&unit.id).copied().unwrap_or(0),
            wave: wave_name(rehearsal.units.get(&unit.id.0).map(|(_, w)| *w)),
        };
        totals.add(&room);
        if buildings.last().is_none_or(|b| b.building != unit.building) {
            buildings.push(HeatBuilding { building: unit.building.clone(), floors: Vec::new() });
        }
        if let Some(building) = buildings.last_mut() {
            if building.floors.last().is_none_or(|f| f.floor != unit.floor) {
                building.floors.push(HeatFloor { floor: unit.floor, rooms: Vec::new() });
            }
            if let Some(floor) = building.floors.last_mut() {
                floor.rooms.push(room);
            }
        }
    }
    let project = crate::projects::model::Project::find(conn, Id(project_id))?;
    Ok(HeatMap {
        project_id,
        project_name: project.name,
        time_zone: project.timezone,
        as_of: crate::audit::last_change(conn, Id(project_id))?.map(|at| at.and_utc()),
        priority,
        totals,
        buildings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant(n: u128, queue_no: Option<i64>, score: Option<f64>) -> Participant {
        Participant { lead_id: Id(Uuid::from_u128(n)), name: n.to_string(), queue_no, score, intents: Vec::new() }
    }

    fn ordered(priority: Priority) -> Vec<u128> {
        let mut list = vec![
            participant(1, Some(3), Some(60.0)),
            participant(2, None, Some(80.0)),
            participant(3, Some(1), Some(60.0)),
            participant(4, Some(2), None),
            participant(5, None, Some(60.0)),
        ];
        order(&mut list, priority);
        list.iter().map(|p| p.lead_id.0.as_u128()).collect()
    }

    #[test]
    fn each_priority_orders_customers_and_breaks_ties_the_same_way_every_time() {
        assert_eq!(ordered(Priority::QueueNo), vec![3, 4, 1, 2, 5], "no queue number: last, by lead");
        assert_eq!(ordered(Priority::Score), vec![2, 1, 3, 5, 4], "equal scores: by lead; no score last");
        assert_eq!(ordered(Priority::ScoreThenQueue), vec![2, 3, 1, 5, 4], "equal scores: by queue number");
    }
}
