//! Care (关怀): a project's care rules (`GET/PUT /projects/{id}/care-rules`), and planning
//! the week's care tasks from them and from the deals — festivals for the signed buyers,
//! the anniversary of each signing, the countdown to each handover — for consenting buyers
//! only. The agenda (follow_ups) shows them; the `care_reminders` job plans them.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};
use uuid::Uuid;

use crate::aftersales::dto::{CareRulesRequest, CareRulesView};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::care::{self, CareKind, CareRules, CareTask};
use crate::scope;

/// How far ahead tasks are planned: the agenda's coming week.
pub const PLAN_DAYS: i64 = 7;

fn view(rules: CareRules) -> CareRulesView {
    CareRulesView {
        birthdays: rules.birthdays,
        purchase_anniversaries: rules.purchase_anniversaries,
        delivery_countdown_days: rules.delivery_countdown_days,
        festivals: rules.festivals,
        customised: rules.version > 0,
        version: rules.version,
    }
}

/// `GET /projects/{id}/care-rules`: anyone who works the project's buyers.
pub fn find_care_rules(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<CareRulesView> {
    scope::require_lead_worker(actor)?;
    scope::require_project(conn, actor, project_id)?;
    Ok(view(care::rules_of(conn, Id(project_id))?))
}

/// `PUT /projects/{id}/care-rules` (managers): replaces the project's rules.
pub fn set_care_rules(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: CareRulesRequest,
) -> ApiResult<CareRulesView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let mut problems = Vec::new();
    if input.delivery_countdown_days.is_some_and(|d| !(1..=365).contains(&d)) {
        problems.push(FieldError::new("delivery_countdown_days", "must be 1 to 365 days"));
    }
    let mut names = BTreeSet::new();
    for (i, festival) in input.festivals.iter().enumerate() {
        let name = festival.name.trim();
        if name.is_empty() || name.chars().count() > 32 {
            problems.push(FieldError::new(format!("festivals[{i}].name"), "must be 1 to 32 characters"));
        } else if !names.insert(name.to_owned()) {
            problems.push(FieldError::new(format!("festivals[{i}].name"), "is named twice"));
        }
        if festival.dates.is_empty() || festival.dates.len() > 20 {
            problems.push(FieldError::new(format!("festivals[{i}].dates"), "must give 1 to 20 dates"));
        }
    }
    if input.festivals.len() > 30 {
        problems.push(FieldError::new("festivals", "must list at most 30 festivals"));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let rules = CareRules {
        birthdays: input.birthdays,
        purchase_anniversaries: input.purchase_anniversaries,
        delivery_countdown_days: input.delivery_countdown_days,
        festivals: input
            .festivals
            .into_iter()
            .map(|mut f| {
                f.name = f.name.trim().to_owned();
                f.dates.sort();
                f.dates.dedup();
                f
            })
            .collect(),
        version: 0,
    };
    db::transaction(conn, |conn| {
        let before = care::rules_of(conn, Id(project_id))?;
        let stored = care::store_rules(conn, Id(project_id), &rules, Id(actor.id), db::now())?;
        let festivals = |r: &CareRules| r.festivals.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        let entry = Entry::new(AuditAction::ProjectCareRules, project_id)
            .project(project_id)
            .change("birthdays", before.birthdays, stored.birthdays)
            .change("purchase_anniversaries", before.purchase_anniversaries, stored.purchase_anniversaries)
            .change("delivery_countdown_days", before.delivery_countdown_days, stored.delivery_countdown_days)
            .change("festivals", festivals(&before), festivals(&stored));
        audit::record(conn, actor.into(), entry)?;
        Ok(view(stored))
    })
}

/// The days of the coming week from `today`.
fn week(today: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    (0..PLAN_DAYS).map(move |d| today + Duration::days(d))
}

/// The same month and day in `year` (28 February for the 29th in other years).
fn in_year(day: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, day.month(), day.day()).or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
}

/// Plans the project's care tasks for the week from `today` (its day in its zone); answers
/// how many are new. Festivals reach the signed buyers; anniversaries and the countdown the
/// buyer of each signed deal. Only consenting buyers get a task.
pub fn plan_week(conn: &mut Conn, project: Id, today: NaiveDate) -> ApiResult<usize> {
    let rules = care::rules_of(conn, project)?;
    let zone = crate::projects::model::zone_of(conn, project)?;
    let signed = crate::deals::service::signed_of(conn, project)?;
    let mut wanted: Vec<(Id, CareKind, NaiveDate, String)> = Vec::new();
    for festival in &rules.festivals {
        for day in festival.dates.iter().filter(|d| week(today).any(|w| w == **d)) {
            for deal in &signed {
                wanted.push((deal.lead_id, CareKind::Festival, *day, festival.name.clone()));
            }
        }
    }
    if rules.purchase_anniversaries {
        for deal in &signed {
            let signed_on = crate::follow_ups::calendar::today(zone, deal.signed_at);
            for day in week(today) {
                let years = day.year() - signed_on.year();
                if years >= 1 && in_year(signed_on, day.year()) == Some(day) {
                    wanted.push((deal.lead_id, CareKind::PurchaseAnniversary, day, format!("购房{years}周年")));
                }
            }
        }
    }
    if let Some(days) = rules.delivery_countdown_days {
        for deal in &signed {
            let Some(handover) = deal.delivery_expected_at else { continue };
            let Some(day) = handover.checked_sub_signed(Duration::days(i64::from(days))) else { continue };
            if week(today).any(|w| w == day) {
                wanted.push((
                    deal.lead_id,
                    CareKind::DeliveryCountdown,
                    day,
                    format!("交房前{days}天（{handover}交房）"),
                ));
            }
        }
    }
    let leads: Vec<Id> = wanted.iter().map(|w| w.0).collect::<BTreeSet<_>>().into_iter().collect();
    let consent: std::collections::HashMap<Id, Option<String>> =
        care::consenting(conn, project, &leads)?.into_iter().collect();
    let now = db::now();
    let tasks: Vec<CareTask> = wanted
        .into_iter()
        .filter_map(|(lead_id, kind, due_on, occasion)| {
            let consent_channel = consent.get(&lead_id)?.clone();
            Some(CareTask { lead_id, kind, due_on, project_id: project, occasion, consent_channel, created_at: now })
        })
        .collect();
    let planned = care::plan_tasks(conn, tasks)?;
    let entries = planned
        .iter()
        .map(|task| {
            Entry::new(AuditAction::LeadCarePlan, task.lead_id.0)
                .project(project.0)
                .set("care_kind", task.kind)
                .set("due_on", task.due_on)
                .set("occasion", &task.occasion)
        })
        .collect();
    audit::record_all(conn, Who::system(), entries)?;
    Ok(planned.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anniversary_of_the_29th_of_february_falls_on_the_28th() {
        let leap = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a day");
        assert_eq!(in_year(leap, 2027), NaiveDate::from_ymd_opt(2027, 2, 28));
        assert_eq!(in_year(leap, 2028), Some(leap.with_year(2028).expect("a leap year")));
    }
}
