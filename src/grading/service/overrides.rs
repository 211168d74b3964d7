//! A lead's grade as people see it: the grade and its reasons, an override with a
//! reason (owner or manager), and the history of changes.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{evaluate, grade_batch};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::grading::dto::{GradeChangeView, GradeView, OverrideRequest, OverrideView};
use crate::grading::model::{self, current_rules, GradeChange, LeadFacts, LeadGrade};
use crate::grading::score::Component;
use crate::grading::GradeCause;
use crate::http::{Page, PageQuery};
use crate::schema::{grade_history, leads};
use crate::scope::{self, LeadRights};

fn view(grade: &LeadGrade, now: NaiveDateTime) -> GradeView {
    let (effective, source) = grade.effective(now);
    let components: Vec<Component> = serde_json::from_str(&grade.components).unwrap_or_default();
    let override_ = grade.active_override(now).map(|g| OverrideView {
        grade: g,
        reason: grade.override_reason.clone().unwrap_or_default(),
        by: grade.override_by.map(Uuid::from),
        at: grade.override_at.map(|t| t.and_utc()),
        until: grade.override_until.map(|t| t.and_utc()),
    });
    GradeView {
        grade: effective,
        auto_grade: grade.auto_grade,
        score: grade.score,
        components,
        rules_version: grade.rules_version,
        source,
        override_,
        computed_at: grade.computed_at.and_utc(),
    }
}

fn facts(conn: &mut Conn, lead: Id) -> QueryResult<LeadFacts> {
    leads::table.find(lead).select(LeadFacts::as_select()).first(conn)
}

/// `GET /leads/{id}/grade`: the stored grade; a lead never graded is scored on the spot.
pub fn find_grade(conn: &mut Conn, actor: &Actor, lead_id: Uuid) -> ApiResult<GradeView> {
    let lead = scope::require_lead(conn, actor, lead_id, LeadRights::Owner)?;
    let now = db::now();
    if let Some(stored) = LeadGrade::find(conn, lead.id)? {
        return Ok(view(&stored, now));
    }
    let rules = current_rules(conn, lead.project_id)?;
    let row = facts(conn, lead.id)?;
    let graded = evaluate(conn, std::slice::from_ref(&row), &rules, now)?;
    let grade =
        graded.first().map(|g| g.grade.clone()).ok_or_else(|| ApiError::internal(anyhow::anyhow!("no grade")))?;
    Ok(view(&grade, now))
}

/// Writes the lead's grade row with `change` applied to its override, then lets the
/// engine move the effective grade (history and audit included).
fn rewrite_override(
    conn: &mut Conn,
    actor: &Actor,
    lead: Id,
    change: impl FnOnce(&mut LeadGrade),
) -> ApiResult<GradeView> {
    let now = db::now();
    let row = facts(conn, lead)?;
    let rules = current_rules(conn, row.project_id)?;
    let mut grade = evaluate(conn, std::slice::from_ref(&row), &rules, now)?
        .pop()
        .map(|g| g.grade)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no grade")))?;
    change(&mut grade);
    model::upsert(conn, std::slice::from_ref(&grade))?;
    grade_batch(conn, std::slice::from_ref(&row), &rules, GradeCause::Override, &Who::from(actor), now)?;
    let stored = LeadGrade::find(conn, lead)?.ok_or_else(|| ApiError::internal(anyhow::anyhow!("grade not stored")))?;
    Ok(view(&stored, now))
}

/// `PUT /leads/{id}/grade`: the owner or a manager sets the grade, with a reason.
pub fn set_override(conn: &mut Conn, actor: &Actor, lead_id: Uuid, input: OverrideRequest) -> ApiResult<GradeView> {
    let lead = scope::require_lead(conn, actor, lead_id, LeadRights::Owner)?;
    let now = db::now();
    let until = input.until.map(db::stored);
    if until.is_some_and(|until| until <= now) {
        return Err(ApiError::validation(vec![FieldError::new("until", "must be in the future")]));
    }
    let reason = input.reason.trim().to_owned();
    db::transaction(conn, |conn| {
        // Lock the lead first, as every lead write does, so no two writers wait on each
        // other's rows in opposite order (a deadlock on PostgreSQL).
        crate::db::lock_rows!(conn, leads::table.find(lead.id).select(leads::id))?;
        let before = LeadGrade::find(conn, lead.id)?.map(|g| g.effective(now).0);
        let view = rewrite_override(conn, actor, lead.id, |grade| {
            grade.override_grade = Some(input.grade);
            grade.override_reason = Some(reason.clone());
            grade.override_by = Some(Id(actor.id));
            grade.override_at = Some(now);
            grade.override_until = until;
        })?;
        // The grade in force before and after, told even when the override confirms it.
        let entry = Entry::new(AuditAction::LeadGradeOverride, lead_id)
            .project(lead.project_id.0)
            .note("grade", serde_json::json!({"old": before, "new": view.grade}))
            .note("reason", &reason)
            .note("until", input.until);
        audit::record(conn, actor.into(), entry)?;
        Ok(view)
    })
}

/// `DELETE /leads/{id}/grade/override`: back to the automatic grade.
pub fn clear_override(conn: &mut Conn, actor: &Actor, lead_id: Uuid) -> ApiResult<()> {
    let lead = scope::require_lead(conn, actor, lead_id, LeadRights::Owner)?;
    db::transaction(conn, |conn| {
        crate::db::lock_rows!(conn, leads::table.find(lead.id).select(leads::id))?;
        let before = LeadGrade::find(conn, lead.id)?.filter(|g| g.active_override(db::now()).is_some());
        let Some(before) = before.map(|g| g.effective(db::now()).0) else {
            return Err(ApiError::not_found("grade.no_override", "This lead's grade is not overridden."));
        };
        let view = rewrite_override(conn, actor, lead.id, |grade| {
            grade.override_grade = None;
            grade.override_reason = None;
            grade.override_by = None;
            grade.override_at = None;
            grade.override_until = None;
        })?;
        let entry = Entry::new(AuditAction::LeadGradeOverrideClear, lead_id)
            .project(lead.project_id.0)
            .note("grade", serde_json::json!({"old": before, "new": view.grade}));
        audit::record(conn, actor.into(), entry)?;
        Ok(())
    })
}

#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    at: NaiveDateTime,
    id: Uuid,
}

/// `GET /leads/{id}/grade-history`: newest first.
pub fn history(conn: &mut Conn, actor: &Actor, lead_id: Uuid, page: PageQuery) -> ApiResult<Page<GradeChangeView>> {
    let lead = scope::require_lead(conn, actor, lead_id, LeadRights::Owner)?;
    let mut query = grade_history::table
        .filter(grade_history::lead_id.eq(lead.id))
        .order((grade_history::created_at.desc(), grade_history::id.desc()))
        .select(GradeChange::as_select())
        .into_boxed();
    if let Some(Cursor { at, id }) = page.decode()? {
        query = query.filter(db::keyset!(< (grade_history::created_at, at), (grade_history::id, Id(id))));
    }
    let limit = page.limit();
    let rows: Vec<GradeChange> = query.limit(limit + 1).load(conn)?;
    Ok(Page::from_rows(
        rows,
        limit,
        |c| Cursor { at: c.created_at, id: c.id.0 },
        |c| GradeChangeView {
            id: c.id.0,
            grade_before: c.grade_before,
            grade_after: c.grade_after,
            score_before: c.score_before,
            score_after: c.score_after,
            source: c.source,
            cause: c.cause,
            actor_id: c.actor_id.map(Uuid::from),
            rules_version: c.rules_version,
            at: c.created_at.and_utc(),
            override_reason: c.override_reason,
            override_until: c.override_until.map(|t| t.and_utc()),
        },
    ))
}
