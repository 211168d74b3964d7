//! Diesel structs of projects and memberships.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::ReportPhoneMode;
use crate::auth::{Role, UserStatus};
use crate::db::{Conn, Id};
use crate::schema::{project_members, project_protection_rules, projects, users};

/// A stored project.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = projects)]
pub struct Project {
    pub id: Id,
    pub name: String,
    pub city: String,
    pub address: String,
    pub timezone: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A project about to be created.
#[derive(Debug, Insertable)]
#[diesel(table_name = projects)]
pub struct NewProject<'a> {
    pub id: Id,
    pub name: &'a str,
    pub city: &'a str,
    pub address: &'a str,
    pub timezone: &'a str,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a project; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = projects)]
pub struct ProjectChangeset {
    pub name: Option<String>,
    pub city: Option<String>,
    pub address: Option<String>,
    pub timezone: Option<String>,
}

/// A project's own protection rules; a project without a row protects for the server's
/// default (`ANCHANG_PROTECTION_DAYS`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = project_protection_rules, treat_none_as_null = true)]
pub struct ProtectionRow {
    pub project_id: Id,
    pub lead_protection_days: i32,
    pub version: i32,
    pub updated_by: Option<Id>,
    pub updated_at: NaiveDateTime,
    pub report_valid_days: i32,
    pub arrival_protection_days: i32,
    pub report_phone_mode: ReportPhoneMode,
    pub rotation_enabled: bool,
}

/// A report's validity without a visit, for a project without rules of its own.
pub const DEFAULT_REPORT_VALID_DAYS: i32 = 7;
/// How long an arrived reported customer stays with the channel, by default.
pub const DEFAULT_ARRIVAL_PROTECTION_DAYS: i32 = 90;

impl ProtectionRow {
    /// The rules of a project that set none: the server's lead protection, the defaults
    /// above, phones in full, rotation on; `version` 0.
    pub fn defaults(project_id: Id, lead_protection_days: i32) -> Self {
        Self {
            project_id,
            lead_protection_days,
            version: 0,
            updated_by: None,
            updated_at: NaiveDateTime::default(),
            report_valid_days: DEFAULT_REPORT_VALID_DAYS,
            arrival_protection_days: DEFAULT_ARRIVAL_PROTECTION_DAYS,
            report_phone_mode: ReportPhoneMode::Full,
            rotation_enabled: true,
        }
    }

    /// The project's row, if it set its own rules.
    pub fn find(conn: &mut Conn, project_id: Id) -> QueryResult<Option<ProtectionRow>> {
        project_protection_rules::table.find(project_id).select(ProtectionRow::as_select()).first(conn).optional()
    }

    /// The project's own lead protection in days, if it set one.
    pub fn lead_protection_days(conn: &mut Conn, project_id: Id) -> QueryResult<Option<i32>> {
        project_protection_rules::table
            .find(project_id)
            .select(project_protection_rules::lead_protection_days)
            .first(conn)
            .optional()
    }

    /// [`Self::lead_protection_days`] of several projects: those that set their own.
    pub fn lead_protection_days_of(
        conn: &mut Conn,
        projects: &[Id],
    ) -> QueryResult<std::collections::HashMap<Id, i32>> {
        let rows: Vec<(Id, i32)> = project_protection_rules::table
            .filter(project_protection_rules::project_id.eq_any(projects))
            .select((project_protection_rules::project_id, project_protection_rules::lead_protection_days))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// Writes the row: the first time an insert, then a replacement.
    pub fn save(&self, conn: &mut Conn, existed: bool) -> QueryResult<()> {
        if existed {
            diesel::update(project_protection_rules::table.find(self.project_id)).set(self).execute(conn)?;
        } else {
            diesel::insert_into(project_protection_rules::table).values(self).execute(conn)?;
        }
        Ok(())
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = project_members)]
struct NewMember {
    project_id: Id,
    user_id: Id,
    created_at: NaiveDateTime,
}

impl Project {
    /// The project with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Project> {
        projects::table.find(id).select(Project::as_select()).first(conn)
    }

    /// Applies `changes` when the stored version is still `expected_version`, bumping it.
    pub fn update_if_version(
        conn: &mut Conn,
        id: Id,
        expected_version: i32,
        changes: &ProjectChangeset,
    ) -> QueryResult<bool> {
        let updated =
            diesel::update(projects::table.filter(projects::id.eq(id)).filter(projects::version.eq(expected_version)))
                .set((changes, projects::version.eq(projects::version + 1), projects::updated_at.eq(crate::db::now())))
                .execute(conn)?;
        Ok(updated == 1)
    }
}

impl NewProject<'_> {
    /// Inserts the project.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(projects::table).values(self).execute(conn).map(|_| ())
    }
}

/// The zone a project's days are cut in; an unknown name (it was validated on the way in)
/// falls back to Asia/Shanghai rather than failing a read.
pub fn zone_named(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(chrono_tz::Asia::Shanghai)
}

/// The name of the project with this id.
pub fn name_of(conn: &mut Conn, project_id: Id) -> QueryResult<Option<String>> {
    projects::table.find(project_id).select(projects::name).first(conn).optional()
}

/// The zone of the project with this id (its `timezone` alone is read).
pub fn zone_of(conn: &mut Conn, project_id: Id) -> QueryResult<chrono_tz::Tz> {
    let name: String = projects::table.find(project_id).select(projects::timezone).first(conn)?;
    Ok(zone_named(&name))
}

/// Adds a member; returns false when they already were one. Two concurrent adds both
/// succeed without error: the primary key decides, and the loser sees "already".
pub fn add_member(conn: &mut Conn, project_id: Id, user_id: Id) -> QueryResult<bool> {
    let row = NewMember { project_id, user_id, created_at: crate::db::now() };
    let inserted = crate::db::insert_or_ignore!(conn, project_members::table, &row)?;
    Ok(inserted == 1)
}

/// Removes a member; returns false when they were not one.
pub fn remove_member(conn: &mut Conn, project_id: Id, user_id: Id) -> QueryResult<bool> {
    let deleted = diesel::delete(
        project_members::table
            .filter(project_members::project_id.eq(project_id))
            .filter(project_members::user_id.eq(user_id)),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}

/// Every project's id (an admin's reach, for cross-project alerts).
pub fn all_ids(conn: &mut Conn) -> QueryResult<Vec<Id>> {
    projects::table.select(projects::id).order(projects::id).load(conn)
}

/// Which of these project ids exist.
pub fn existing_ids(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Id> = ids.iter().copied().map(Id).collect();
    projects::table
        .filter(projects::id.eq_any(ids))
        .select(projects::id)
        .load::<Id>(conn)
        .map(|found| found.into_iter().map(Uuid::from).collect())
}

/// These projects, by name.
pub fn find_many(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Project>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Id> = ids.iter().copied().map(Id).collect();
    projects::table.filter(projects::id.eq_any(ids)).select(Project::as_select()).order(projects::name).load(conn)
}

/// A member of a project: their account and when they joined.
#[derive(Debug, Clone, Queryable)]
pub struct Member {
    pub user_id: Id,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub status: UserStatus,
    pub joined_at: NaiveDateTime,
}

/// The members of a project (or just `only` among them), in joining order.
pub fn members_of(conn: &mut Conn, project_id: Id, only: Option<Id>) -> QueryResult<Vec<Member>> {
    let mut query = project_members::table
        .inner_join(users::table)
        .filter(project_members::project_id.eq(project_id))
        .select((
            users::id,
            users::username,
            users::display_name,
            users::role,
            users::status,
            project_members::created_at,
        ))
        .order(project_members::created_at.asc())
        .into_boxed();
    if let Some(user_id) = only {
        query = query.filter(project_members::user_id.eq(user_id));
    }
    query.load(conn)
}

/// An account that may become a member: what the membership rules look at.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct Candidate {
    pub id: Id,
    pub username: String,
    pub role: Role,
}

/// The account, if it exists (read here so that projects need not know `users`' module).
pub fn candidate(conn: &mut Conn, user_id: Id) -> QueryResult<Option<Candidate>> {
    users::table.find(user_id).select(Candidate::as_select()).first(conn).optional()
}
