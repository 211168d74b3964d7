//! `GET /projects/{id}/analytics/pyramid` — the value pyramid (客户价值金字塔) of the buyers
//! as they stand — and `GET …/analytics/channels`, the funnel's cohort cut for the
//! channel bars.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::export::table_csv;
use super::{funnel, reads_whole_project, share};
use crate::analytics::dto::{
    ChannelBar, ChannelsQuery, ChannelsReport, FunnelBasis, FunnelGroup, FunnelQuery, PyramidBounds, PyramidQuery,
    PyramidReport, PyramidTier, Tier,
};
use crate::analytics::model::value;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};

/// A buyer's deals, or the deals of the buyers they referred: how many, and their price.
#[derive(Debug, Default, Clone, Copy)]
struct Deals {
    count: i64,
    value_fen: i64,
}

impl Deals {
    fn add(&mut self, price_fen: i64) {
        self.count += 1;
        self.value_fen += price_fen;
    }
}

fn label(tier: Tier) -> &'static str {
    match tier {
        Tier::Top => "顶级",
        Tier::Core => "核心",
        Tier::Potential => "潜力",
        Tier::Base => "基础",
    }
}

/// The value pyramid: top (signed, and referred signed buyers), core (signed), potential
/// (no deal, in touch often lately), base (the rest), each with its buyers and the value of
/// their own and referred deals. Managers the project's buyers; a salesperson their own.
pub fn pyramid(conn: &mut Conn, actor: &Actor, project_id: Uuid, query: PyramidQuery) -> ApiResult<PyramidReport> {
    let whole = reads_whole_project(conn, actor, project_id)?;
    let bounds = PyramidBounds {
        core_min_deals: query.core_min_deals.unwrap_or(1),
        top_min_referred_deals: query.top_min_referred_deals.unwrap_or(1),
        potential_min_interactions: query.potential_min_interactions.unwrap_or(3),
        engagement_days: query.engagement_days.unwrap_or(90),
    };
    let project = Id(project_id);
    let in_scope = |owner: Id| whole || owner == Id(actor.id);
    let deals = value::standing_deals(conn, project)?;
    let mut own: HashMap<Id, Deals> = HashMap::new();
    let mut referred: HashMap<Id, Deals> = HashMap::new();
    for deal in &deals {
        if in_scope(deal.owner_id) {
            own.entry(deal.lead_id).or_default().add(deal.price_fen);
        }
        if let Some(referrer) = deal.referrer_lead_id {
            referred.entry(referrer).or_default().add(deal.price_fen);
        }
    }
    let referrers: Vec<Id> = referred.keys().copied().collect();
    let owners = value::live_owners(conn, &referrers)?;
    referred.retain(|referrer, _| owners.get(referrer).is_some_and(|owner| in_scope(*owner)));
    let since = db::now() - chrono::Duration::days(bounds.engagement_days);
    let engaged: HashSet<Id> = value::engaged(conn, project, since, bounds.potential_min_interactions)?
        .into_iter()
        .filter(|(_, owner)| in_scope(*owner))
        .map(|(lead, _)| lead)
        .collect();
    let leads = value::live_count(conn, project, (!whole).then_some(Id(actor.id)))?;

    let tier_of = |lead: &Id| {
        let deals = own.get(lead).map_or(0, |d| d.count);
        let brought = referred.get(lead).map_or(0, |d| d.count);
        if deals >= bounds.core_min_deals && brought >= bounds.top_min_referred_deals {
            Tier::Top
        } else if deals >= bounds.core_min_deals {
            Tier::Core
        } else if engaged.contains(lead) {
            Tier::Potential
        } else {
            Tier::Base
        }
    };
    let mut members: HashMap<Tier, HashSet<Id>> = HashMap::new();
    for lead in own.keys().chain(referred.keys()).chain(engaged.iter()) {
        members.entry(tier_of(lead)).or_default().insert(*lead);
    }
    let sum = |ids: Option<&HashSet<Id>>, of: &HashMap<Id, Deals>| {
        ids.into_iter().flatten().filter_map(|id| of.get(id)).fold(Deals::default(), |mut total, d| {
            total.count += d.count;
            total.value_fen += d.value_fen;
            total
        })
    };
    let mut tiers: Vec<PyramidTier> = Tier::ALL
        .iter()
        .map(|&tier| {
            let ids = members.get(&tier);
            let (mine, brought) = (sum(ids, &own), sum(ids, &referred));
            PyramidTier {
                tier,
                label: label(tier).to_owned(),
                leads: ids.map_or(0, |ids| ids.len() as i64),
                share_of_leads: None,
                deals: mine.count,
                deal_value_fen: mine.value_fen,
                referred_deals: brought.count,
                referred_value_fen: brought.value_fen,
                share_of_value: None,
            }
        })
        .collect();
    // The base is everyone not placed above, including buyers never in touch at all.
    let placed: i64 = tiers.iter().filter(|t| t.tier != Tier::Base).map(|t| t.leads).sum();
    if let Some(base) = tiers.iter_mut().find(|t| t.tier == Tier::Base) {
        base.leads = (leads - placed).max(base.leads);
    }
    let value_fen: i64 = tiers.iter().map(|t| t.deal_value_fen + t.referred_value_fen).sum();
    for tier in &mut tiers {
        tier.share_of_leads = share(tier.leads, leads);
        tier.share_of_value = share(tier.deal_value_fen + tier.referred_value_fen, value_fen);
    }
    Ok(PyramidReport { project_id, own_only: !whole, bounds, leads, value_fen, tiers })
}

/// The pyramid as CSV: a row per tier.
pub fn pyramid_csv(report: &PyramidReport) -> ApiResult<String> {
    let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    table_csv(
        &[
            "tier",
            "label",
            "leads",
            "share_of_leads",
            "deals",
            "deal_value_fen",
            "referred_deals",
            "referred_value_fen",
            "share_of_value",
        ],
        report.tiers.iter().map(|t| {
            vec![
                t.tier.to_string(),
                t.label.clone(),
                t.leads.to_string(),
                cell(t.share_of_leads),
                t.deals.to_string(),
                t.deal_value_fen.to_string(),
                t.referred_deals.to_string(),
                t.referred_value_fen.to_string(),
                cell(t.share_of_value),
            ]
        }),
    )
}

/// Leads, deals and cost per deal by source channel (or channel partner): the funnel's
/// cohort for the range, as the channel bars draw it.
pub fn channels(conn: &mut Conn, actor: &Actor, project_id: Uuid, query: ChannelsQuery) -> ApiResult<ChannelsReport> {
    let group_by = query.group_by.unwrap_or(FunnelGroup::Channel);
    if group_by == FunnelGroup::Owner {
        return Err(ApiError::validation(vec![FieldError::new("group_by", "must be channel or channel_partner")]));
    }
    let funnel = funnel(
        conn,
        actor,
        project_id,
        FunnelQuery {
            from: query.from,
            to: query.to,
            group_by: Some(group_by),
            basis: Some(FunnelBasis::Cohort),
            format: None,
        },
    )?;
    let rows = funnel
        .rows
        .into_iter()
        .map(|row| ChannelBar {
            key: row.key,
            name: row.name,
            source_channel: row.source_channel,
            channel_id: row.channel_id,
            leads: row.stages.leads,
            deals: row.stages.signed,
            signed_fen: row.stages.signed_fen,
            cost_fen: row.cost_fen,
            cost_per_deal_fen: row.cost_per_deal_fen,
        })
        .collect();
    Ok(ChannelsReport { project_id, from: funnel.from, to: funnel.to, group_by, own_only: funnel.own_only, rows })
}

/// The channel bars as CSV: a row per channel.
pub fn channels_csv(report: &ChannelsReport) -> ApiResult<String> {
    let cell = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    table_csv(
        &["key", "name", "leads", "deals", "signed_fen", "cost_fen", "cost_per_deal_fen"],
        report.rows.iter().map(|r| {
            vec![
                r.key.clone(),
                r.name.clone(),
                r.leads.to_string(),
                r.deals.to_string(),
                r.signed_fen.to_string(),
                cell(r.cost_fen),
                cell(r.cost_per_deal_fen),
            ]
        }),
    )
}
