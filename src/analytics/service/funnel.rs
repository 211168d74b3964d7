//! `GET /projects/{id}/analytics/funnel`: leads → visited → subscribed → reserved → signed,
//! per channel, salesperson or channel partner, with rates, days taken, cost and ROI.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use uuid::Uuid;

use super::{month_to_date, reads_whole_project, share, ReportDays};
use crate::analytics::dto::{DaysTaken, FunnelBasis, FunnelGroup, FunnelQuery, FunnelReport, FunnelRow, FunnelStages};
use crate::analytics::model::{self, cohort, costs::ChannelCost, Measure, Span};
use crate::auth::Actor;
use crate::db::{Conn, Id};
use crate::deals::DealStatus;
use crate::error::ApiResult;
use crate::words::SourceChannel;

/// What a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RowKey {
    Source(SourceChannel),
    Owner(Id),
    Partner(Option<Id>),
}

fn key_of(group: FunnelGroup, source: SourceChannel, owner: Id, partner: Option<Id>) -> RowKey {
    match group {
        FunnelGroup::Channel => RowKey::Source(source),
        FunnelGroup::Owner => RowKey::Owner(owner),
        FunnelGroup::ChannelPartner => RowKey::Partner(partner),
    }
}

/// A row being counted.
#[derive(Debug, Default)]
struct Tally {
    stages: FunnelStages,
    to_first_visit: Vec<f64>,
    to_signing: Vec<f64>,
}

fn days_between(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    ((to - from).num_seconds().max(0) as f64) / 86_400.0
}

/// The nearest-rank percentiles of what was measured; `None` for nothing.
fn days_taken(mut days: Vec<f64>) -> Option<DaysTaken> {
    if days.is_empty() {
        return None;
    }
    days.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        let index = ((p * days.len() as f64).ceil() as usize).clamp(1, days.len()) - 1;
        (days[index] * 100.0).round() / 100.0
    };
    Some(DaysTaken { p50: rank(0.5), p75: rank(0.75) })
}

/// Follows the leads registered in the range to wherever they went.
fn count_cohort(
    conn: &mut Conn,
    project: Id,
    range: (NaiveDateTime, NaiveDateTime),
    group: FunnelGroup,
    only: Option<Id>,
) -> ApiResult<BTreeMap<RowKey, Tally>> {
    let leads = cohort::cohort(conn, Span { project, start: range.0, end: range.1, only })?;
    let reached = cohort::reached(conn, project, range.0, range.1)?;
    let mut rows: BTreeMap<RowKey, Tally> = BTreeMap::new();
    for lead in &leads {
        let tally = rows.entry(key_of(group, lead.source_channel, lead.owner_id, lead.channel_id)).or_default();
        let stages = &mut tally.stages;
        stages.leads += 1;
        if let Some(first) = lead.first_visit_at {
            stages.visited += 1;
            tally.to_first_visit.push(days_between(lead.created_at, first));
        }
        let deals = reached.deals.get(&lead.id).map(Vec::as_slice).unwrap_or_default();
        stages.subscribed += i64::from(reached.subscribed.contains(&lead.id));
        stages.reserved += i64::from(reached.reserved.contains(&lead.id) || !deals.is_empty());
        let standing: Vec<_> = deals.iter().filter(|(status, ..)| *status == DealStatus::Signed).collect();
        if let Some(first_signed) = standing.iter().map(|(_, at, _)| *at).min() {
            stages.signed += 1;
            stages.signed_fen += standing.iter().map(|(.., price)| price).sum::<i64>();
            tally.to_signing.push(days_between(lead.created_at, first_signed));
        } else if !deals.is_empty() {
            stages.cancelled += 1;
        }
    }
    Ok(rows)
}

/// Counts the stage moves made in the range.
fn count_events(
    conn: &mut Conn,
    project: Id,
    range: (NaiveDateTime, NaiveDateTime),
    group: FunnelGroup,
    only: Option<Id>,
) -> ApiResult<BTreeMap<RowKey, Tally>> {
    let mut rows: BTreeMap<RowKey, Tally> = BTreeMap::new();
    for fact in model::facts(conn, Span { project, start: range.0, end: range.1, only })? {
        let stages =
            &mut rows.entry(key_of(group, fact.source_channel, fact.user, fact.channel_id)).or_default().stages;
        match fact.measure {
            Measure::NewLead => stages.leads += 1,
            Measure::FirstVisit => stages.visited += 1,
            Measure::Subscription => stages.subscribed += 1,
            Measure::Reservation => stages.reserved += 1,
            Measure::Signing => {
                stages.signed += 1;
                stages.signed_fen += fact.amount_fen;
            }
            Measure::Cancellation => stages.cancelled += 1,
            _ => {}
        }
    }
    Ok(rows)
}

/// The spend of each row's channel in the months the range touches, and in all.
fn spend(costs: &[ChannelCost], key: RowKey) -> Option<i64> {
    let matches = |cost: &&ChannelCost| match key {
        RowKey::Source(source) => cost.source_channel.as_deref() == Some(source.as_str()),
        RowKey::Partner(Some(partner)) => cost.channel_id == Some(partner),
        RowKey::Partner(None) | RowKey::Owner(_) => false,
    };
    match key {
        RowKey::Owner(_) | RowKey::Partner(None) => None,
        _ => Some(costs.iter().filter(matches).map(|c| c.amount_fen).sum()),
    }
}

fn row(key: String, name: String, tally: Tally, cost_fen: Option<i64>) -> FunnelRow {
    let s = tally.stages;
    FunnelRow {
        key,
        name,
        source_channel: None,
        owner_id: None,
        channel_id: None,
        stages: s,
        visit_rate: share(s.visited, s.leads),
        conversion: share(s.signed, s.leads),
        average_deal_fen: (s.signed > 0).then(|| s.signed_fen / s.signed),
        days_to_first_visit: days_taken(tally.to_first_visit),
        days_to_signing: days_taken(tally.to_signing),
        cost_fen,
        cost_per_lead_fen: cost_fen.and_then(|c| (s.leads > 0).then(|| c / s.leads)),
        cost_per_deal_fen: cost_fen.and_then(|c| (s.signed > 0).then(|| c / s.signed)),
        roi: cost_fen.filter(|c| *c > 0).map(|c| ((s.signed_fen as f64 / c as f64) * 100.0).round() / 100.0),
    }
}

/// The first day of `day`'s month.
fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// `GET /projects/{id}/analytics/funnel`.
pub fn funnel(conn: &mut Conn, actor: &Actor, project_id: Uuid, query: FunnelQuery) -> ApiResult<FunnelReport> {
    let whole = reads_whole_project(conn, actor, project_id)?;
    let project = Id(project_id);
    let ReportDays { zone, from, to, start, end } = month_to_date(conn, project, query.from, query.to)?;
    let range = (start, end);
    let (basis, group) = (query.basis.unwrap_or(FunnelBasis::Cohort), query.group_by.unwrap_or(FunnelGroup::Channel));
    let only = (!whole).then_some(Id(actor.id));
    let mut tallies = match basis {
        FunnelBasis::Cohort => count_cohort(conn, project, range, group, only)?,
        FunnelBasis::Event => count_events(conn, project, range, group, only)?,
    };
    // Spend is the managers' to see; a channel paid for that brought nobody is a row too.
    let costs = if whole { ChannelCost::in_months(conn, project, month_of(from), month_of(to))? } else { Vec::new() };
    for cost in &costs {
        let key = match (group, cost.source_channel.as_deref().and_then(SourceChannel::parse), cost.channel_id) {
            (FunnelGroup::Channel, Some(source), _) => RowKey::Source(source),
            (FunnelGroup::ChannelPartner, _, Some(partner)) => RowKey::Partner(Some(partner)),
            _ => continue,
        };
        tallies.entry(key).or_default();
    }

    let owners: Vec<Id> =
        tallies.keys().filter_map(|k| if let RowKey::Owner(id) = k { Some(*id) } else { None }).collect();
    let partners: Vec<Id> =
        tallies.keys().filter_map(|k| if let RowKey::Partner(id) = k { *id } else { None }).collect();
    let owner_names = crate::auth::model::display_names(conn, owners)?;
    let partner_names = model::channel_names(conn, &partners)?;
    let mut total = Tally::default();
    let mut rows = Vec::new();
    for (key, tally) in tallies {
        let t = &mut total.stages;
        let s = tally.stages;
        (t.leads, t.visited, t.subscribed, t.reserved) =
            (t.leads + s.leads, t.visited + s.visited, t.subscribed + s.subscribed, t.reserved + s.reserved);
        (t.signed, t.cancelled, t.signed_fen) =
            (t.signed + s.signed, t.cancelled + s.cancelled, t.signed_fen + s.signed_fen);
        total.to_first_visit.extend(&tally.to_first_visit);
        total.to_signing.extend(&tally.to_signing);
        let cost = if whole { spend(&costs, key) } else { None };
        let mut made = match key {
            RowKey::Source(source) => {
                let mut r = row(source.as_str().to_owned(), source.as_str().to_owned(), tally, cost);
                r.source_channel = Some(source);
                r
            }
            RowKey::Owner(owner) => {
                let mut r = row(owner.0.to_string(), owner_names.get(&owner).cloned().unwrap_or_default(), tally, cost);
                r.owner_id = Some(owner.0);
                r
            }
            RowKey::Partner(partner) => {
                let name = partner.and_then(|p| partner_names.get(&p).cloned()).unwrap_or_else(|| "无渠道".to_owned());
                let mut r = row(partner.map_or("none".to_owned(), |p| p.0.to_string()), name, tally, cost);
                r.channel_id = partner.map(Uuid::from);
                r
            }
        };
        made.name = made.name.trim().to_owned();
        rows.push(made);
    }
    rows.sort_by(|a, b| b.stages.leads.cmp(&a.stages.leads).then(a.key.cmp(&b.key)));
    let total_cost = whole.then(|| costs.iter().map(|c| c.amount_fen).sum::<i64>());
    Ok(FunnelReport {
        project_id,
        from,
        to,
        basis,
        group_by: group,
        time_zone: zone.name().to_owned(),
        own_only: !whole,
        total: row("total".to_owned(), "合计".to_owned(), total, total_cost),
        rows,
    })
}
