//! Commission rules (结佣规则): what a channel earns on a deal of each project it serves.
//! Managers who manage the channel set them; its agents and the project's managers read
//! them. A rule applies to deals signed after it is set: what a deal accrued keeps the rule
//! it was accrued under (`deals` copies it into the commission).

use uuid::Uuid;

use super::registry::reachable;
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::channels::dto::{CommissionRuleRequest, CommissionRuleView};
use crate::channels::model::CommissionRule;
use crate::channels::{CommissionKind, CommissionMilestone};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::scope::AccountRights;

fn view(rule: CommissionRule) -> CommissionRuleView {
    CommissionRuleView {
        channel_id: rule.channel_id.0,
        project_id: rule.project_id.0,
        kind: rule.kind,
        value: rule.value,
        milestone: rule.milestone,
        milestone_percent: rule.milestone_percent,
        version: rule.version,
        updated_at: rule.updated_at.and_utc(),
    }
}

/// The field errors of a rule that the schema alone cannot see.
fn check(input: &CommissionRuleRequest) -> ApiResult<()> {
    let mut errors = Vec::new();
    if input.kind == CommissionKind::Percent && input.value > 10_000 {
        errors.push(FieldError::new("value", "a percentage is at most 10000 basis points (100 %)"));
    }
    match (input.milestone, input.milestone_percent) {
        (CommissionMilestone::CollectedPercent, None) => {
            errors.push(FieldError::new("milestone_percent", "is required for collected_percent"))
        }
        (CommissionMilestone::Signed, Some(_)) => {
            errors.push(FieldError::new("milestone_percent", "is only for collected_percent"))
        }
        _ => {}
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// `PUT /channels/{id}/commission-rules` (managers of the channel): 422 `project_id` for a
/// project the channel does not serve.
pub fn set_rule(
    conn: &mut Conn,
    actor: &Actor,
    channel_id: Uuid,
    input: CommissionRuleRequest,
) -> ApiResult<CommissionRuleView> {
    let (channel, projects) = reachable(conn, actor, channel_id, AccountRights::Manage)?;
    check(&input)?;
    if !projects.contains(&input.project_id) {
        return Err(ApiError::validation(vec![FieldError::new("project_id", "must be a project the channel serves")]));
    }
    let rule = CommissionRule {
        channel_id: channel.id,
        project_id: Id(input.project_id),
        kind: input.kind,
        value: input.value,
        milestone: input.milestone,
        milestone_percent: input.milestone_percent,
        version: 1,
        updated_by: Some(Id(actor.id)),
        updated_at: db::now(),
    };
    db::transaction(conn, |conn| {
        let (before, saved) = rule.save(conn)?;
        let entry = Entry::new(AuditAction::ChannelCommissionRule, channel_id)
            .project(input.project_id)
            .change("kind", before.as_ref().map(|r| r.kind), Some(saved.kind))
            .change("value", before.as_ref().map(|r| r.value), Some(saved.value))
            .change("milestone", before.as_ref().map(|r| r.milestone), Some(saved.milestone))
            .change("milestone_percent", before.as_ref().and_then(|r| r.milestone_percent), saved.milestone_percent);
        audit::record(conn, actor.into(), entry)?;
        Ok(view(saved))
    })
}

/// `GET /channels/{id}/commission-rules`: whoever sees the channel (its agents, the
/// managers of a project it serves), one rule per project that has one.
pub fn list_rules(conn: &mut Conn, actor: &Actor, channel_id: Uuid) -> ApiResult<Vec<CommissionRuleView>> {
    let (channel, _) = reachable(conn, actor, channel_id, AccountRights::Visible)?;
    Ok(CommissionRule::of_channel(conn, channel.id)?.into_iter().map(view).collect())
}
