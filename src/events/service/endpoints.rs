//! Webhook endpoints (admins): register, read, change, delete, rotate the secret.

use chrono::Duration;
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry, EventType};
use crate::auth::{Actor, Role};
use crate::crypto::DataCipher;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::events::destination::{self, Refusal};
use crate::events::dto::{CreateEndpointRequest, CreatedEndpoint, EndpointView, RotatedSecret, UpdateEndpointRequest};
use crate::events::model::endpoints::{Endpoint, EndpointEdit};
use crate::events::{signature, EndpointStatus};
use crate::http::{Page, PageQuery};

/// How long the secret before a rotation keeps signing.
pub const ROTATION_OVERLAP_HOURS: i64 = 24;

fn not_found() -> ApiError {
    ApiError::not_found("webhook.not_found", "No such webhook endpoint.")
}

/// 403 unless the actor manages webhooks: admins, and integration clients (their own
/// endpoints, for their projects; the `webhooks:manage` scope opens the routes to them).
pub(crate) fn require_admin(actor: &Actor) -> ApiResult<()> {
    if actor.is_admin() || actor.role == Role::Client {
        Ok(())
    } else {
        Err(ApiError::forbidden("webhook.admin_only", "Only admins (and integration clients) manage webhooks."))
    }
}

/// The projects an endpoint of the actor's may name: a client's own; `None` for admins
/// (any). A client naming none gets all of its own, never every project.
fn projects_for(conn: &mut Conn, actor: &Actor, asked: &[Uuid]) -> ApiResult<Vec<Uuid>> {
    if actor.role != Role::Client {
        return Ok(asked.to_vec());
    }
    let own = crate::scope::member_projects(conn, actor.id)?;
    if asked.is_empty() {
        return Ok(own);
    }
    if asked.iter().all(|p| own.contains(p)) {
        Ok(asked.to_vec())
    } else {
        Err(ApiError::validation(vec![FieldError::new("project_ids", "names a project that does not exist")]))
    }
}

/// The event types of an endpoint, as stored.
pub(crate) fn event_types_of(endpoint: &Endpoint) -> Vec<EventType> {
    serde_json::from_str(&endpoint.event_types).unwrap_or_default()
}

/// The projects of an endpoint, as stored.
pub(crate) fn project_ids_of(endpoint: &Endpoint) -> Vec<Uuid> {
    serde_json::from_str(&endpoint.project_ids).unwrap_or_default()
}

fn view(endpoint: &Endpoint) -> EndpointView {
    EndpointView {
        id: endpoint.id.0,
        url: endpoint.url.clone(),
        description: endpoint.description.clone(),
        event_types: event_types_of(endpoint),
        project_ids: project_ids_of(endpoint),
        status: endpoint.status,
        disabled_reason: endpoint.disabled_reason.clone(),
        failing_since: endpoint.failing_since.map(|t| t.and_utc()),
        previous_secret_expires_at: endpoint
            .previous_secret_until
            .filter(|until| *until > db::now())
            .map(|t| t.and_utc()),
        version: endpoint.version,
        created_by: endpoint.created_by.0,
        created_at: endpoint.created_at.and_utc(),
        updated_at: endpoint.updated_at.and_utc(),
    }
}

/// The URL, trimmed, when it may be a destination; 422 naming `url` otherwise.
fn checked_url(url: &str, allow_private: bool) -> ApiResult<String> {
    let url = url.trim();
    match destination::check(url, allow_private) {
        Ok(_) => Ok(url.to_owned()),
        Err(Refusal::NotHttp) => {
            Err(ApiError::validation(vec![FieldError::new("url", "must be an http:// or https:// URL")]))
        }
        Err(Refusal::Private) => Err(ApiError::validation(vec![FieldError::new(
            "url",
            "must not point at a loopback, private or link-local address",
        )])),
    }
}

/// The lists as stored: types sorted and unique; projects unique and existing (422 naming
/// `project_ids` otherwise).
fn stored_lists(conn: &mut Conn, types: &[EventType], projects: &[Uuid]) -> ApiResult<(String, String)> {
    let mut types = types.to_vec();
    types.sort();
    types.dedup();
    let mut projects = projects.to_vec();
    projects.sort();
    projects.dedup();
    let existing = crate::projects::model::existing_ids(conn, &projects)?;
    if existing.len() != projects.len() {
        return Err(ApiError::validation(vec![FieldError::new("project_ids", "names a project that does not exist")]));
    }
    let json = |value: serde_json::Value| value.to_string();
    Ok((json(serde_json::json!(types)), json(serde_json::json!(projects))))
}

/// `POST /webhook-endpoints` (admins): the endpoint and its signing secret, shown once.
pub fn create(
    conn: &mut Conn,
    actor: &Actor,
    cipher: &DataCipher,
    allow_private: bool,
    input: CreateEndpointRequest,
) -> ApiResult<CreatedEndpoint> {
    require_admin(actor)?;
    let url = checked_url(&input.url, allow_private)?;
    let projects = projects_for(conn, actor, &input.project_ids)?;
    let (event_types, project_ids) = stored_lists(conn, &input.event_types, &projects)?;
    let secret = signature::new_secret();
    let now = db::now();
    let endpoint = Endpoint {
        id: Id::new(),
        url,
        description: input.description.trim().to_owned(),
        event_types,
        project_ids,
        status: EndpointStatus::Enabled,
        disabled_reason: None,
        secret_cipher: cipher.encrypt(&secret),
        previous_secret_cipher: None,
        previous_secret_until: None,
        failing_since: None,
        created_by: Id(actor.id),
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    db::transaction(conn, |conn| {
        endpoint.insert(conn)?;
        let entry = Entry::new(AuditAction::WebhookEndpointCreate, endpoint.id.0)
            .set("url", &endpoint.url)
            .set("event_types", event_types_of(&endpoint))
            .set("project_ids", project_ids_of(&endpoint));
        audit::record(conn, actor.into(), entry)?;
        Ok(CreatedEndpoint { endpoint: view(&endpoint), secret })
    })
}

/// `GET /webhook-endpoints` (admins): newest first.
pub fn list(conn: &mut Conn, actor: &Actor, page: PageQuery) -> ApiResult<Page<EndpointView>> {
    require_admin(actor)?;
    let limit = page.limit();
    let owner = (actor.role == Role::Client).then_some(Id(actor.id));
    let rows = Endpoint::page(conn, owner, page.decode::<Uuid>()?.map(Id), limit + 1)?;
    Ok(Page::from_rows(rows, limit, |e| e.id.0, |e| view(&e)))
}

/// The live endpoint for an admin; 404 otherwise.
pub(crate) fn visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Endpoint> {
    require_admin(actor)?;
    let endpoint = Endpoint::find_live(conn, Id(id))?.ok_or_else(not_found)?;
    // A client sees its own endpoints only; another's does not exist for it.
    if actor.role == Role::Client && endpoint.created_by.0 != actor.id {
        return Err(not_found());
    }
    Ok(endpoint)
}

/// `GET /webhook-endpoints/{id}` (admins).
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<EndpointView> {
    visible(conn, actor, id).map(|e| view(&e))
}

/// `PATCH /webhook-endpoints/{id}` (admins), guarded by `version`. Enabling a disabled
/// endpoint clears why it was disabled and resumes its pending deliveries.
pub fn update(
    conn: &mut Conn,
    actor: &Actor,
    allow_private: bool,
    id: Uuid,
    input: UpdateEndpointRequest,
) -> ApiResult<EndpointView> {
    let current = visible(conn, actor, id)?;
    let url = match &input.url {
        Some(url) => checked_url(url, allow_private)?,
        None => current.url.clone(),
    };
    let types = input.event_types.unwrap_or_else(|| event_types_of(&current));
    let projects = match input.project_ids {
        Some(asked) => projects_for(conn, actor, &asked)?,
        None => project_ids_of(&current),
    };
    let (event_types, project_ids) = stored_lists(conn, &types, &projects)?;
    let status = input.status.unwrap_or(current.status);
    let before = EndpointEdit {
        url: current.url.clone(),
        description: current.description.clone(),
        event_types: current.event_types.clone(),
        project_ids: current.project_ids.clone(),
        status: current.status,
        disabled_reason: current.disabled_reason.clone(),
    };
    let after = EndpointEdit {
        url,
        description: input.description.map_or_else(|| current.description.clone(), |d| d.trim().to_owned()),
        event_types,
        project_ids,
        status,
        disabled_reason: if status == EndpointStatus::Enabled { None } else { current.disabled_reason.clone() },
    };
    let stale =
        || ApiError::precondition_failed("webhook.version_conflict", "The endpoint changed since you read it; reload.");
    if current.version != input.version {
        return Err(stale());
    }
    db::transaction(conn, |conn| {
        if !Endpoint::update(conn, current.id, input.version, &after, db::now())? {
            return Err(stale());
        }
        let entry = Entry::new(AuditAction::WebhookEndpointUpdate, id)
            .change("url", &before.url, &after.url)
            .change("description", &before.description, &after.description)
            .change("event_types", &before.event_types, &after.event_types)
            .change("project_ids", &before.project_ids, &after.project_ids)
            .change("status", before.status, after.status);
        audit::record(conn, actor.into(), entry)?;
        Endpoint::find_live(conn, current.id)?.map(|e| view(&e)).ok_or_else(not_found)
    })
}

/// `DELETE /webhook-endpoints/{id}` (admins): nothing more is sent to it.
pub fn delete(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<()> {
    let current = visible(conn, actor, id)?;
    db::transaction(conn, |conn| {
        if !Endpoint::delete(conn, current.id, db::now())? {
            return Err(not_found());
        }
        audit::record(conn, actor.into(), Entry::new(AuditAction::WebhookEndpointDelete, id).set("url", &current.url))
            .map_err(Into::into)
    })
}

/// `POST /webhook-endpoints/{id}/rotate-secret` (admins): a new secret, shown once; the
/// one it replaces signs too for [`ROTATION_OVERLAP_HOURS`].
pub fn rotate_secret(conn: &mut Conn, actor: &Actor, cipher: &DataCipher, id: Uuid) -> ApiResult<RotatedSecret> {
    let current = visible(conn, actor, id)?;
    let secret = signature::new_secret();
    let now = db::now();
    let until = now + Duration::hours(ROTATION_OVERLAP_HOURS);
    db::transaction(conn, |conn| {
        if !Endpoint::rotate(conn, current.id, cipher.encrypt(&secret), current.secret_cipher.clone(), until, now)? {
            return Err(not_found());
        }
        let entry = Entry::new(AuditAction::WebhookEndpointRotateSecret, id).redacted("secret");
        audit::record(conn, actor.into(), entry)?;
        Ok(RotatedSecret {
            secret: secret.clone(),
            previous_secret_expires_at: until.and_utc(),
            version: current.version + 1,
        })
    })
}
