//! Diesel structs of grading: rules versions, each lead's grade, and the history.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::GradingRules;
use super::{GradeCause, GradeSource};
use crate::db::{Conn, Id};
use crate::schema::{follow_ups, grade_history, grading_rules, intents, lead_grades, leads};
use crate::words::{Grade, LeadStatus};

/// A saved version of a project's rules.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = grading_rules)]
pub struct RulesVersion {
    pub project_id: Id,
    pub version: i32,
    pub rules: String,
    pub created_by: Option<Id>,
    pub created_at: NaiveDateTime,
}

/// The rules a project grades by now: its latest saved version, or the defaults (version 0).
#[derive(Debug, Clone)]
pub struct CurrentRules {
    pub version: i32,
    pub rules: GradingRules,
    pub saved: Option<RulesVersion>,
}

/// The project's current rules.
pub fn current_rules(conn: &mut Conn, project_id: Id) -> QueryResult<CurrentRules> {
    latest_of(conn, grading_rules::table.filter(grading_rules::project_id.eq(project_id)).into_boxed())
}

/// The current rules of the project a lead is in, the project found by subquery.
pub fn current_rules_of_lead(conn: &mut Conn, lead_id: Id) -> QueryResult<CurrentRules> {
    let project = leads::table.filter(leads::id.eq(lead_id)).select(leads::project_id);
    latest_of(conn, grading_rules::table.filter(grading_rules::project_id.eq_any(project)).into_boxed())
}

/// The latest of one project's saved versions, or the defaults.
fn latest_of(
    conn: &mut Conn,
    versions: grading_rules::BoxedQuery<'_, crate::db::MultiBackend>,
) -> QueryResult<CurrentRules> {
    let saved =
        versions.order(grading_rules::version.desc()).select(RulesVersion::as_select()).first(conn).optional()?;
    Ok(CurrentRules::from_saved(saved))
}

impl CurrentRules {
    /// The rules of a project's latest saved version, or the defaults (version 0).
    pub fn from_saved(saved: Option<RulesVersion>) -> Self {
        match saved {
            // Rules are validated before they are saved; a row that no longer parses (a
            // field renamed since) falls back to the defaults rather than failing every write.
            Some(row) => CurrentRules {
                version: row.version,
                rules: serde_json::from_str(&row.rules).unwrap_or_default(),
                saved: Some(row),
            },
            None => CurrentRules { version: 0, rules: GradingRules::default(), saved: None },
        }
    }
}

/// A lead's computed grade and any override.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = lead_grades)]
pub struct LeadGrade {
    pub lead_id: Id,
    pub project_id: Id,
    pub score: f64,
    pub auto_grade: Grade,
    pub components: String,
    pub rules_version: i32,
    pub computed_at: NaiveDateTime,
    pub override_grade: Option<Grade>,
    pub override_reason: Option<String>,
    pub override_by: Option<Id>,
    pub override_at: Option<NaiveDateTime>,
    pub override_until: Option<NaiveDateTime>,
}

impl LeadGrade {
    /// The override, while it holds.
    pub fn active_override(&self, now: NaiveDateTime) -> Option<Grade> {
        self.override_grade.filter(|_| self.override_until.is_none_or(|until| until > now))
    }

    /// The grade in force: the override while it holds, else the automatic one.
    pub fn effective(&self, now: NaiveDateTime) -> (Grade, GradeSource) {
        match self.active_override(now) {
            Some(grade) => (grade, GradeSource::Manual),
            None => (self.auto_grade, GradeSource::Auto),
        }
    }

    /// Drops an override whose time is up.
    pub fn without_expired_override(mut self, now: NaiveDateTime) -> Self {
        if self.override_grade.is_some() && self.active_override(now).is_none() {
            self.override_grade = None;
            self.override_reason = None;
            self.override_by = None;
            self.override_at = None;
            self.override_until = None;
        }
        self
    }

    /// The stored grade of a lead.
    pub fn find(conn: &mut Conn, lead_id: Id) -> QueryResult<Option<LeadGrade>> {
        lead_grades::table.find(lead_id).select(LeadGrade::as_select()).first(conn).optional()
    }
}

/// Writes grades, inserting or replacing each row.
pub fn upsert(conn: &mut Conn, rows: &[LeadGrade]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    use lead_grades as g;
    // One statement per batch on PostgreSQL: recomputing 100,000 leads is 100 round trips.
    crate::db::insert_batch!(conn, rows, |c, values| diesel::insert_into(g::table)
        .values(values)
        .on_conflict(g::lead_id)
        .do_update()
        .set((
            g::score.eq(excluded(g::score)),
            g::auto_grade.eq(excluded(g::auto_grade)),
            g::components.eq(excluded(g::components)),
            g::rules_version.eq(excluded(g::rules_version)),
            g::computed_at.eq(excluded(g::computed_at)),
            g::override_grade.eq(excluded(g::override_grade)),
            g::override_reason.eq(excluded(g::override_reason)),
            g::override_by.eq(excluded(g::override_by)),
            g::override_at.eq(excluded(g::override_at)),
            g::override_until.eq(excluded(g::override_until)),
        ))
        .execute(c))
}

/// The facts of a lead that grading reads.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = leads)]
pub struct LeadFacts {
    pub id: Id,
    pub project_id: Id,
    pub grade: Option<Grade>,
    pub status: LeadStatus,
    pub visit_count: i32,
    pub show_flat_visits: i32,
    pub call_count: i32,
    pub last_interaction_at: NaiveDateTime,
    pub last_contact_channel: Option<crate::words::Channel>,
    pub budget_max_fen: Option<i64>,
    pub down_payment_fen: Option<i64>,
    pub decision_cycle_days: Option<i32>,
    pub decision_maker_visited: bool,
}

/// What grading one lead reads, in one statement: its facts, its grade row (none before
/// its first grading), its contacts since `since` and its unit intents.
pub struct OneLead {
    pub facts: LeadFacts,
    pub grade: Option<LeadGrade>,
    pub contacts_in_window: i64,
    pub intents: i64,
}

/// [`OneLead`] for `lead_id`: the lead joined with its grade, the two counts as
/// subqueries on their lead indexes.
pub fn one_lead(conn: &mut Conn, lead_id: Id, since: NaiveDateTime) -> QueryResult<OneLead> {
    let contacts = follow_ups::table
        .filter(follow_ups::lead_id.eq(leads::id))
        .filter(follow_ups::happened_at.ge(since))
        .count()
        .single_value();
    let wished = intents::table.filter(intents::lead_id.eq(leads::id)).count().single_value();
    let (facts, grade, contacts, wished) = leads::table
        .left_join(lead_grades::table.on(lead_grades::lead_id.eq(leads::id)))
        .filter(leads::id.eq(lead_id))
        .select((LeadFacts::as_select(), Option::<LeadGrade>::as_select(), contacts, wished))
        .first::<(LeadFacts, Option<LeadGrade>, Option<i64>, Option<i64>)>(conn)?;
    Ok(OneLead { facts, grade, contacts_in_window: contacts.unwrap_or(0), intents: wished.unwrap_or(0) })
}

/// What grading reads besides the lead itself, from the lead's grade row: the row and the
/// two counts of [`OneLead`]. For a caller that holds the lead already (a follow-up locked
/// it), so the lead's row, which every contact rewrites, is not looked up again. `None`
/// when the lead was never graded.
///
/// The contacts in the window are counted only up to `enough`: when the lead has that many,
/// the answer is `enough` and the rest are not read. A busy buyer's contacts pile up, and
/// the score stops growing at the rules' `frequency_for_full` anyway (see
/// [`contacts_since`] for the exact count).
pub fn grade_and_counts(
    conn: &mut Conn,
    lead_id: Id,
    since: NaiveDateTime,
    enough: i64,
) -> QueryResult<Option<GradeAndCounts>> {
    use diesel::dsl::{case_when, exists};
    use diesel::sql_types::{BigInt, Nullable};
    let in_window = || {
        follow_ups::table.filter(follow_ups::lead_id.eq(lead_grades::lead_id)).filter(follow_ups::happened_at.ge(since))
    };
    // Whether an `enough`-th contact exists: at most `enough` index entries read, where
    // `count(*)` reads them all. The CASE evaluates the count only when it does not.
    let has_enough = exists(in_window().select(follow_ups::id).offset(enough.max(1) - 1).limit(1));
    let contacts =
        case_when(has_enough, enough.into_sql::<Nullable<BigInt>>()).otherwise(in_window().count().single_value());
    let wished = intents::table.filter(intents::lead_id.eq(lead_grades::lead_id)).count().single_value();
    let found = lead_grades::table
        .filter(lead_grades::lead_id.eq(lead_id))
        .select((LeadGrade::as_select(), contacts, wished))
        .first::<(LeadGrade, Option<i64>, Option<i64>)>(conn)
        .optional()?;
    Ok(found.map(|(grade, contacts, wished)| GradeAndCounts {
        grade,
        contacts_in_window: contacts.unwrap_or(0),
        intents: wished.unwrap_or(0),
    }))
}

/// The lead's contacts since `since`, all of them counted.
pub fn contacts_since(conn: &mut Conn, lead_id: Id, since: NaiveDateTime) -> QueryResult<i64> {
    follow_ups::table
        .filter(follow_ups::lead_id.eq(lead_id))
        .filter(follow_ups::happened_at.ge(since))
        .count()
        .get_result(conn)
}

/// See [`grade_and_counts`].
pub struct GradeAndCounts {
    pub grade: LeadGrade,
    /// Exact below the `enough` it was counted to; that number when there are as many or more.
    pub contacts_in_window: i64,
    pub intents: i64,
}

/// One change of a lead's grade.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = grade_history)]
pub struct GradeChange {
    pub id: Id,
    pub lead_id: Id,
    pub project_id: Id,
    pub grade_before: Option<Grade>,
    pub grade_after: Grade,
    pub score_before: Option<f64>,
    pub score_after: f64,
    pub source: GradeSource,
    pub cause: GradeCause,
    pub actor_id: Option<Id>,
    pub rules_version: i32,
    pub created_at: NaiveDateTime,
    /// A manual grade's reason, as given then.
    pub override_reason: Option<String>,
    /// A manual grade's expiry, as set then.
    pub override_until: Option<NaiveDateTime>,
}

/// Appends grade changes.
pub fn append_history(conn: &mut Conn, rows: &[GradeChange]) -> QueryResult<()> {
    crate::db::insert_batch!(conn, rows, |c, values| diesel::insert_into(grade_history::table)
        .values(values)
        .execute(c))
}
