//! Channel rules: admins and managers register the channels that bring buyers to their
//! projects; a channel agent sees their own channel; nobody else sees channels.
//!
//! Rights follow the rule of accounts (`scope::channel_rights`): a manager manages a channel
//! whose projects are all theirs, sees one that shares a project with them (403
//! `channel.not_yours` on a change), and does not see the rest (404).

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry};
use crate::auth::{Actor, Role};
use crate::channels::dto::{ChannelView, CreateChannelRequest, ListChannelsQuery, UpdateChannelRequest};
use crate::channels::model::{self, Channel, ChannelChangeset, NewChannel};
use crate::channels::ChannelStatus;
use crate::db::{self, lower, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::projects;
use crate::schema::{channel_projects, channels};
use crate::scope::{self, AccountRights};

fn not_found() -> ApiError {
    ApiError::not_found("channel.not_found", "No such channel.")
}

fn managers_only() -> ApiError {
    ApiError::forbidden("channel.manager_only", "Only admins and managers register channels.")
}

fn name_taken() -> ApiError {
    ApiError::conflict("channel.name_taken", "A channel with this name is already registered.")
}

/// The channel with its projects when the actor holds `needed` over it: 404 for a channel
/// they do not see, 403 `channel.not_yours` for one they see but may not change.
pub(super) fn reachable(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    needed: AccountRights,
) -> ApiResult<(Channel, Vec<Uuid>)> {
    let channel = Channel::find(conn, Id(id))?.ok_or_else(not_found)?;
    let projects = scope::channel_projects(conn, id)?;
    match scope::channel_rights(conn, actor, id, &projects)? {
        held if held >= needed => Ok((channel, projects)),
        AccountRights::None => Err(not_found()),
        _ => Err(ApiError::forbidden(
            "channel.not_yours",
            "This channel also serves a project you do not manage; ask an admin or that project's manager.",
        )),
    }
}

fn view(channel: Channel, project_ids: Vec<Uuid>) -> ChannelView {
    ChannelView {
        id: channel.id.0,
        name: channel.name,
        kind: channel.kind,
        contact: channel.contact,
        status: channel.status,
        project_ids,
        version: channel.version,
        created_at: channel.created_at.and_utc(),
        updated_at: channel.updated_at.and_utc(),
    }
}

/// The projects named for a channel, checked: each exists and the actor reaches it (422
/// naming the index otherwise); repeats dropped, order kept.
fn checked_projects(conn: &mut Conn, actor: &Actor, field: &str, ids: &[Uuid]) -> ApiResult<Vec<Uuid>> {
    let reachable = scope::projects(conn, actor)?;
    let known = projects::model::existing_ids(conn, ids)?;
    let mut checked = Vec::with_capacity(ids.len());
    for (index, id) in ids.iter().enumerate() {
        if !known.contains(id) || !reachable.covers(*id) {
            return Err(ApiError::validation(vec![FieldError::new(
                format!("{field}[{index}]"),
                "is not a project you manage",
            )]));
        }
        if !checked.contains(id) {
            checked.push(*id);
        }
    }
    Ok(checked)
}

fn non_blank(field: &str, text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.is_empty() {
        Err(ApiError::validation(vec![FieldError::new(field, "must not be blank")]))
    } else {
        Ok(text.to_owned())
    }
}

fn unique_name<T>(result: QueryResult<T>) -> ApiResult<T> {
    match result {
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Err(name_taken()),
        other => Ok(other?),
    }
}

/// `POST /channels` (admins, managers for their projects).
pub fn create(conn: &mut Conn, actor: &Actor, input: CreateChannelRequest) -> ApiResult<ChannelView> {
    if !actor.role.manages() {
        return Err(managers_only());
    }
    let name = non_blank("name", &input.name)?;
    let contact = input.contact.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let project_ids = checked_projects(conn, actor, "project_ids", &input.project_ids)?;
    let id = Id::new();
    let now = db::now();
    db::transaction(conn, |conn| {
        let new = NewChannel {
            id,
            name: &name,
            kind: input.kind,
            contact,
            status: ChannelStatus::Active,
            version: 1,
            created_by: Some(Id(actor.id)),
            created_at: now,
            updated_at: now,
        };
        unique_name(new.insert(conn))?;
        model::set_projects(conn, id, &project_ids)?;
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::ChannelCreate, id.0)
                .project(project_ids[0])
                .set("name", &name)
                .set("kind", input.kind)
                .set("contact", contact)
                .set("project_ids", &project_ids),
        )?;
        let channel = Channel::find(conn, id)?.ok_or_else(not_found)?;
        Ok(view(channel, project_ids.clone()))
    })
}

/// `GET /channels`: admins all, managers those serving one of their projects, a channel
/// agent their own; 403 for everyone else.
pub fn list(
    conn: &mut Conn,
    actor: &Actor,
    filter: ListChannelsQuery,
    page: PageQuery,
) -> ApiResult<Page<ChannelView>> {
    let cursor: Option<Uuid> = page.decode()?;
    let mut query = channels::table.select(Channel::as_select()).order(channels::id.asc()).into_boxed();
    match actor.role {
        Role::Admin => {}
        Role::Manager | Role::Client => {
            let mine: Vec<Id> = scope::member_projects(conn, actor.id)?.into_iter().map(Id).collect();
            query = query.filter(
                channels::id.eq_any(
                    channel_projects::table
                        .filter(channel_projects::project_id.eq_any(mine))
                        .select(channel_projects::channel_id),
                ),
            );
        }
        Role::ChannelAgent => {
            let own = scope::agent_channel(conn, actor.id)?.ok_or_else(not_found)?;
            query = query.filter(channels::id.eq(Id(own)));
        }
        _ => return Err(managers_only()),
    }
    if let Some(project_id) = filter.project_id {
        query = query.filter(
            channels::id.eq_any(
                channel_projects::table
                    .filter(channel_projects::project_id.eq(Id(project_id)))
                    .select(channel_projects::channel_id),
            ),
        );
    }
    if let Some(kind) = filter.kind {
        query = query.filter(channels::kind.eq(kind));
    }
    if let Some(status) = filter.status {
        query = query.filter(channels::status.eq(status));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        query = query.filter(lower(channels::name).like(db::like_pattern(q)).escape('\\'));
    }
    if let Some(after) = cursor {
        query = query.filter(channels::id.gt(Id(after)));
    }
    let limit = page.limit();
    let rows: Vec<Channel> = query.limit(limit + 1).load(conn)?;
    let ids: Vec<Id> = rows.iter().map(|c| c.id).collect();
    let mut projects_of = model::project_ids_of(conn, &ids)?;
    Ok(Page::from_rows(
        rows,
        limit,
        |c| c.id.0,
        |c| {
            let projects = projects_of.remove(&c.id).unwrap_or_default();
            view(c, projects)
        },
    ))
}

/// `GET /channels/{id}`.
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<ChannelView> {
    let (channel, projects) = reachable(conn, actor, id, AccountRights::Visible)?;
    Ok(view(channel, projects))
}

/// `PATCH /channels/{id}`: those who manage the channel, guarded by `version`.
pub fn update(conn: &mut Conn, actor: &Actor, id: Uuid, input: UpdateChannelRequest) -> ApiResult<ChannelView> {
    if !actor.role.manages() {
        return Err(reachable(conn, actor, id, AccountRights::Visible).err().unwrap_or_else(managers_only));
    }
    let (before, before_projects) = reachable(conn, actor, id, AccountRights::Manage)?;
    let changes = ChannelChangeset {
        name: input.name.as_deref().map(|n| non_blank("name", n)).transpose()?,
        kind: input.kind,
        contact: input.contact.as_deref().map(|c| Some(c.trim().to_owned()).filter(|c| !c.is_empty())),
        status: input.status,
    };
    let project_ids =
        input.project_ids.as_deref().map(|ids| checked_projects(conn, actor, "project_ids", ids)).transpose()?;
    db::transaction(conn, |conn| {
        if !unique_name(Channel::update_if_version(conn, before.id, input.version, &changes))? {
            return Err(ApiError::precondition_failed(
                "channel.version_conflict",
                "The channel changed since you read it; reload and try again.",
            ));
        }
        let mut entry = Entry::new(AuditAction::ChannelUpdate, id).project(before_projects.first().copied());
        if let Some(name) = &changes.name {
            entry = entry.change("name", &before.name, name);
        }
        if let Some(kind) = changes.kind {
            entry = entry.change("kind", before.kind, kind);
        }
        if let Some(contact) = &changes.contact {
            entry = entry.change("contact", &before.contact, contact);
        }
        if let Some(status) = changes.status {
            entry = entry.change("status", before.status, status);
        }
        if let Some(projects) = &project_ids {
            model::set_projects(conn, before.id, projects)?;
            entry = entry.change("project_ids", &before_projects, projects);
        }
        audit::record(conn, actor.into(), entry)?;
        let channel = Channel::find(conn, before.id)?.ok_or_else(not_found)?;
        Ok(view(channel, project_ids.clone().unwrap_or(before_projects.clone())))
    })
}
