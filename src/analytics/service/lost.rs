//! `GET /projects/{id}/analytics/lost-reasons`: why buyers were lost (未成交原因), each loss on
//! its day with the channel, salesperson and grade of that moment.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::{month_to_date, reads_whole_project, ReportDays};
use crate::analytics::dto::{LostGroup, LostGroupRow, LostReasonsQuery, LostReasonsReport, ReasonCount};
use crate::analytics::model::moves::{self, LostMove};
use crate::auth::Actor;
use crate::db::{Conn, Id};
use crate::error::ApiResult;
use crate::words::{LeadStatus, LostReason};

/// Reasons with their counts and shares, most first.
fn reasons(counts: BTreeMap<Option<LostReason>, i64>) -> Vec<ReasonCount> {
    let lost: i64 = counts.values().sum();
    let mut reasons: Vec<ReasonCount> = counts
        .into_iter()
        .map(|(reason, count)| ReasonCount { reason, count, share: super::share(count, lost).unwrap_or(0.0) })
        .collect();
    reasons.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    reasons
}

fn group_key(group: LostGroup, lost: &LostMove) -> String {
    match group {
        LostGroup::Channel => lost.source_channel.as_str().to_owned(),
        LostGroup::Owner => lost.owner_id.0.to_string(),
        LostGroup::Grade => lost.grade.map_or("none".to_owned(), |g| g.as_str().to_owned()),
    }
}

/// `GET /projects/{id}/analytics/lost-reasons`.
pub fn lost_reasons(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    query: LostReasonsQuery,
) -> ApiResult<LostReasonsReport> {
    let whole = reads_whole_project(conn, actor, project_id)?;
    let project = Id(project_id);
    let ReportDays { zone, from, to, start, end } = month_to_date(conn, project, query.from, query.to)?;
    let moved = moves::lost_moves(conn, project, start, end, (!whole).then_some(Id(actor.id)))?;
    let recovered = moved.iter().filter(|m| m.from_status == Some(LeadStatus::Lost) && m.to_status != LeadStatus::Lost);
    let recovered = i64::try_from(recovered.count()).unwrap_or(i64::MAX);
    let losses: Vec<&LostMove> = moved.iter().filter(|m| m.to_status == LeadStatus::Lost).collect();

    let mut overall: BTreeMap<Option<LostReason>, i64> = BTreeMap::new();
    let mut grouped: BTreeMap<String, BTreeMap<Option<LostReason>, i64>> = BTreeMap::new();
    for loss in &losses {
        *overall.entry(loss.lost_reason).or_default() += 1;
        if let Some(group) = query.group_by {
            *grouped.entry(group_key(group, loss)).or_default().entry(loss.lost_reason).or_default() += 1;
        }
    }
    let owners: Vec<Id> = match query.group_by {
        Some(LostGroup::Owner) => losses.iter().map(|l| l.owner_id).collect(),
        _ => Vec::new(),
    };
    let names = crate::auth::model::display_names(conn, owners)?;
    let mut groups: Vec<LostGroupRow> = grouped
        .into_iter()
        .map(|(key, counts)| {
            let name = match query.group_by {
                Some(LostGroup::Owner) => {
                    Uuid::parse_str(&key).ok().and_then(|id| names.get(&Id(id)).cloned()).unwrap_or_default()
                }
                _ => key.clone(),
            };
            LostGroupRow { key, name, lost: counts.values().sum(), reasons: reasons(counts) }
        })
        .collect();
    groups.sort_by(|a, b| b.lost.cmp(&a.lost).then(a.key.cmp(&b.key)));
    Ok(LostReasonsReport {
        project_id,
        from,
        to,
        time_zone: zone.name().to_owned(),
        own_only: !whole,
        lost: i64::try_from(losses.len()).unwrap_or(i64::MAX),
        recovered,
        reasons: reasons(overall),
        groups,
    })
}

/// The report as CSV: `group,reason,count,share` (group `all` for the whole range).
pub fn lost_reasons_csv(report: &LostReasonsReport) -> ApiResult<String> {
    let all = std::iter::once(("all", "", &report.reasons));
    let groups = report.groups.iter().map(|g| (g.key.as_str(), g.name.as_str(), &g.reasons));
    let rows = all.chain(groups).flat_map(|(key, name, reasons)| {
        reasons.iter().map(move |reason| {
            let code = reason.reason.map_or("", |r| r.as_str());
            vec![key.to_owned(), name.to_owned(), code.to_owned(), reason.count.to_string(), reason.share.to_string()]
        })
    });
    super::export::table_csv(&["group", "name", "reason", "count", "share"], rows)
}
