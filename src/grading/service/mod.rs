//! Grading rules in action. The engine grades a batch of leads of one project: it reads
//! their facts (three queries a batch), scores them, and writes only what changed — the
//! grade rows, `leads.grade` for moved leads, the history and the audit trail. Every
//! path (one lead after a follow-up, a whole project after new rules, the nightly
//! `anchang regrade`) goes through it.

mod overrides;
mod recompute;
mod rules;

pub use overrides::{clear_override, find_grade, history, set_override};
pub use recompute::{preview, recompute, recompute_all};
pub use rules::{find_rules, save_rules};

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;

use super::model::{self, CurrentRules, GradeChange, LeadFacts, LeadGrade};
use super::score::{score, Facts, Scored};
use super::{GradeCause, GradeSource};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::db::{Conn, Id};
use crate::error::ApiResult;
use crate::schema::{follow_ups, intents, lead_grades, leads};
use crate::words::{Grade, LeadStatus};

/// A lead graded: where it was, where it is now.
#[derive(Debug, Clone)]
pub(crate) struct Graded {
    pub lead_id: Id,
    pub before: Option<Grade>,
    pub after: Grade,
    pub source: GradeSource,
    pub grade: LeadGrade,
    pub previous_score: Option<f64>,
    pub changed: bool,
}

fn facts_of(row: &LeadFacts, contacts_in_window: i32, intents: i32, now: NaiveDateTime) -> Facts {
    Facts {
        visits: row.visit_count,
        show_flat_visits: row.show_flat_visits,
        customer_calls: row.call_count,
        subscribed: matches!(row.status, LeadStatus::Subscribed | LeadStatus::Reserved | LeadStatus::Signed),
        intents,
        days_since_contact: row.last_contact_channel.map(|_| (now - row.last_interaction_at).num_days().max(0)),
        contacts_in_window,
        budget_max_fen: row.budget_max_fen,
        down_payment_fen: row.down_payment_fen,
        decision_cycle_days: row.decision_cycle_days,
        decision_maker_visited: row.decision_maker_visited,
    }
}

/// Scores a batch of one project's leads without writing anything.
pub(crate) fn evaluate(
    conn: &mut Conn,
    rows: &[LeadFacts],
    rules: &CurrentRules,
    now: NaiveDateTime,
) -> ApiResult<Vec<Graded>> {
    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
    let since = now - Duration::days(i64::from(rules.rules.frequency_window_days));
    let contacts: HashMap<Id, i64> = follow_ups::table
        .filter(follow_ups::lead_id.eq_any(&ids))
        .filter(follow_ups::happened_at.ge(since))
        .group_by(follow_ups::lead_id)
        .select((follow_ups::lead_id, diesel::dsl::count_star()))
        .load::<(Id, i64)>(conn)?
        .into_iter()
        .collect();
    let intents: HashMap<Id, i64> = intents::table
        .filter(intents::lead_id.eq_any(&ids))
        .group_by(intents::lead_id)
        .select((intents::lead_id, diesel::dsl::count_star()))
        .load::<(Id, i64)>(conn)?
        .into_iter()
        .collect();
    let mut existing: HashMap<Id, LeadGrade> = lead_grades::table
        .filter(lead_grades::lead_id.eq_any(&ids))
        .select(LeadGrade::as_select())
        .load::<LeadGrade>(conn)?
        .into_iter()
        .map(|g| (g.lead_id, g))
        .collect();
    Ok(rows
        .iter()
        .map(|row| {
            let in_window = contacts.get(&row.id).copied().unwrap_or(0);
            let wished = intents.get(&row.id).copied().unwrap_or(0);
            grade_one(row, in_window, wished, existing.remove(&row.id), rules, now)
        })
        .collect())
}

/// Scores one lead from its facts, its counts and its grade row so far.
fn grade_one(
    row: &LeadFacts,
    contacts_in_window: i64,
    intents: i64,
    old: Option<LeadGrade>,
    rules: &CurrentRules,
    now: NaiveDateTime,
) -> Graded {
    let facts =
        facts_of(row, i32::try_from(contacts_in_window).unwrap_or(i32::MAX), i32::try_from(intents).unwrap_or(3), now);
    let Scored { score, grade, components } = score(&rules.rules, &facts);
    let previous_score = old.as_ref().map(|o| o.score);
    let kept = old.clone();
    let new = LeadGrade {
        lead_id: row.id,
        project_id: row.project_id,
        score,
        auto_grade: grade,
        components: serde_json::to_string(&components).unwrap_or_else(|_| "[]".into()),
        rules_version: rules.version,
        computed_at: now,
        override_grade: kept.as_ref().and_then(|o| o.override_grade),
        override_reason: kept.as_ref().and_then(|o| o.override_reason.clone()),
        override_by: kept.as_ref().and_then(|o| o.override_by),
        override_at: kept.as_ref().and_then(|o| o.override_at),
        override_until: kept.and_then(|o| o.override_until),
    }
    .without_expired_override(now);
    let changed = old.is_none_or(|o| {
        o.score != new.score
            || o.auto_grade != new.auto_grade
            || o.rules_version != new.rules_version
            || o.override_grade != new.override_grade
    });
    let (after, source) = new.effective(now);
    Graded { lead_id: row.id, before: row.grade, after, source, grade: new, previous_score, changed }
}

/// Grades a batch of one project's leads and writes what changed.
pub(crate) fn grade_batch(
    conn: &mut Conn,
    rows: &[LeadFacts],
    rules: &CurrentRules,
    cause: GradeCause,
    who: &Who<'_>,
    now: NaiveDateTime,
) -> ApiResult<Vec<Graded>> {
    let graded = evaluate(conn, rows, rules, now)?;
    write_graded(conn, graded, rules, cause, who, now)
}

/// Writes what grading changed: the grade rows, `leads.grade` of the leads that moved,
/// their history and audit events.
fn write_graded(
    conn: &mut Conn,
    graded: Vec<Graded>,
    rules: &CurrentRules,
    cause: GradeCause,
    who: &Who<'_>,
    now: NaiveDateTime,
) -> ApiResult<Vec<Graded>> {
    let changed: Vec<LeadGrade> = graded.iter().filter(|g| g.changed).map(|g| g.grade.clone()).collect();
    model::upsert(conn, &changed)?;
    let moved: Vec<&Graded> = graded.iter().filter(|g| g.before != Some(g.after)).collect();
    for grade in [Grade::A, Grade::B, Grade::C, Grade::D] {
        let ids: Vec<Id> = moved.iter().filter(|g| g.after == grade).map(|g| g.lead_id).collect();
        if !ids.is_empty() {
            diesel::update(leads::table.filter(leads::id.eq_any(ids))).set(leads::grade.eq(grade)).execute(conn)?;
        }
    }
    let history: Vec<GradeChange> = moved
        .iter()
        .map(|g| GradeChange {
            id: Id::new(),
            lead_id: g.lead_id,
            project_id: g.grade.project_id,
            grade_before: g.before,
            grade_after: g.after,
            score_before: g.previous_score,
            score_after: g.grade.score,
            source: g.source,
            cause,
            actor_id: who.actor_id.map(Id),
            rules_version: rules.version,
            created_at: now,
            override_reason: (g.source == GradeSource::Manual).then(|| g.grade.override_reason.clone()).flatten(),
            override_until: (g.source == GradeSource::Manual).then_some(g.grade.override_until).flatten(),
        })
        .collect();
    model::append_history(conn, &history)?;
    let entries = moved
        .iter()
        .map(|g| {
            let entry = Entry::new(AuditAction::LeadGradeChange, g.lead_id.0)
                .project(g.grade.project_id.0)
                .change("grade", g.before, Some(g.after))
                .note("score", g.grade.score)
                .note("source", g.source)
                .note("cause", cause);
            // An override's reason travels with the change it made (the feed tells this event).
            match (g.source == GradeSource::Manual).then_some(g.grade.override_reason.as_ref()).flatten() {
                Some(reason) => entry.note("reason", reason),
                None => entry,
            }
        })
        .collect();
    audit::record_all(conn, who.clone(), entries)?;
    Ok(graded)
}

/// Grades these leads (of any projects), a batch at a time: after an import.
pub fn grade_leads(conn: &mut Conn, ids: &[Id], cause: GradeCause, who: &Who<'_>) -> ApiResult<()> {
    let now = crate::db::now();
    let mut rules_of: HashMap<Id, CurrentRules> = HashMap::new();
    crate::db::with_custom_plans(conn, |conn| grade_chunks(conn, ids, &mut rules_of, cause, who, now))
}

fn grade_chunks(
    conn: &mut Conn,
    ids: &[Id],
    rules_of: &mut HashMap<Id, CurrentRules>,
    cause: GradeCause,
    who: &Who<'_>,
    now: NaiveDateTime,
) -> ApiResult<()> {
    for chunk in ids.chunks(1_000) {
        let rows: Vec<LeadFacts> =
            leads::table.filter(leads::id.eq_any(chunk)).select(LeadFacts::as_select()).load(conn)?;
        let mut by_project: HashMap<Id, Vec<LeadFacts>> = HashMap::new();
        for row in rows {
            by_project.entry(row.project_id).or_default().push(row);
        }
        for (project, rows) in by_project {
            let rules = match rules_of.entry(project) {
                std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => slot.insert(model::current_rules(conn, project)?),
            };
            grade_batch(conn, &rows, rules, cause, who, now)?;
        }
    }
    Ok(())
}

/// Grades one lead after an event that changed its facts; returns its grade now. Two
/// reads (the project's rules; the lead with its grade row and counts), then the writes.
pub fn regrade(conn: &mut Conn, lead_id: Id, cause: GradeCause, who: &Who<'_>) -> ApiResult<Grade> {
    let rules = model::current_rules_of_lead(conn, lead_id)?;
    regrade_under(conn, lead_id, &rules, cause, who)
}

/// [`regrade_under`] for a lead whose facts the caller holds, as they are now in this
/// transaction (a follow-up locked the lead and wrote its activity): the grade row and the
/// counts are read without the lead's row.
///
/// The contacts in the window are counted as far as the score can use them (its
/// `frequency_for_full`); a grade row that is written keeps the exact number among its
/// components, so only then, and only past that point, are they counted in full. The score
/// is the same either way: its frequency points saturate there.
pub fn regrade_known(
    conn: &mut Conn,
    facts: &LeadFacts,
    rules: &CurrentRules,
    cause: GradeCause,
    who: &Who<'_>,
) -> ApiResult<Grade> {
    let (now, since) = window_of(rules);
    let enough = i64::from(rules.rules.frequency_for_full.max(1));
    let Some(known) = model::grade_and_counts(conn, facts.id, since, enough)? else {
        // Never graded: the lead's own statement counts too.
        let one = model::OneLead { facts: facts.clone(), ..model::one_lead(conn, facts.id, since)? };
        return write_one(conn, one, rules, cause, who, now);
    };
    let grade_with = |contacts| grade_one(facts, contacts, known.intents, Some(known.grade.clone()), rules, now);
    let mut graded = grade_with(known.contacts_in_window);
    if graded.changed && known.contacts_in_window >= enough {
        graded = grade_with(model::contacts_since(conn, facts.id, since)?);
    }
    let after = graded.after;
    write_graded(conn, vec![graded], rules, cause, who, now)?;
    Ok(after)
}

/// [`regrade`] under rules the caller has read already (of the lead's project): one read.
pub fn regrade_under(
    conn: &mut Conn,
    lead_id: Id,
    rules: &CurrentRules,
    cause: GradeCause,
    who: &Who<'_>,
) -> ApiResult<Grade> {
    let (now, since) = window_of(rules);
    let one = model::one_lead(conn, lead_id, since)?;
    write_one(conn, one, rules, cause, who, now)
}

/// Now, and the start of the rules' contact-frequency window.
fn window_of(rules: &CurrentRules) -> (NaiveDateTime, NaiveDateTime) {
    let now = crate::db::now();
    (now, now - Duration::days(i64::from(rules.rules.frequency_window_days)))
}

/// Grades one lead from what was read and writes what changed; its grade now.
fn write_one(
    conn: &mut Conn,
    one: model::OneLead,
    rules: &CurrentRules,
    cause: GradeCause,
    who: &Who<'_>,
    now: NaiveDateTime,
) -> ApiResult<Grade> {
    let graded = grade_one(&one.facts, one.contacts_in_window, one.intents, one.grade, rules, now);
    let after = graded.after;
    write_graded(conn, vec![graded], rules, cause, who, now)?;
    Ok(after)
}
