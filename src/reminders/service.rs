//! The scans: each project's reminders of its day, told once each as audit events with an
//! event type (the change feed, webhooks and the notifier take it from there).

use chrono::{Duration, NaiveDateTime, Timelike};
use serde_json::{json, Value};

use super::model;
use super::{Reminder, Rules};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::follow_ups::calendar;
use crate::follow_ups::service::reminders::{self as leads_due, LeadMoment};

/// How far back a scan looks for what became true: a reminder missed for longer (the server
/// was down for a week, or this is a new deployment's first scan) is old news, not told.
const LOOK_BACK_DAYS: i64 = 7;

/// What is told is forgotten after this long: past every scan's window and a year of
/// birthdays.
const KEEP_DAYS: i64 = 400;

/// A project's day as the scans see it: its date and its start (UTC), or `None` before
/// its morning.
fn project_day(
    conn: &mut Conn,
    project: Id,
    rules: Rules,
    now: NaiveDateTime,
) -> ApiResult<Option<(chrono::NaiveDate, NaiveDateTime)>> {
    let zone = crate::projects::model::zone_of(conn, project)?;
    if now.and_utc().with_timezone(&zone).hour() < rules.morning_hour {
        return Ok(None);
    }
    let today = calendar::today(zone, now);
    Ok(Some((today, calendar::start_of(today, zone))))
}

/// Tells of each lead moment not told yet, as `action`; answers how many were told.
fn tell_leads(
    conn: &mut Conn,
    project: Id,
    kind: Reminder,
    action: AuditAction,
    moments: Vec<LeadMoment>,
    facts: impl Fn(Entry, &LeadMoment) -> Entry,
) -> ApiResult<usize> {
    let subjects: Vec<Id> = moments.iter().map(|m| m.lead_id).collect();
    let told = model::told(conn, kind, &subjects)?;
    let now = db::now();
    let mut entries = Vec::new();
    for moment in &moments {
        let occasion = moment.at.and_utc().to_rfc3339();
        if told.contains(&(moment.lead_id, occasion.clone()))
            || !model::tell_once(conn, kind, moment.lead_id, &occasion, now)?
        {
            continue;
        }
        let entry = Entry::new(action, moment.lead_id.0).project(project.0).note("owner_id", moment.owner_id.0);
        entries.push(facts(entry, moment));
    }
    let count = entries.len();
    audit::record_all(conn, Who::system(), entries)?;
    Ok(count)
}

/// One project's overdue reminders; answers (follow-ups overdue, leads neglected, payments overdue).
fn scan_project_overdue(conn: &mut Conn, project: Id, rules: Rules) -> ApiResult<(usize, usize, usize)> {
    let now = db::now();
    let Some((today, start)) = project_day(conn, project, rules, now)? else { return Ok((0, 0, 0)) };
    let look_back = Duration::days(LOOK_BACK_DAYS);
    db::transaction(conn, |conn| {
        let planned = leads_due::planned_between(conn, project, start - look_back, start)?;
        let overdue =
            tell_leads(conn, project, Reminder::FollowUpOverdue, AuditAction::LeadFollowUpOverdue, planned, |e, m| {
                e.note("next_follow_up_at", m.at.and_utc())
            })?;

        let silent_since = now - Duration::days(rules.neglect_days);
        let silent = leads_due::last_contacted_between(conn, project, silent_since - look_back, silent_since)?;
        let neglected =
            tell_leads(conn, project, Reminder::LeadNeglected, AuditAction::LeadNeglect, silent, |e, m| {
                e.note("last_interaction_at", m.at.and_utc()).note("days", rules.neglect_days)
            })?;

        let owing = crate::deals::service::overdue_on(conn, project, today)?;
        let told =
            model::told(conn, Reminder::PaymentOverdue, &owing.iter().map(|d| Id(d.deal_id)).collect::<Vec<_>>())?;
        let mut entries = Vec::new();
        for deal in owing {
            let Some(since) = deal.oldest_overdue_on else { continue };
            let occasion = since.to_string();
            let subject = Id(deal.deal_id);
            if told.contains(&(subject, occasion.clone()))
                || !model::tell_once(conn, Reminder::PaymentOverdue, subject, &occasion, now)?
            {
                continue;
            }
            entries.push(
                Entry::new(AuditAction::DealPaymentOverdue, deal.deal_id)
                    .project(project.0)
                    .note("owner_id", deal.owner_id)
                    .note("lead_id", deal.lead_id)
                    .note("contract_no", &deal.contract_no)
                    .note("overdue_fen", deal.overdue_fen)
                    .note("days_overdue", deal.days_overdue)
                    .note("oldest_overdue_on", since),
            );
        }
        let payments = entries.len();
        audit::record_all(conn, Who::system(), entries)?;
        Ok((overdue, neglected, payments))
    })
}

/// The `overdue_scan` job: every project's overdue follow-ups (told to the owner), neglected
/// leads (the managers) and overdue payments (managers and finance).
pub fn scan_overdue(conn: &mut Conn, rules: Rules) -> ApiResult<Value> {
    let (mut overdue, mut neglected, mut payments) = (0, 0, 0);
    for project in crate::projects::model::all_ids(conn)? {
        let (o, n, p) = scan_project_overdue(conn, project, rules)?;
        (overdue, neglected, payments) = (overdue + o, neglected + n, payments + p);
    }
    Ok(json!({"follow_ups_overdue": overdue, "leads_neglected": neglected, "payments_overdue": payments}))
}

/// The `care_reminders` job: plans each project's care tasks for the coming week (festivals,
/// anniversaries, the countdown to the handover: `aftersales::service::care`), tells today's
/// birthdays of buyers who consented to contact to their owners (with the channel the
/// consent came through) where the project cares for birthdays; then forgets old reminders.
pub fn scan_care(conn: &mut Conn, rules: Rules) -> ApiResult<Value> {
    let (mut birthdays, mut planned) = (0, 0);
    for project in crate::projects::model::all_ids(conn)? {
        let now = db::now();
        let Some((today, _)) = project_day(conn, project, rules, now)? else { continue };
        planned += db::transaction(conn, |conn| crate::aftersales::service::care::plan_week(conn, project, today))?;
        if !crate::follow_ups::care::rules_of(conn, project)?.birthdays {
            continue;
        }
        birthdays += db::transaction(conn, |conn| -> ApiResult<usize> {
            let due = leads_due::consenting_birthdays(conn, project, today)?;
            let occasion = today.to_string();
            let mut entries = Vec::new();
            for buyer in due {
                if !model::tell_once(conn, Reminder::Birthday, buyer.lead_id, &occasion, now)? {
                    continue;
                }
                entries.push(
                    Entry::new(AuditAction::LeadCareRemind, buyer.lead_id.0)
                        .project(project.0)
                        .note("owner_id", buyer.owner_id.0)
                        .note("occasion", "birthday")
                        .note("on", buyer.on)
                        .note("consent_channel", buyer.consent_channel),
                );
            }
            let count = entries.len();
            audit::record_all(conn, Who::system(), entries)?;
            Ok(count)
        })?;
    }
    let forgotten = model::forget_before(conn, db::now() - Duration::days(KEEP_DAYS))?;
    Ok(json!({"birthdays": birthdays, "care_tasks": planned, "forgotten": forgotten}))
}
