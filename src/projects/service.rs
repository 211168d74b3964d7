//! Project rules: admins create and edit projects; managers run the membership of
//! their own; everyone sees only the projects they work in.

use diesel::prelude::*;
use uuid::Uuid;

use super::dto::{CreateProjectRequest, ListProjectsQuery, MemberView, ProjectView, UpdateProjectRequest};
use super::dto::{ProtectionRulesRequest, ProtectionRulesView};
use super::model::{self, NewProject, Project, ProjectChangeset, ProtectionRow};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, lower, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::http::{Page, PageQuery};
use crate::schema::projects;
use crate::scope::{self, ProjectScope};

/// The default time zone of a sales office.
pub const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";

fn require_admin(actor: &Actor) -> ApiResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden("project.admin_only", "Only admins create and edit projects."))
    }
}

/// `POST /projects` (admins).
pub fn create(conn: &mut Conn, actor: &Actor, input: CreateProjectRequest) -> ApiResult<ProjectView> {
    require_admin(actor)?;
    let id = Id::new();
    let now = db::now();
    let timezone = input.timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE);
    db::transaction(conn, |conn| {
        NewProject {
            id,
            name: input.name.trim(),
            city: input.city.trim(),
            address: input.address.trim(),
            timezone,
            version: 1,
            created_at: now,
            updated_at: now,
        }
        .insert(conn)?;
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::ProjectCreate, id.0)
                .project(id.0)
                .set("name", input.name.trim())
                .set("city", input.city.trim())
                .set("address", input.address.trim())
                .set("timezone", timezone),
        )?;
        Ok(Project::find(conn, id)?.into())
    })
}

/// `GET /projects`: admins see all, everyone else the projects they are a member of.
pub fn list(
    conn: &mut Conn,
    actor: &Actor,
    filter: ListProjectsQuery,
    page: PageQuery,
) -> ApiResult<Page<ProjectView>> {
    let cursor: Option<Uuid> = page.decode()?;
    let mut query = projects::table.select(Project::as_select()).order(projects::id.asc()).into_boxed();
    if let ProjectScope::Only(ids) = scope::projects(conn, actor)? {
        query = query.filter(projects::id.eq_any(ids.into_iter().map(Id).collect::<Vec<_>>()));
    }
    if let Some(q) = filter.q.as_deref() {
        query = query.filter(lower(projects::name).like(db::like_pattern(q.trim())).escape('\\'));
    }
    if let Some(city) = filter.city.as_deref() {
        query = query.filter(projects::city.eq(city.trim().to_owned()));
    }
    if let Some(after) = cursor {
        query = query.filter(projects::id.gt(Id(after)));
    }
    let limit = page.limit();
    let rows = query.limit(limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, limit, |p| p.id.0, ProjectView::from))
}

/// `GET /projects/{id}`: members and admins; 404 for everyone else.
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<ProjectView> {
    scope::require_project(conn, actor, id)?;
    Ok(Project::find(conn, Id(id))?.into())
}

/// `PATCH /projects/{id}` (admins), guarded by `version`.
pub fn update(conn: &mut Conn, actor: &Actor, id: Uuid, input: UpdateProjectRequest) -> ApiResult<ProjectView> {
    scope::require_project(conn, actor, id)?;
    require_admin(actor)?;
    let before = Project::find(conn, Id(id))?;
    let changes = ProjectChangeset {
        name: input.name.map(|s| s.trim().to_owned()),
        city: input.city.map(|s| s.trim().to_owned()),
        address: input.address.map(|s| s.trim().to_owned()),
        timezone: input.timezone,
    };
    db::transaction(conn, |conn| {
        if !Project::update_if_version(conn, before.id, input.version, &changes)? {
            return Err(ApiError::precondition_failed(
                "project.version_conflict",
                "The project changed since you read it; reload and try again.",
            ));
        }
        let mut entry = Entry::new(AuditAction::ProjectUpdate, id).project(id);
        for (field, old, new) in [
            ("name", &before.name, &changes.name),
            ("city", &before.city, &changes.city),
            ("address", &before.address, &changes.address),
            ("timezone", &before.timezone, &changes.timezone),
        ] {
            if let Some(new) = new {
                entry = entry.change(field, old, new);
            }
        }
        audit::record(conn, actor.into(), entry)?;
        Ok(Project::find(conn, before.id)?.into())
    })
}

/// `GET /projects/{id}/members`: everyone in the project sees who works in it.
pub fn members(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Vec<MemberView>> {
    scope::require_project(conn, actor, id)?;
    Ok(model::members_of(conn, Id(id), None)?.into_iter().map(MemberView::from).collect())
}

/// Whether the membership was new.
pub enum Membership {
    /// The user was added now.
    Added(MemberView),
    /// The user already was a member.
    Existing(MemberView),
}

fn member_view(conn: &mut Conn, project_id: Uuid, user_id: Uuid) -> ApiResult<MemberView> {
    model::members_of(conn, Id(project_id), Some(Id(user_id)))?
        .pop()
        .map(MemberView::from)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("membership vanished inside its transaction")))
}

/// Checks that the actor manages the project, may reach this account (see
/// [`scope::AccountRights`]) and may hand its role a place in the project. Adding needs
/// only that the account already belongs to a project the actor manages; removing needs
/// the account to be wholly theirs. Anyone else's id is 404, showing nothing.
fn member_target(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    user_id: Uuid,
    adding: bool,
) -> ApiResult<model::Candidate> {
    scope::require_project_manager(conn, actor, project_id)?;
    let needed = if adding { scope::AccountRights::Visible } else { scope::AccountRights::Manage };
    scope::account_rights(conn, actor, user_id)?.require(needed)?;
    let user =
        model::candidate(conn, Id(user_id))?.ok_or_else(|| ApiError::not_found("user.not_found", "No such user."))?;
    if !actor.role.may_grant(user.role) {
        return Err(ApiError::forbidden(
            "project.member_role_not_grantable",
            format!("A {} may not add or remove a {}.", actor.role, user.role),
        ));
    }
    Ok(user)
}

/// `PUT /projects/{id}/members/{user_id}`: admins, or managers of the project. Repeating
/// it changes nothing.
pub fn add_member(conn: &mut Conn, actor: &Actor, project_id: Uuid, user_id: Uuid) -> ApiResult<Membership> {
    let user = member_target(conn, actor, project_id, user_id, true)?;
    db::transaction(conn, |conn| {
        if model::add_member(conn, Id(project_id), user.id)? {
            audit::record(
                conn,
                actor.into(),
                Entry::new(AuditAction::ProjectMemberAdd, project_id)
                    .project(project_id)
                    .set("user_id", user_id)
                    .set("username", &user.username),
            )?;
            Ok(Membership::Added(member_view(conn, project_id, user_id)?))
        } else {
            Ok(Membership::Existing(member_view(conn, project_id, user_id)?))
        }
    })
}

/// `DELETE /projects/{id}/members/{user_id}`: 404 when the user is not a member.
pub fn remove_member(conn: &mut Conn, actor: &Actor, project_id: Uuid, user_id: Uuid) -> ApiResult<()> {
    let user = member_target(conn, actor, project_id, user_id, false)?;
    db::transaction(conn, |conn| {
        if !model::remove_member(conn, Id(project_id), user.id)? {
            return Err(ApiError::not_found("project.member_not_found", "That user is not a member of the project."));
        }
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::ProjectMemberRemove, project_id)
                .project(project_id)
                .set("user_id", user_id)
                .set("username", &user.username),
        )?;
        Ok(())
    })
}

/// `GET /projects/{id}/protection-rules`: everyone in the project (a salesperson's app shows
/// how long a lead stays theirs). `default_days`: the server's `ANCHANG_PROTECTION_DAYS`.
pub fn find_protection(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    default_days: i32,
) -> ApiResult<ProtectionRulesView> {
    scope::require_project(conn, actor, project_id)?;
    Ok(protection_view(&rules(conn, Id(project_id), default_days)?))
}

/// The rules a project works by: its own, or the defaults (`version` 0).
pub fn rules(conn: &mut Conn, project_id: Id, default_days: i32) -> QueryResult<ProtectionRow> {
    Ok(ProtectionRow::find(conn, project_id)?.unwrap_or_else(|| ProtectionRow::defaults(project_id, default_days)))
}

/// `PUT /projects/{id}/protection-rules` (managers); a field left out keeps its value, and a
/// body naming none changes nothing (no new version, no audit event).
/// Leads keep the dates they have; a new period applies from each lead's next contact,
/// claim, transfer or registration, and a new report period to reports filed from now.
pub fn set_protection(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: ProtectionRulesRequest,
    default_days: i32,
) -> ApiResult<ProtectionRulesView> {
    // Ranges: the request's schema refuses anything else (422), the table's CHECKs too.
    scope::require_project_manager(conn, actor, project_id)?;
    let ProtectionRulesRequest {
        lead_protection_days,
        report_valid_days,
        arrival_protection_days,
        report_phone_mode,
        rotation_enabled,
    } = input;
    let changes_nothing = lead_protection_days.is_none()
        && report_valid_days.is_none()
        && arrival_protection_days.is_none()
        && report_phone_mode.is_none()
        && rotation_enabled.is_none();
    if changes_nothing {
        return Ok(protection_view(&rules(conn, Id(project_id), default_days)?));
    }
    db::transaction(conn, |conn| {
        // Two first saves at once: the second waits here, then finds the first's row.
        // Not FOR UPDATE: inserts referencing the project need not wait (see lock_rows_not_keys!).
        db::lock_rows_not_keys!(conn, projects::table.find(Id(project_id)))?;
        let before = rules(conn, Id(project_id), default_days)?;
        let row = ProtectionRow {
            lead_protection_days: lead_protection_days.unwrap_or(before.lead_protection_days),
            report_valid_days: report_valid_days.unwrap_or(before.report_valid_days),
            arrival_protection_days: arrival_protection_days.unwrap_or(before.arrival_protection_days),
            report_phone_mode: report_phone_mode.unwrap_or(before.report_phone_mode),
            rotation_enabled: rotation_enabled.unwrap_or(before.rotation_enabled),
            version: before.version + 1,
            updated_by: Some(Id(actor.id)),
            updated_at: db::now(),
            ..before
        };
        row.save(conn, before.version > 0)?;
        let entry = Entry::new(AuditAction::ProjectProtectionUpdate, project_id)
            .project(project_id)
            .change("lead_protection_days", before.lead_protection_days, row.lead_protection_days)
            .change("report_valid_days", before.report_valid_days, row.report_valid_days)
            .change("arrival_protection_days", before.arrival_protection_days, row.arrival_protection_days)
            .change("report_phone_mode", before.report_phone_mode, row.report_phone_mode)
            .change("rotation_enabled", before.rotation_enabled, row.rotation_enabled);
        audit::record(conn, actor.into(), entry)?;
        Ok(protection_view(&row))
    })
}

fn protection_view(row: &ProtectionRow) -> ProtectionRulesView {
    ProtectionRulesView {
        lead_protection_days: row.lead_protection_days,
        report_valid_days: row.report_valid_days,
        arrival_protection_days: row.arrival_protection_days,
        report_phone_mode: row.report_phone_mode,
        rotation_enabled: row.rotation_enabled,
        customised: row.version > 0,
        version: row.version,
    }
}

/// How long the project protects a lead from now: its own rule, or `default`.
pub fn lead_protection(conn: &mut Conn, project_id: Id, default: chrono::Duration) -> QueryResult<chrono::Duration> {
    Ok(protection_from(ProtectionRow::lead_protection_days(conn, project_id)?, default))
}

/// [`lead_protection`] of several projects, in one query.
pub fn lead_protections(
    conn: &mut Conn,
    projects: &[Id],
    default: chrono::Duration,
) -> QueryResult<std::collections::HashMap<Id, chrono::Duration>> {
    let own = ProtectionRow::lead_protection_days_of(conn, projects)?;
    Ok(projects.iter().map(|p| (*p, protection_from(own.get(p).copied(), default))).collect())
}

/// A project's own protection in days (from a row read elsewhere), or `default`.
pub fn protection_from(days: Option<i32>, default: chrono::Duration) -> chrono::Duration {
    days.map_or(default, |days| chrono::Duration::days(i64::from(days)))
}
