//! `PATCH /follow-ups/{id}`: the author corrects a follow-up within 24 hours; after that
//! it is evidence and stays as written.

use uuid::Uuid;

use super::{views, visible_follow_up, EDIT_WINDOW};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::dto::{FollowUpView, UpdateFollowUpRequest};
use crate::follow_ups::model::{self, cadence_of, FollowUp, FollowUpEdit};
use crate::leads::model::{self as lead_model, Lead};

fn apply(current: &FollowUp, input: &UpdateFollowUpRequest) -> ApiResult<FollowUpEdit> {
    let mut edit = current.edit();
    let mut errors = Vec::new();
    if let Some(purpose) = input.purpose {
        edit.purpose = purpose;
    }
    if let Some(content) = &input.content {
        edit.content = content.trim().to_owned();
        if edit.content.is_empty() {
            errors.push(FieldError::new("content", "must not be blank"));
        }
    }
    if let Some(feedback) = &input.customer_feedback {
        edit.customer_feedback = feedback.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned);
    }
    if let Some(duration) = input.duration_seconds {
        edit.duration_seconds = duration;
    }
    if let Some(next) = input.next_follow_up_at {
        edit.next_follow_up_at = next.map(db::stored);
        if edit.next_follow_up_at.is_some_and(|next| next <= current.happened_at) {
            errors.push(FieldError::new("next_follow_up_at", "must be after happened_at"));
        }
    }
    if let Some(purpose) = input.next_purpose {
        edit.next_purpose = purpose;
    }
    if errors.is_empty() {
        Ok(edit)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Corrects a follow-up. The lead's plan comes from its latest contact, so when this is
/// the latest, a new next date or purpose moves the lead's plan too.
pub fn update(conn: &mut Conn, actor: &Actor, id: Uuid, input: UpdateFollowUpRequest) -> ApiResult<FollowUpView> {
    let now = db::now();
    db::transaction(conn, |conn| {
        let (follow_up, lead) = visible_follow_up(conn, actor, id)?;
        if follow_up.author_id.0 != actor.id {
            return Err(ApiError::forbidden("follow_up.author_only", "Only the author may correct a follow-up."));
        }
        if now > follow_up.created_at + EDIT_WINDOW {
            return Err(ApiError::forbidden("follow_up.locked", "A follow-up can be corrected for 24 hours only."));
        }
        if follow_up.version != input.version {
            return Err(stale());
        }
        let before = follow_up.edit();
        let after = apply(&follow_up, &input)?;
        if !model::update(conn, follow_up.id, input.version, &after)? {
            return Err(stale());
        }
        let plan_changed =
            (before.next_follow_up_at, before.next_purpose) != (after.next_follow_up_at, after.next_purpose);
        let lead = Lead::lock_live(conn, lead.id)?.ok_or_else(super::follow_up_not_found)?;
        if plan_changed && model::is_latest_of_lead(conn, &follow_up)? {
            let mut activity = lead.activity();
            activity.next_follow_up_at = Some(match after.next_follow_up_at {
                Some(next) => next,
                None => cadence_of(conn, lead.project_id)?.next_after(lead.grade, follow_up.happened_at),
            });
            activity.next_purpose = after.next_purpose;
            lead_model::write_activity(conn, lead.id, &activity)?;
        }
        let mut entry = Entry::new(AuditAction::FollowUpUpdate, id)
            .project(follow_up.project_id.0)
            .change("purpose", before.purpose, after.purpose)
            .change("duration_seconds", before.duration_seconds, after.duration_seconds)
            .change("next_follow_up_at", before.next_follow_up_at, after.next_follow_up_at)
            .change("next_purpose", before.next_purpose, after.next_purpose);
        // Notes about a person are not copied into the trail; that they changed is.
        for (field, changed) in [
            ("content", before.content != after.content),
            ("customer_feedback", before.customer_feedback != after.customer_feedback),
        ] {
            if changed {
                entry = entry.redacted(field);
            }
        }
        audit::record(conn, actor.into(), entry)?;
        let updated = FollowUp::find(conn, follow_up.id)?.ok_or_else(super::follow_up_not_found)?;
        views(conn, vec![updated])?.pop().ok_or_else(super::follow_up_not_found)
    })
}

fn stale() -> ApiError {
    ApiError::precondition_failed(
        "follow_up.version_conflict",
        "The follow-up changed since you read it; reload and try again.",
    )
}
