//! `POST /leads/{id}/follow-ups`: a contact and its effects on the lead, in one transaction.

use chrono::Duration;
use uuid::Uuid;

use super::{view, views, FollowUpRules};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::{all_of, Actor, SessionCheck};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::dto::{FollowUpView, LeadProgress, RecordFollowUpRequest};
use crate::follow_ups::effects::{after_contact, Contact};
use crate::follow_ups::model::{self as follow_up_model, FollowUp, LeadForContact, ProjectRules};
use crate::grading::model::LeadFacts;
use crate::grading::{self, GradeCause};
use crate::leads::model::{self, Lead, LeadActivity};
use crate::scope;
use crate::words::{Channel, ContactPurpose, Grade, InitiatedBy};

/// How far in the future a contact may be dated: phones' clocks drift.
const CLOCK_SKEW: Duration = Duration::minutes(5);

/// Records a contact with the buyer. The session check rides in the statement that locks
/// the lead (`check`, see `Session::run_folded`); `None` when that statement cannot answer
/// and the session must be checked on its own first, and also for input refused before the
/// lead is read, so that a session that is gone is told so before a field error.
pub fn record(
    conn: &mut Conn,
    actor: &Actor,
    check: SessionCheck<'_>,
    rules: &FollowUpRules,
    lead_id: Uuid,
    input: &RecordFollowUpRequest,
) -> ApiResult<Option<FollowUpView>> {
    let now = db::now();
    let happened_at = db::stored(input.happened_at);
    let next_follow_up_at = input.next_follow_up_at.map(db::stored);
    let content = input.content.trim().to_owned();
    let mut errors = Vec::new();
    if content.is_empty() {
        errors.push(FieldError::new("content", "must not be blank"));
    }
    if happened_at > now + CLOCK_SKEW {
        errors.push(FieldError::new("happened_at", "must not be in the future"));
    }
    if next_follow_up_at.is_some_and(|next| next <= happened_at) {
        errors.push(FieldError::new("next_follow_up_at", "must be after happened_at"));
    }
    if !errors.is_empty() {
        return match check {
            SessionCheck::Folded(_) => Ok(None),
            SessionCheck::Done => Err(ApiError::validation(errors)),
        };
    }
    db::transaction(conn, |conn| {
        // Locked: two contacts logged at once must both count.
        let Some(LeadForContact { lead, reader_name: author_name, rules: project }) =
            lock_lead_for_contact(conn, actor, lead_id, check)?
        else {
            return Ok(None);
        };
        let follow_up = FollowUp {
            id: Id::new(),
            lead_id: lead.id,
            project_id: lead.project_id,
            author_id: Id(actor.id),
            channel: input.channel,
            purpose: input.purpose,
            content,
            customer_feedback: input
                .customer_feedback
                .as_deref()
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_owned),
            happened_at,
            duration_seconds: input.duration_seconds,
            initiated_by: input.initiated_by,
            next_follow_up_at,
            next_purpose: input.next_purpose,
            version: 1,
            created_at: now,
            updated_at: now,
            decision_maker_present: input.decision_maker_present,
            source_channel: lead.source_channel,
            channel_id: lead.channel_id,
        };
        let written = write_on_locked(conn, actor, &lead, &project, rules.protection, follow_up)?;
        // The author is the caller, whose name the lock read.
        let mut recorded = match author_name.or_else(|| actor.display_name.clone()) {
            Some(name) => view(written.follow_up, name),
            None => views(conn, vec![written.follow_up])?.pop().ok_or_else(super::follow_up_not_found)?,
        };
        recorded.lead = Some(progress(&written.after, Some(written.grade), written.version));
        Ok(Some(recorded))
    })
}

/// The live lead for a contact, which only its owner or managers may make, locked until
/// the transaction ends, with the data scope, the session check when it is folded
/// (`Session::run_folded`), the caller's display name and the project's rules in the same
/// statement; 404 otherwise, whoever's it is.
///
/// `Ok(None)` when a folded statement cannot answer (no such lead for them, a session
/// that is gone, or a role the token names that works no lead): the session is then
/// checked on its own first, as for any other request, and the write runs again.
fn lock_lead_for_contact(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    check: SessionCheck<'_>,
) -> ApiResult<Option<LeadForContact>> {
    let folded = matches!(check, SessionCheck::Folded(_));
    // The role the token names may be out of date until the session is checked.
    if let Err(refused) = scope::require_lead_worker(actor) {
        return if folded { Ok(None) } else { Err(refused) };
    }
    let (id, reader) = (Id(id), Id(actor.id));
    let found = match conn {
        db::AnyConnection::Pg(pg) => {
            follow_up_model::lock_for_contact_pg(pg, id, reader, all_of(scope::leads_condition(actor)?, check.holds()))?
        }
        db::AnyConnection::Sqlite(_) => {
            follow_up_model::find_for_contact(conn, id, reader, all_of(scope::leads_condition(actor)?, check.holds()))?
        }
    };
    match found {
        None if !folded => Err(scope::lead_not_found()),
        found => Ok(found),
    }
}

/// A visit the front desk registered, as a contact.
pub struct DeskVisit {
    /// The salesperson who received the visitor: the follow-up is theirs (their list, their
    /// counts); the audit trail names who registered it.
    pub received_by: Id,
    pub happened_at: chrono::NaiveDateTime,
    pub content: String,
}

/// A visit the front desk registered (来访登记), recorded as the lead's visit follow-up:
/// the buyer came by themselves, so it counts as a visit of their own initiative, and its
/// plan follows the grade's cadence. The lead must be locked by the caller's transaction.
/// Returns the follow-up's id.
pub fn record_visit(
    conn: &mut Conn,
    actor: &Actor,
    lead: &Lead,
    default_protection: Duration,
    visit: DeskVisit,
) -> ApiResult<Id> {
    let now = db::now();
    let follow_up = FollowUp {
        id: Id::new(),
        lead_id: lead.id,
        project_id: lead.project_id,
        author_id: visit.received_by,
        channel: Channel::Visit,
        purpose: ContactPurpose::DiscoverNeeds,
        content: visit.content,
        customer_feedback: None,
        happened_at: visit.happened_at,
        duration_seconds: None,
        initiated_by: InitiatedBy::Customer,
        next_follow_up_at: None,
        next_purpose: None,
        version: 1,
        created_at: now,
        updated_at: now,
        decision_maker_present: false,
        source_channel: lead.source_channel,
        channel_id: lead.channel_id,
    };
    let project = follow_up_model::rules_of_lead(conn, lead.id)?;
    Ok(write_on_locked(conn, actor, lead, &project, default_protection, follow_up)?.follow_up.id)
}

/// A follow-up written with its effects.
struct Written {
    follow_up: FollowUp,
    after: LeadActivity,
    grade: Grade,
    version: i32,
}

/// Writes a contact with a locked lead, and its effects: the lead's counters, status,
/// plan and protection (the project's period, else `default_protection`), the grade, and
/// the audit event, judged by the `project`'s rules.
fn write_on_locked(
    conn: &mut Conn,
    actor: &Actor,
    lead: &Lead,
    project: &ProjectRules,
    default_protection: Duration,
    follow_up: FollowUp,
) -> ApiResult<Written> {
    let now = follow_up.created_at;
    let (cadence, rules_of_grading) = (&project.cadence, &project.grading);
    let protection = crate::projects::service::protection_from(project.protection_days, default_protection);
    let contact = Contact {
        channel: follow_up.channel,
        initiated_by: follow_up.initiated_by,
        happened_at: follow_up.happened_at,
        next_follow_up_at: follow_up.next_follow_up_at,
        next_purpose: follow_up.next_purpose,
        decision_maker_present: follow_up.decision_maker_present,
    };
    let before = lead.activity();
    let mut after = after_contact(&before, lead.grade, &contact, cadence, now, protection);
    follow_up.insert(conn)?;
    let mut version = model::write_activity(conn, lead.id, &after)?;
    if after.status != before.status {
        let moved = model::StatusMove { to_status: after.status, moved_at: now, ..model::StatusMove::of(&lead.into()) };
        moved.record(conn)?;
    }
    let facts = facts_after(lead, &after);
    let grade = grading::service::regrade_known(conn, &facts, rules_of_grading, GradeCause::FollowUp, &actor.into())?;
    // The grade sets the cadence: a plan the cadence made follows the new grade.
    let planned_by_cadence = contact.next_follow_up_at.is_none()
        && after.next_follow_up_at == Some(cadence.next_after(lead.grade, contact.happened_at));
    if planned_by_cadence && Some(grade) != lead.grade {
        after.next_follow_up_at = Some(cadence.next_after(Some(grade), contact.happened_at));
        version = model::write_activity(conn, lead.id, &after)?;
    }
    audit::record(conn, actor.into(), audit_entry(&follow_up, &before, &after))?;
    Ok(Written { follow_up, after, grade, version })
}

/// What grading reads of the lead, as the contact left it: the locked row with its new
/// activity (the row is not read a third time).
fn facts_after(lead: &Lead, after: &LeadActivity) -> LeadFacts {
    LeadFacts {
        id: lead.id,
        project_id: lead.project_id,
        grade: lead.grade,
        status: after.status,
        visit_count: after.visit_count,
        show_flat_visits: after.show_flat_visits,
        call_count: after.call_count,
        last_interaction_at: after.last_interaction_at,
        last_contact_channel: after.last_contact_channel,
        budget_max_fen: lead.budget_max_fen,
        down_payment_fen: lead.down_payment_fen,
        decision_cycle_days: lead.decision_cycle_days,
        decision_maker_visited: after.decision_maker_visited,
    }
}

fn audit_entry(follow_up: &FollowUp, before: &LeadActivity, after: &LeadActivity) -> Entry {
    // The content is the salesperson's notes about a person: it stays in the follow-up.
    Entry::new(AuditAction::FollowUpCreate, follow_up.id.0)
        .project(follow_up.project_id.0)
        .set("lead_id", follow_up.lead_id.0)
        .set("channel", follow_up.channel)
        .set("purpose", follow_up.purpose)
        .set("happened_at", follow_up.happened_at.and_utc())
        .change("lead.status", before.status, after.status)
        .change("lead.next_follow_up_at", before.next_follow_up_at, after.next_follow_up_at)
        .change("lead.visit_count", before.visit_count, after.visit_count)
        .change("lead.call_count", before.call_count, after.call_count)
        .change("lead.show_flat_visits", before.show_flat_visits, after.show_flat_visits)
}

fn progress(after: &LeadActivity, grade: Option<Grade>, version: i32) -> LeadProgress {
    LeadProgress {
        grade,
        status: after.status,
        visit_count: after.visit_count,
        call_count: after.call_count,
        show_flat_visits: after.show_flat_visits,
        last_interaction_at: after.last_interaction_at.and_utc(),
        next_follow_up_at: after.next_follow_up_at.map(|t| t.and_utc()),
        next_purpose: after.next_purpose,
        protected_until: after.protected_until.and_utc(),
        version,
    }
}
