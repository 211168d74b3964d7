//! `GET /projects/{id}/analytics/quality`: how complete the files are (数据完整率), how
//! timely the follow-ups (跟进及时率), how soon new leads are first contacted, and how active
//! each salesperson's files are (客户活跃度).

use std::collections::HashMap;

use chrono::Duration;
use uuid::Uuid;

use super::{month_to_date, reads_whole_project, share, ReportDays};
use crate::analytics::dto::{FieldFill, HoursTaken, QualityFigures, QualityQuery, QualityReport, SalespersonQuality};
use crate::analytics::model::quality;
use crate::auth::Actor;
use crate::db::{Conn, Id};
use crate::error::ApiResult;
use crate::leads::model::Lead;

/// One person's figures being counted.
#[derive(Debug, Default)]
struct Tally {
    leads: i64,
    completeness: i64,
    follow_ups: i64,
    on_time: i64,
    registered: i64,
    hours_to_first_contact: Vec<f64>,
}

fn hours_taken(mut hours: Vec<f64>) -> Option<HoursTaken> {
    if hours.is_empty() {
        return None;
    }
    hours.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        let index = ((p * hours.len() as f64).ceil() as usize).clamp(1, hours.len()) - 1;
        (hours[index] * 10.0).round() / 10.0
    };
    Some(HoursTaken { p50: rank(0.5), p75: rank(0.75) })
}

fn figures(tally: Tally, days: i64) -> QualityFigures {
    let contacted = i64::try_from(tally.hours_to_first_contact.len()).unwrap_or(i64::MAX);
    let within_a_day = tally.hours_to_first_contact.iter().filter(|h| **h <= 24.0).count();
    QualityFigures {
        leads: tally.leads,
        completeness: (tally.leads > 0)
            .then(|| ((tally.completeness as f64 / tally.leads as f64) * 10.0).round() / 10.0),
        follow_ups: tally.follow_ups,
        on_time: tally.on_time,
        compliance: share(tally.on_time, tally.follow_ups),
        registered: tally.registered,
        contacted,
        first_contact_hours: hours_taken(tally.hours_to_first_contact),
        contacted_within_24h: share(i64::try_from(within_a_day).unwrap_or(i64::MAX), tally.registered),
        interactions_per_lead_per_month: (tally.leads > 0).then(|| {
            let per_lead = tally.follow_ups as f64 / tally.leads as f64;
            ((per_lead * 30.0 / days as f64) * 100.0).round() / 100.0
        }),
    }
}

/// `GET /projects/{id}/analytics/quality`.
pub fn quality_report(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    query: QualityQuery,
) -> ApiResult<QualityReport> {
    let whole = reads_whole_project(conn, actor, project_id)?;
    let project = Id(project_id);
    let ReportDays { zone, from, to, start, end } = month_to_date(conn, project, query.from, query.to)?;
    let cadence = crate::follow_ups::model::cadence_of(conn, project)?;
    let me = Id(actor.id);

    let files = quality::live_leads(conn, project, (!whole).then_some(me))?;
    let mut tallies: HashMap<Id, Tally> = HashMap::new();
    let mut filled: Vec<(&'static str, i64)> = Vec::new();
    for lead in &files {
        let tally = tallies.entry(lead.owner_id).or_default();
        tally.leads += 1;
        tally.completeness += i64::from(lead.completeness);
        for (index, (field, is_filled)) in crate::leads::profile::filled_fields(&lead.profile()).into_iter().enumerate()
        {
            if filled.len() <= index {
                filled.push((field, 0));
            }
            filled[index].1 += i64::from(is_filled);
        }
    }
    let by_id: HashMap<Id, &Lead> = files.iter().map(|l| (l.id, l)).collect();

    // Each follow-up against the lead's previous contact (or its registration).
    let contacts: Vec<quality::Contact> = quality::contacts(conn, project, start, end)?
        .into_iter()
        .filter(|c| by_id.contains_key(&c.lead_id) && (whole || c.author_id == me))
        .collect();
    let mut touched: Vec<Id> = contacts.iter().map(|c| c.lead_id).collect();
    touched.dedup();
    let mut previous = quality::last_contact_before(conn, &touched, start)?;
    for contact in &contacts {
        let Some(lead) = by_id.get(&contact.lead_id) else { continue };
        let before = previous.get(&contact.lead_id).copied().unwrap_or(lead.created_at);
        let allowed = Duration::days(i64::from(cadence.days_for(lead.grade)));
        let tally = tallies.entry(contact.author_id).or_default();
        tally.follow_ups += 1;
        tally.on_time += i64::from(contact.happened_at - before <= allowed);
        previous.insert(contact.lead_id, contact.happened_at);
    }

    // New leads of the range, and how soon each was first contacted.
    let registered: Vec<&Lead> = files.iter().filter(|l| l.created_at >= start && l.created_at < end).collect();
    let firsts = quality::first_contact(conn, &registered.iter().map(|l| l.id).collect::<Vec<_>>())?;
    for lead in registered {
        let tally = tallies.entry(lead.owner_id).or_default();
        tally.registered += 1;
        if let Some(first) = firsts.get(&lead.id) {
            let hours = ((*first - lead.created_at).num_seconds().max(0) as f64) / 3600.0;
            tally.hours_to_first_contact.push(hours);
        }
    }

    let days = (to - from).num_days() + 1;
    let names = crate::auth::model::display_names(conn, tallies.keys().copied())?;
    let mut total = Tally::default();
    let mut by_salesperson: Vec<SalespersonQuality> = Vec::new();
    for (user, tally) in tallies {
        total.leads += tally.leads;
        total.completeness += tally.completeness;
        total.follow_ups += tally.follow_ups;
        total.on_time += tally.on_time;
        total.registered += tally.registered;
        total.hours_to_first_contact.extend(&tally.hours_to_first_contact);
        by_salesperson.push(SalespersonQuality {
            user_id: user.0,
            display_name: names.get(&user).cloned().unwrap_or_default(),
            figures: figures(tally, days),
        });
    }
    by_salesperson.sort_by(|a, b| {
        let key = |q: &SalespersonQuality| q.figures.compliance.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then(a.display_name.cmp(&b.display_name))
    });
    let live = i64::try_from(files.len()).unwrap_or(i64::MAX);
    let mut fields: Vec<FieldFill> = filled
        .into_iter()
        .map(|(field, count)| FieldFill {
            field: field.to_owned(),
            filled: count,
            share: share(count, live).unwrap_or(0.0),
        })
        .collect();
    fields.sort_by(|a, b| a.share.total_cmp(&b.share).then(a.field.cmp(&b.field)));
    Ok(QualityReport {
        project_id,
        from,
        to,
        time_zone: zone.name().to_owned(),
        own_only: !whole,
        totals: figures(total, days),
        fields,
        by_salesperson,
    })
}

/// The report as CSV: a row per salesperson, then the total.
pub fn quality_csv(report: &QualityReport) -> ApiResult<String> {
    let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let header = [
        "user_id",
        "name",
        "leads",
        "completeness",
        "follow_ups",
        "on_time",
        "compliance",
        "registered",
        "contacted",
        "first_contact_hours_p50",
        "first_contact_hours_p75",
        "contacted_within_24h",
        "interactions_per_lead_per_month",
    ];
    let people = report.by_salesperson.iter().map(|p| (p.user_id.to_string(), p.display_name.clone(), &p.figures));
    let rows =
        people.chain(std::iter::once(("total".to_owned(), String::new(), &report.totals))).map(|(key, name, f)| {
            vec![
                key,
                name,
                f.leads.to_string(),
                cell(f.completeness),
                f.follow_ups.to_string(),
                f.on_time.to_string(),
                cell(f.compliance),
                f.registered.to_string(),
                f.contacted.to_string(),
                cell(f.first_contact_hours.map(|h| h.p50)),
                cell(f.first_contact_hours.map(|h| h.p75)),
                cell(f.contacted_within_24h),
                cell(f.interactions_per_lead_per_month),
            ]
        });
    super::export::table_csv(&header, rows)
}
