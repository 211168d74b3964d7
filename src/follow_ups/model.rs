//! Diesel structs of follow-ups and of a project's cadence.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::cadence::Cadence;
use crate::auth::model::display_name_of;
use crate::auth::Condition;
use crate::db::{Conn, Id};
use crate::grading::model::{CurrentRules, RulesVersion};
use crate::leads::model::Lead;
use crate::schema::{follow_ups, grading_rules, leads, project_cadences, project_protection_rules};
use crate::words::{Channel, ChannelCredit, ContactPurpose, InitiatedBy, SourceChannel};

/// A stored follow-up.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = follow_ups)]
pub struct FollowUp {
    pub id: Id,
    pub lead_id: Id,
    pub project_id: Id,
    pub author_id: Id,
    pub channel: Channel,
    pub purpose: ContactPurpose,
    pub content: String,
    pub customer_feedback: Option<String>,
    pub happened_at: NaiveDateTime,
    pub duration_seconds: Option<i32>,
    pub initiated_by: InitiatedBy,
    pub next_follow_up_at: Option<NaiveDateTime>,
    pub next_purpose: Option<ContactPurpose>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub decision_maker_present: bool,
    /// The buyer's channel when the contact happened (its author is who it counts for).
    pub source_channel: SourceChannel,
    pub channel_id: Option<Id>,
}

/// What its author may still change within the edit window.
#[derive(Debug, Clone, AsChangeset, serde::Serialize)]
#[diesel(table_name = follow_ups, treat_none_as_null = true)]
pub struct FollowUpEdit {
    pub purpose: ContactPurpose,
    pub content: String,
    pub customer_feedback: Option<String>,
    pub duration_seconds: Option<i32>,
    pub next_follow_up_at: Option<NaiveDateTime>,
    pub next_purpose: Option<ContactPurpose>,
}

impl FollowUp {
    /// The follow-up with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<FollowUp>> {
        follow_ups::table.find(id).select(FollowUp::as_select()).first(conn).optional()
    }

    /// Appends the follow-up.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(follow_ups::table).values(self).execute(conn).map(|_| ())
    }

    /// The editable part, to be changed and written back.
    pub fn edit(&self) -> FollowUpEdit {
        FollowUpEdit {
            purpose: self.purpose,
            content: self.content.clone(),
            customer_feedback: self.customer_feedback.clone(),
            duration_seconds: self.duration_seconds,
            next_follow_up_at: self.next_follow_up_at,
            next_purpose: self.next_purpose,
        }
    }
}

/// Whether no other follow-up of the same lead happened after this one (ties broken by id).
pub fn is_latest_of_lead(conn: &mut Conn, follow_up: &FollowUp) -> QueryResult<bool> {
    let later = follow_ups::table.filter(follow_ups::lead_id.eq(follow_up.lead_id)).filter(
        follow_ups::happened_at
            .gt(follow_up.happened_at)
            .or(follow_ups::happened_at.eq(follow_up.happened_at).and(follow_ups::id.gt(follow_up.id))),
    );
    diesel::select(diesel::dsl::not(diesel::dsl::exists(later))).get_result(conn)
}

/// Writes an edit when the stored version is still `expected_version`.
pub fn update(conn: &mut Conn, id: Id, expected_version: i32, edit: &FollowUpEdit) -> QueryResult<bool> {
    let updated = diesel::update(
        follow_ups::table.filter(follow_ups::id.eq(id)).filter(follow_ups::version.eq(expected_version)),
    )
    .set((edit, follow_ups::version.eq(follow_ups::version + 1), follow_ups::updated_at.eq(crate::db::now())))
    .execute(conn)?;
    Ok(updated == 1)
}

/// A project's cadence as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = project_cadences)]
pub struct CadenceRow {
    pub project_id: Id,
    pub a_days: i32,
    pub b_days: i32,
    pub c_days: i32,
    pub d_days: i32,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

impl CadenceRow {
    /// The cadence itself.
    pub fn cadence(&self) -> Cadence {
        Cadence { a_days: self.a_days, b_days: self.b_days, c_days: self.c_days, d_days: self.d_days }
    }
}

/// The stored cadence of a project, if a manager ever set one.
pub fn stored_cadence(conn: &mut Conn, project_id: Id) -> QueryResult<Option<CadenceRow>> {
    project_cadences::table.find(project_id).select(CadenceRow::as_select()).first(conn).optional()
}

/// The cadence a project follows: its own, or the default.
pub fn cadence_of(conn: &mut Conn, project_id: Id) -> QueryResult<Cadence> {
    Ok(stored_cadence(conn, project_id)?.map(|row| row.cadence()).unwrap_or_default())
}

/// What a contact with this lead is judged by, in one statement: its project's cadence, its
/// protection period and the grading rules it regrades the lead by (the subqueries of
/// [`rules_of_leads_project`]; a follow-up reads them with the lead's lock instead).
pub fn rules_of_lead(conn: &mut Conn, lead_id: Id) -> QueryResult<ProjectRules> {
    let (project_id, rules) =
        leads::table.filter(leads::id.eq(lead_id)).select((leads::project_id, rules_of_leads_project())).first(conn)?;
    Ok(project_rules(project_id, rules))
}

/// What a contact is judged by in its project: from [`rules_of_lead`], or read with the
/// lead's lock ([`lock_for_contact_pg`], [`find_for_contact`]). Each falls back to its
/// default when the project has none.
pub struct ProjectRules {
    pub cadence: Cadence,
    pub grading: CurrentRules,
    /// The project's own lead protection in days; `None`: the server's default.
    pub protection_days: Option<i32>,
}

/// The cadences of several projects, in one query; projects without one get the default.
pub fn cadences_of(conn: &mut Conn, projects: &[Id]) -> QueryResult<std::collections::HashMap<Id, Cadence>> {
    let rows: Vec<CadenceRow> = project_cadences::table
        .filter(project_cadences::project_id.eq_any(projects))
        .select(CadenceRow::as_select())
        .load(conn)?;
    let mut found: std::collections::HashMap<Id, Cadence> =
        rows.into_iter().map(|r| (r.project_id, r.cadence())).collect();
    for project in projects {
        found.entry(*project).or_default();
    }
    Ok(found)
}

/// Credits the lead's contacts from `since` (all of them when `None`) to a channel: what an
/// upheld appeal or a confirmed arrival corrects. Their authors keep them.
pub fn reattribute(conn: &mut Conn, lead: Id, since: Option<NaiveDateTime>, credit: ChannelCredit) -> QueryResult<()> {
    let mut contacts = diesel::update(follow_ups::table.filter(follow_ups::lead_id.eq(lead))).into_boxed();
    if let Some(since) = since {
        contacts = contacts.filter(follow_ups::happened_at.ge(since));
    }
    contacts
        .set((follow_ups::source_channel.eq(credit.source_channel), follow_ups::channel_id.eq(credit.channel_id)))
        .execute(conn)
        .map(|_| ())
}

/// A lead locked for a contact, with what the contact is judged by, from one statement:
/// [`lock_for_contact_pg`] and [`find_for_contact`].
pub struct LeadForContact {
    pub lead: Lead,
    /// The reader's display name: the contact's author, shown in the answer.
    pub reader_name: Option<String>,
    pub rules: ProjectRules,
}

/// The live lead when `visible` (a data scope, a folded session check, `None` for
/// everything) lets its caller see it, locked until the transaction ends, with `reader`'s
/// display name and its project's rules ([`rules_of_lead`]) as subqueries on their
/// keys, in one `SELECT … FOR UPDATE` sent on PostgreSQL's own connection (diesel's
/// multi-backend statements cannot lock; subqueries, unlike joins, leave the other rows
/// unlocked).
pub fn lock_for_contact_pg(
    pg: &mut diesel::PgConnection,
    id: Id,
    reader: Id,
    visible: Option<Condition<leads::table, diesel::pg::Pg>>,
) -> QueryResult<Option<LeadForContact>> {
    let live = leads::table.filter(leads::id.eq(id)).filter(leads::deleted_at.is_null()).select((
        Lead::as_select(),
        display_name_of(reader),
        rules_of_leads_project(),
    ));
    // Not boxed: diesel locks only statically typed statements.
    let found = match visible {
        Some(visible) => live.filter(visible).for_update().first(pg).optional()?,
        None => live.for_update().first(pg).optional()?,
    };
    Ok(found.map(for_contact))
}

/// [`lock_for_contact_pg`] without the lock, for SQLite, whose `BEGIN IMMEDIATE` already
/// holds the database's write lock.
pub fn find_for_contact(
    conn: &mut Conn,
    id: Id,
    reader: Id,
    visible: Option<Condition<leads::table>>,
) -> QueryResult<Option<LeadForContact>> {
    let mut query = leads::table
        .filter(leads::id.eq(id))
        .filter(leads::deleted_at.is_null())
        .select((Lead::as_select(), display_name_of(reader), rules_of_leads_project()))
        .into_boxed();
    if let Some(visible) = visible {
        query = query.filter(visible);
    }
    Ok(query.first(conn).optional()?.map(for_contact))
}

/// What [`rules_of_leads_project`] reads: the cadence's four intervals, the protection
/// days, and the latest grading rules' version, text, author and time; each `None` when the
/// project has no such row.
type RulesColumns = (
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<String>,
    Option<Id>,
    Option<NaiveDateTime>,
);

/// The lead's project's rules, as subqueries correlated with the lead's row, each on its
/// table's project key (the grading rules' latest version first).
#[diesel::dsl::auto_type]
fn rules_of_leads_project() -> _ {
    let cadence = project_cadences::table.filter(project_cadences::project_id.eq(leads::project_id));
    let protection = project_protection_rules::table.filter(project_protection_rules::project_id.eq(leads::project_id));
    let latest = grading_rules::table
        .filter(grading_rules::project_id.eq(leads::project_id))
        .order(grading_rules::version.desc());
    (
        cadence.select(project_cadences::a_days).single_value(),
        cadence.select(project_cadences::b_days).single_value(),
        cadence.select(project_cadences::c_days).single_value(),
        cadence.select(project_cadences::d_days).single_value(),
        protection.select(project_protection_rules::lead_protection_days).single_value(),
        latest.select(grading_rules::version).single_value(),
        latest.select(grading_rules::rules).single_value(),
        latest.select(grading_rules::created_by).single_value(),
        latest.select(grading_rules::created_at).single_value(),
    )
}

fn for_contact((lead, reader_name, rules): (Lead, Option<String>, RulesColumns)) -> LeadForContact {
    let rules = project_rules(lead.project_id, rules);
    LeadForContact { lead, reader_name, rules }
}

/// The rules as read, each its default where the project has none.
fn project_rules(project_id: Id, rules: RulesColumns) -> ProjectRules {
    let (a_days, b_days, c_days, d_days, protection_days, version, text, created_by, created_at) = rules;
    let cadence = match (a_days, b_days, c_days, d_days) {
        (Some(a_days), Some(b_days), Some(c_days), Some(d_days)) => Cadence { a_days, b_days, c_days, d_days },
        _ => Cadence::default(),
    };
    let saved = match (version, text, created_at) {
        (Some(version), Some(rules), Some(created_at)) => {
            Some(RulesVersion { project_id, version, rules, created_by, created_at })
        }
        _ => None,
    };
    ProjectRules { cadence, grading: CurrentRules::from_saved(saved), protection_days }
}
