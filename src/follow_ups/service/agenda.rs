//! `GET /me/agenda`: the phone app's home screen in one request — overdue, today,
//! the coming week and care (birthdays, and the care tasks planned from the project's care
//! rules) — cut into days in each project's own time zone.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;

use super::agenda_item;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::follow_ups::calendar;
use crate::follow_ups::care::{self, CareKind};
use crate::follow_ups::dto::{Agenda, AgendaCounts, AgendaItem, AgendaQuery};
use crate::leads::model::Lead;
use crate::schema::{leads, project_members, projects};
use crate::words::LeadStatus;

/// Each list stops here; `counts` tells the full size.
const BUCKET_LIMIT: usize = 100;
/// The coming week: upcoming follow-ups and birthdays.
const AHEAD_DAYS: i64 = 7;
/// Leads no longer worked on.
const CLOSED: [LeadStatus; 2] = [LeadStatus::Lost, LeadStatus::Signed];

/// One project's day as UTC bounds.
struct Day {
    date: NaiveDate,
    start: NaiveDateTime,
    end: NaiveDateTime,
    week_end: NaiveDateTime,
}

fn days_of(
    conn: &mut Conn,
    actor: &Actor,
    date: Option<NaiveDate>,
    now: NaiveDateTime,
) -> QueryResult<HashMap<Id, Day>> {
    let zones: Vec<(Id, String)> = projects::table
        .inner_join(project_members::table)
        .filter(project_members::user_id.eq(Id(actor.id)))
        .select((projects::id, projects::timezone))
        .load(conn)?;
    Ok(zones
        .into_iter()
        .map(|(id, zone)| {
            let zone = calendar::zone(&zone);
            let date = date.unwrap_or_else(|| calendar::today(zone, now));
            let start = calendar::start_of(date, zone);
            let end = calendar::start_of(date + Duration::days(1), zone);
            let week_end = calendar::start_of(date + Duration::days(1 + AHEAD_DAYS), zone);
            (id, Day { date, start, end, week_end })
        })
        .collect())
}

fn capped(items: Vec<AgendaItem>) -> Vec<AgendaItem> {
    items.into_iter().take(BUCKET_LIMIT).collect()
}

/// The actor's own leads, due or with a birthday soon, in the projects they work in.
pub fn agenda(conn: &mut Conn, actor: &Actor, query: AgendaQuery) -> ApiResult<Agenda> {
    crate::scope::require_lead_worker(actor)?;
    let days = days_of(conn, actor, query.date, db::now())?;
    let projects: Vec<Id> = days.keys().copied().collect();
    let Some(horizon) = days.values().map(|d| d.week_end).max() else {
        return Ok(Agenda {
            overdue: vec![],
            today: vec![],
            upcoming: vec![],
            care: vec![],
            counts: AgendaCounts::default(),
        });
    };
    let mine = || {
        leads::table
            .filter(leads::owner_id.eq(Id(actor.id)))
            .filter(leads::project_id.eq_any(projects.clone()))
            .filter(leads::deleted_at.is_null())
            .filter(leads::status.ne_all(CLOSED))
    };
    let due: Vec<Lead> = mine()
        .filter(leads::next_follow_up_at.lt(horizon))
        .order((leads::next_follow_up_at.asc(), leads::id.asc()))
        .select(Lead::as_select())
        .load(conn)?;
    let (mut overdue, mut today, mut upcoming) = (Vec::new(), Vec::new(), Vec::new());
    for lead in &due {
        let (Some(day), Some(next)) = (days.get(&lead.project_id), lead.next_follow_up_at) else { continue };
        let bucket = if next < day.start {
            &mut overdue
        } else if next < day.end {
            &mut today
        } else if next < day.week_end {
            &mut upcoming
        } else {
            continue;
        };
        bucket.push(agenda_item(lead, actor.id));
    }

    let care = care_items(conn, actor, &days)?;

    let counts =
        AgendaCounts { overdue: overdue.len(), today: today.len(), upcoming: upcoming.len(), care: care.len() };
    Ok(Agenda {
        overdue: capped(overdue),
        today: capped(today),
        upcoming: capped(upcoming),
        care: capped(care),
        counts,
    })
}

/// A buyer cared for on a day, and why.
struct CareDue {
    lead: Id,
    kind: CareKind,
    on: NaiveDate,
    occasion: Option<String>,
    channel: Option<String>,
}

/// The care bucket: birthdays in the coming week (where the project cares for birthdays)
/// and the care tasks planned for it, of the actor's live buyers who consent to contact —
/// signed buyers included, whose care is the point. By day.
fn care_items(conn: &mut Conn, actor: &Actor, days: &HashMap<Id, Day>) -> ApiResult<Vec<AgendaItem>> {
    let mut projects: Vec<Id> = days.keys().copied().collect();
    projects.sort();
    let caring = care::caring_for_birthdays(conn, &projects)?;
    let consenting = || {
        leads::table
            .filter(leads::owner_id.eq(Id(actor.id)))
            .filter(leads::deleted_at.is_null())
            .filter(leads::marketing_consent.eq(true))
    };
    let birthdays: Vec<(Id, Id, Option<NaiveDate>)> = consenting()
        .filter(leads::project_id.eq_any(caring))
        .filter(leads::birthday.is_not_null())
        .select((leads::id, leads::project_id, leads::birthday))
        .load(conn)?;
    let mut wanted: Vec<CareDue> = birthdays
        .into_iter()
        .filter_map(|(lead, project, birthday)| {
            let day = days.get(&project)?;
            let on = calendar::birthday_within(birthday?, day.date, AHEAD_DAYS)?;
            Some(CareDue { lead, kind: CareKind::Birthday, on, occasion: None, channel: None })
        })
        .collect();
    let (Some(first), Some(last)) = (days.values().map(|d| d.date).min(), days.values().map(|d| d.date).max()) else {
        return Ok(Vec::new());
    };
    for task in care::tasks_of(conn, Id(actor.id), &projects, first, last + Duration::days(AHEAD_DAYS - 1))? {
        let Some(day) = days.get(&task.project_id) else { continue };
        if task.due_on >= day.date && task.due_on < day.date + Duration::days(AHEAD_DAYS) {
            let (lead, kind, on) = (task.lead_id, task.kind, task.due_on);
            wanted.push(CareDue { lead, kind, on, occasion: Some(task.occasion), channel: task.consent_channel });
        }
    }
    let ids: Vec<Id> = wanted.iter().map(|w| w.lead).collect();
    let buyers: HashMap<Id, Lead> = consenting()
        .filter(leads::id.eq_any(ids))
        .select(Lead::as_select())
        .load::<Lead>(conn)?
        .into_iter()
        .map(|lead| (lead.id, lead))
        .collect();
    let mut items: Vec<AgendaItem> = wanted
        .into_iter()
        .filter_map(|CareDue { lead, kind, on, occasion, channel }| {
            let buyer = buyers.get(&lead)?;
            Some(AgendaItem {
                birthday_on: (kind == CareKind::Birthday).then_some(on),
                care_kind: Some(kind),
                care_on: Some(on),
                occasion,
                consent_channel: channel.or_else(|| buyer.consent_channel.clone()),
                ..agenda_item(buyer, actor.id)
            })
        })
        .collect();
    items.sort_by_key(|item| (item.care_on, item.lead_id, item.care_kind));
    Ok(items)
}
