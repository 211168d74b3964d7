//! `GET /me/agenda`: the phone app's home screen in one request — overdue, today,
//! the coming week and birthdays — cut into days in each project's own time zone.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;

use super::agenda_item;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::follow_ups::calendar;
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

    let birthdays: Vec<(Id, Id, Option<NaiveDate>)> = mine()
        .filter(leads::birthday.is_not_null())
        .select((leads::id, leads::project_id, leads::birthday))
        .load(conn)?;
    let coming: HashMap<Id, NaiveDate> = birthdays
        .into_iter()
        .filter_map(|(id, project, birthday)| {
            let day = days.get(&project)?;
            Some((id, calendar::birthday_within(birthday?, day.date, AHEAD_DAYS)?))
        })
        .collect();
    let celebrating: Vec<Lead> = mine()
        .filter(leads::id.eq_any(coming.keys().copied().collect::<Vec<_>>()))
        .select(Lead::as_select())
        .load(conn)?;
    let mut care: Vec<AgendaItem> = celebrating
        .iter()
        .map(|lead| AgendaItem { birthday_on: coming.get(&lead.id).copied(), ..agenda_item(lead, actor.id) })
        .collect();
    care.sort_by_key(|item| (item.birthday_on, item.lead_id));

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
