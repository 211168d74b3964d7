//! `PUT/GET /projects/{id}/channel-costs`: what a project spent on its channels, by month.

use chrono::NaiveDate;
use uuid::Uuid;

use super::reads_whole_project;
use crate::analytics::dto::{ChannelCostRequest, ChannelCostView};
use crate::analytics::model::{self, costs::ChannelCost};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::scope;

fn view(cost: ChannelCost, channel_name: Option<String>) -> ChannelCostView {
    ChannelCostView {
        project_id: cost.project_id.0,
        month: cost.month.format("%Y-%m").to_string(),
        source_channel: cost.source_channel.as_deref().and_then(crate::words::SourceChannel::parse),
        channel_id: cost.channel_id.map(Uuid::from),
        channel_name,
        amount_fen: cost.amount_fen,
        version: cost.version,
        updated_by: cost.updated_by.0,
        updated_at: cost.updated_at.and_utc(),
    }
}

/// `YYYY-MM` as the month's first day.
fn parse_month(text: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 7)
        .ok_or_else(|| ApiError::validation(vec![FieldError::new("month", "must be a month as YYYY-MM")]))
}

/// `PUT /projects/{id}/channel-costs` (managers): records a month's spend on a source
/// channel or a channel partner serving the project, replacing what was recorded before.
pub fn set_cost(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: ChannelCostRequest,
) -> ApiResult<ChannelCostView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let month = parse_month(&input.month)?;
    let spent_on = match (input.source_channel, input.channel_id) {
        (Some(source), None) => format!("source:{source}"),
        (None, Some(channel)) => {
            if !model::serves(conn, Id(channel), Id(project_id))? {
                return Err(ApiError::invalid_field(
                    "analytics.unknown_channel",
                    "channel_id",
                    "no such channel serves this project",
                ));
            }
            format!("partner:{channel}")
        }
        _ => {
            return Err(ApiError::validation(vec![FieldError::new(
                "source_channel",
                "give source_channel or channel_id (one of them)",
            )]))
        }
    };
    let cost = ChannelCost {
        project_id: Id(project_id),
        month,
        spent_on: spent_on.clone(),
        source_channel: input.source_channel.map(|s| s.as_str().to_owned()),
        channel_id: input.channel_id.map(Id),
        amount_fen: input.amount_fen,
        version: 1,
        updated_by: Id(actor.id),
        updated_at: db::now(),
    };
    db::transaction(conn, |conn| {
        let saved = cost.save(conn)?;
        let entry = Entry::new(AuditAction::ProjectChannelCost, project_id)
            .project(project_id)
            .note("month", &input.month)
            .note("spent_on", &spent_on)
            .note("amount_fen", input.amount_fen)
            .note("version", saved.version);
        audit::record(conn, actor.into(), entry)?;
        let name = match saved.channel_id {
            Some(channel) => model::channel_names(conn, &[channel])?.remove(&channel),
            None => None,
        };
        Ok(view(saved, name))
    })
}

/// `GET /projects/{id}/channel-costs?from=&to=` (managers): the spend of the months from
/// `from` to `to` (`YYYY-MM`; default the last twelve months), oldest first.
pub fn list_costs(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    from: Option<String>,
    to: Option<String>,
) -> ApiResult<Vec<ChannelCostView>> {
    if !reads_whole_project(conn, actor, project_id)? {
        return Err(ApiError::forbidden("analytics.forbidden", "Channel costs are for the project's managers."));
    }
    let zone = crate::projects::model::zone_of(conn, Id(project_id))?;
    let today = crate::follow_ups::calendar::today(zone, db::now());
    let last = match to {
        Some(text) => {
            parse_month(&text).map_err(|_| ApiError::validation(vec![FieldError::new("to", "must be YYYY-MM")]))?
        }
        None => today,
    };
    let first = match from {
        Some(text) => {
            parse_month(&text).map_err(|_| ApiError::validation(vec![FieldError::new("from", "must be YYYY-MM")]))?
        }
        None => last.checked_sub_months(chrono::Months::new(11)).unwrap_or(last),
    };
    let costs = ChannelCost::in_months(conn, Id(project_id), first, last)?;
    let partners: Vec<Id> = costs.iter().filter_map(|c| c.channel_id).collect();
    let names = model::channel_names(conn, &partners)?;
    Ok(costs
        .into_iter()
        .map(|c| {
            let name = c.channel_id.and_then(|id| names.get(&id).cloned());
            view(c, name)
        })
        .collect())
}
