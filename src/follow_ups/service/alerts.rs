//! `GET /alerts/overdue`: "某客户30天未跟进，自动提醒销售总监" — a project's neglected
//! leads, grouped by owner, for the managers.

use chrono::Duration;
use diesel::prelude::*;
use std::collections::BTreeMap;

use super::{agenda_item, FollowUpRules};
use crate::auth::model::display_names;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::follow_ups::dto::{OverdueAlert, OverdueQuery, OwnerOverdue};
use crate::follow_ups::model::cadence_of;
use crate::leads::model::Lead;
use crate::schema::leads;
use crate::scope;
use crate::words::{Grade, LeadStatus};

/// How many of each owner's leads the alert lists; the counts cover them all.
const LEADS_PER_OWNER: usize = 20;

/// Leads not contacted for `days`, or whose next follow-up is late by more than their
/// grade's cadence; live and still being worked on (not lost, not signed).
pub fn overdue(conn: &mut Conn, actor: &Actor, rules: &FollowUpRules, query: OverdueQuery) -> ApiResult<OverdueAlert> {
    crate::scope::require_lead_worker(actor)?;
    scope::require_project_manager(conn, actor, query.project_id)?;
    let days = query.days.unwrap_or(rules.overdue_days);
    let project = Id(query.project_id);
    let cadence = cadence_of(conn, project)?;
    let now = db::now();
    let silent_since = now - Duration::days(days);
    let late_for = |grade: Option<Grade>| now - Duration::days(i64::from(cadence.days_for(grade)));
    let late = |grade: Grade| leads::grade.eq(grade).and(leads::next_follow_up_at.lt(late_for(Some(grade))));
    let ungraded_late = leads::grade.is_null().nullable().and(leads::next_follow_up_at.lt(late_for(None)));
    let neglected: Vec<Lead> = leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::deleted_at.is_null())
        .filter(leads::status.ne_all([LeadStatus::Lost, LeadStatus::Signed]))
        .filter(
            leads::last_interaction_at
                .lt(silent_since)
                .nullable()
                .or(late(Grade::A))
                .or(late(Grade::B))
                .or(late(Grade::C))
                .or(late(Grade::D))
                .or(ungraded_late),
        )
        .order((leads::last_interaction_at.asc(), leads::id.asc()))
        .select(Lead::as_select())
        .load(conn)?;

    let mut by_owner: BTreeMap<Id, Vec<Lead>> = BTreeMap::new();
    for lead in neglected {
        by_owner.entry(lead.owner_id).or_default().push(lead);
    }
    let names = display_names(conn, by_owner.keys().copied())?;
    let mut owners: Vec<OwnerOverdue> = by_owner
        .into_iter()
        .map(|(owner, leads)| OwnerOverdue {
            owner_id: owner.0,
            owner_display_name: names.get(&owner).cloned().unwrap_or_default(),
            count: leads.len(),
            not_contacted: leads.iter().filter(|l| l.last_interaction_at < silent_since).count(),
            late_follow_up: leads
                .iter()
                .filter(|l| l.next_follow_up_at.is_some_and(|next| next < late_for(l.grade)))
                .count(),
            leads: leads.iter().take(LEADS_PER_OWNER).map(|lead| agenda_item(lead, actor.id)).collect(),
        })
        .collect();
    owners.sort_by(|a, b| b.count.cmp(&a.count).then(a.owner_display_name.cmp(&b.owner_display_name)));
    Ok(OverdueAlert { project_id: query.project_id, days, total: owners.iter().map(|o| o.count).sum(), owners })
}
