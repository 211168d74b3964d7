//! Care (关怀) on the agenda: a project's care rules, and the care tasks planned from them
//! (festivals, purchase anniversaries, the countdown to the handover). Birthdays are read
//! from the buyers themselves; the other occasions are planned a week ahead by the
//! `care_reminders` job, which reads the deals they come from. Only buyers whose marketing
//! consent is granted are cared for, and each task names the channel that consent came
//! through.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::{Conn, Id};
use crate::schema::{care_rules, care_tasks, deals, leads};

crate::text_enum! {
    /// Why a buyer is cared for on a day.
    pub enum CareKind {
        /// Their birthday.
        Birthday = "birthday",
        /// A festival of the project's calendar (春节, 中秋, …).
        Festival = "festival",
        /// The anniversary of their signing.
        PurchaseAnniversary = "purchase_anniversary",
        /// Some days before their home is handed over (交房前).
        DeliveryCountdown = "delivery_countdown",
    }
}

/// A festival and its dates (festivals of the lunar calendar move every year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Festival {
    /// 春节, 中秋, 端午, …
    #[schema(min_length = 1, max_length = 32)]
    pub name: String,
    /// Its day in each year the project cares about.
    #[schema(min_items = 1, max_items = 20)]
    pub dates: Vec<NaiveDate>,
}

/// What a project cares for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareRules {
    pub birthdays: bool,
    pub purchase_anniversaries: bool,
    /// Days before the handover to care; `None`: no countdown.
    pub delivery_countdown_days: Option<i32>,
    pub festivals: Vec<Festival>,
    pub version: i32,
}

impl Default for CareRules {
    /// Birthdays, anniversaries and the countdown three months before the handover (交房前3个月);
    /// no festivals until a manager sets their dates.
    fn default() -> Self {
        CareRules {
            birthdays: true,
            purchase_anniversaries: true,
            delivery_countdown_days: Some(90),
            festivals: Vec::new(),
            version: 0,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = care_rules)]
struct RulesRow {
    project_id: Id,
    birthdays: bool,
    purchase_anniversaries: bool,
    delivery_countdown_days: Option<i32>,
    festivals: String,
    version: i32,
    updated_by: Id,
    updated_at: NaiveDateTime,
}

/// The project's care rules: its own, or the default.
pub fn rules_of(conn: &mut Conn, project: Id) -> QueryResult<CareRules> {
    let Some(row) = care_rules::table.find(project).select(RulesRow::as_select()).first(conn).optional()? else {
        return Ok(CareRules::default());
    };
    Ok(CareRules {
        birthdays: row.birthdays,
        purchase_anniversaries: row.purchase_anniversaries,
        delivery_countdown_days: row.delivery_countdown_days,
        festivals: serde_json::from_str(&row.festivals).unwrap_or_default(),
        version: row.version,
    })
}

/// Which of these projects care for birthdays (the default does).
pub fn caring_for_birthdays(conn: &mut Conn, projects: &[Id]) -> QueryResult<Vec<Id>> {
    let opted_out: Vec<Id> = care_rules::table
        .filter(care_rules::project_id.eq_any(projects.to_vec()))
        .filter(care_rules::birthdays.eq(false))
        .select(care_rules::project_id)
        .load(conn)?;
    Ok(projects.iter().copied().filter(|p| !opted_out.contains(p)).collect())
}

/// Stores the project's rules (replacing the ones before); answers them with their version.
pub fn store_rules(
    conn: &mut Conn,
    project: Id,
    rules: &CareRules,
    by: Id,
    at: NaiveDateTime,
) -> QueryResult<CareRules> {
    let version = rules_of(conn, project)?.version + 1;
    let row = RulesRow {
        project_id: project,
        birthdays: rules.birthdays,
        purchase_anniversaries: rules.purchase_anniversaries,
        delivery_countdown_days: rules.delivery_countdown_days,
        festivals: serde_json::to_string(&rules.festivals).unwrap_or_else(|_| "[]".to_owned()),
        version,
        updated_by: by,
        updated_at: at,
    };
    if crate::db::insert_or_ignore!(conn, care_rules::table, &row)? == 0 {
        diesel::update(care_rules::table.find(project)).set(&row).execute(conn)?;
    }
    Ok(CareRules { version, ..rules.clone() })
}

/// A care task on the buyer's salesperson's agenda, on its day.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = care_tasks)]
pub struct CareTask {
    pub lead_id: Id,
    pub kind: CareKind,
    pub due_on: NaiveDate,
    pub project_id: Id,
    /// What the day is: "春节", "购房2周年", "交房前90天（2027-06-30交房）".
    pub occasion: String,
    /// The channel the buyer's consent came through, when the task was planned.
    pub consent_channel: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Plans the tasks; one per buyer, kind and day (planning again adds nothing). Answers the
/// tasks that are new.
pub fn plan_tasks(conn: &mut Conn, tasks: Vec<CareTask>) -> QueryResult<Vec<CareTask>> {
    let mut added = Vec::new();
    for task in tasks {
        if crate::db::insert_or_ignore!(conn, care_tasks::table, &task)? > 0 {
            added.push(task);
        }
    }
    Ok(added)
}

/// The care tasks due in `[from, to]` of the live leads `owner` holds in `projects` who
/// still consent to contact and still hold a signed deal (every planned occasion comes from
/// one: a deal cancelled since takes its care with it).
pub fn tasks_of(
    conn: &mut Conn,
    owner: Id,
    projects: &[Id],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<CareTask>> {
    // `deals.status` as stored: the deals module (above this one) names it `DealStatus::Signed`.
    let signed = deals::table.filter(deals::lead_id.eq(care_tasks::lead_id)).filter(deals::status.eq("signed"));
    care_tasks::table
        .inner_join(leads::table.on(leads::id.eq(care_tasks::lead_id)))
        .filter(leads::owner_id.eq(owner))
        .filter(leads::project_id.eq_any(projects.to_vec()))
        .filter(leads::deleted_at.is_null())
        .filter(leads::marketing_consent.eq(true))
        .filter(care_tasks::due_on.ge(from))
        .filter(care_tasks::due_on.le(to))
        .filter(diesel::dsl::exists(signed))
        .order((care_tasks::due_on.asc(), care_tasks::lead_id.asc()))
        .select(CareTask::as_select())
        .load(conn)
}

/// The project's live buyers with marketing consent among `leads`, with the channel it came
/// through: whom care may reach.
pub fn consenting(conn: &mut Conn, project: Id, among: &[Id]) -> QueryResult<Vec<(Id, Option<String>)>> {
    let mut found = Vec::new();
    for chunk in among.chunks(500) {
        let rows: Vec<(Id, Option<String>)> = leads::table
            .filter(leads::project_id.eq(project))
            .filter(leads::id.eq_any(chunk.to_vec()))
            .filter(leads::deleted_at.is_null())
            .filter(leads::marketing_consent.eq(true))
            .select((leads::id, leads::consent_channel))
            .load(conn)?;
        found.extend(rows);
    }
    Ok(found)
}

/// Forgets the tasks of `kind` planned for these leads from `from` on (their occasion moved:
/// a building's handover date changed); the next planning makes them again.
pub fn unplan(conn: &mut Conn, leads: &[Id], kind: CareKind, from: NaiveDate) -> QueryResult<usize> {
    let mut forgotten = 0;
    for chunk in leads.chunks(500) {
        forgotten += diesel::delete(
            care_tasks::table
                .filter(care_tasks::lead_id.eq_any(chunk.to_vec()))
                .filter(care_tasks::kind.eq(kind))
                .filter(care_tasks::due_on.ge(from)),
        )
        .execute(conn)?;
    }
    Ok(forgotten)
}
