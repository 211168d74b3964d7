//! Integration clients (admins): make one with its projects and scopes, list, read,
//! revoke, rotate the secret.

use chrono::Duration;
use uuid::Uuid;

use super::dto::{ClientView, CreateClientRequest, CreatedClient, RotatedClientSecret};
use super::model::IntegrationClient;
use crate::audit::{self, AuditAction, Entry};
use crate::auth::model::{NewRefreshToken, RefreshToken};
use crate::auth::scopes::Scope;
use crate::auth::{token, Actor, Role, UserStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::users::model::{NewUser, User};

fn not_found() -> ApiError {
    ApiError::not_found("client.not_found", "No such integration client.")
}

fn require_admin(actor: &Actor) -> ApiResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden("client.admin_only", "Only admins manage integration clients."))
    }
}

/// The scopes a client holds, as stored.
pub(crate) fn scopes_of(client: &IntegrationClient) -> Vec<Scope> {
    serde_json::from_str(&client.scopes).unwrap_or_default()
}

fn view(client: &IntegrationClient, project_ids: Vec<Uuid>) -> ClientView {
    ClientView {
        client_id: client.id.0,
        name: client.name.clone(),
        project_ids,
        scopes: scopes_of(client),
        revoked_at: client.revoked_at.map(|t| t.and_utc()),
        created_by: client.created_by.0,
        created_at: client.created_at.and_utc(),
        secret_rotated_at: client.secret_rotated_at.map(|t| t.and_utc()),
    }
}

/// Views of clients with their projects, read in one statement for the lot.
fn views(conn: &mut Conn, clients: &[IntegrationClient]) -> ApiResult<Vec<ClientView>> {
    let ids: Vec<Id> = clients.iter().map(|c| c.id).collect();
    let mut projects: std::collections::HashMap<Id, Vec<Uuid>> = std::collections::HashMap::new();
    for (client, project) in super::model::projects_of(conn, &ids)? {
        projects.entry(client).or_default().push(project.0);
    }
    Ok(clients.iter().map(|c| view(c, projects.remove(&c.id).unwrap_or_default())).collect())
}

/// A client secret: 256 random bits, and the hash that is stored.
fn new_secret() -> (String, String) {
    let (secret, hash) = token::new_refresh_token();
    (format!("ics_{secret}"), hash)
}

/// The stored form of a presented secret.
pub(crate) fn hash_secret(secret: &str) -> String {
    token::hash_refresh_token(secret.strip_prefix("ics_").unwrap_or(secret))
}

/// `POST /integration-clients` (admins): the client, its account and memberships, and its
/// secret, shown once.
pub fn create(conn: &mut Conn, actor: &Actor, input: CreateClientRequest) -> ApiResult<CreatedClient> {
    require_admin(actor)?;
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("name", "must not be blank")]));
    }
    let mut projects = input.project_ids.clone();
    projects.sort();
    projects.dedup();
    if crate::projects::model::existing_ids(conn, &projects)?.len() != projects.len() {
        return Err(ApiError::validation(vec![FieldError::new("project_ids", "names a project that does not exist")]));
    }
    let mut scopes = input.scopes.clone();
    scopes.sort();
    scopes.dedup();
    let (secret, secret_hash) = new_secret();
    let now = db::now();
    let id = Id::new();
    let client = IntegrationClient {
        id,
        name,
        scopes: serde_json::json!(scopes).to_string(),
        secret_hash,
        session_id: Id::new(),
        created_by: Id(actor.id),
        created_at: now,
        secret_rotated_at: None,
        revoked_at: None,
    };
    let username = format!("client.{}", id.0.simple());
    db::transaction(conn, |conn| {
        // The account that holds the client's memberships and sessions: no password opens it
        // ("!" is no password hash), and only /integration-clients changes it.
        NewUser {
            id,
            username: &username,
            display_name: &client.name,
            phone: None,
            role: Role::Client,
            status: UserStatus::Active,
            token_version: 0,
            password_hash: "!",
            version: 1,
            created_at: now,
            updated_at: now,
            channel_id: None,
        }
        .insert(conn)?;
        client.insert(conn)?;
        for project in &projects {
            crate::projects::model::add_member(conn, Id(*project), id)?;
        }
        // The session every token of the client names; its one row is never handed out.
        let (_, unused) = token::new_refresh_token();
        NewRefreshToken {
            id: Id::new(),
            user_id: id,
            family_id: client.session_id,
            token_hash: &unused,
            issued_at: now,
            expires_at: now + Duration::days(365 * 100),
        }
        .insert(conn)?;
        let entry = Entry::new(AuditAction::ClientCreate, id.0)
            .set("name", &client.name)
            .set("project_ids", &projects)
            .set("scopes", &scopes)
            .redacted("client_secret");
        audit::record(conn, actor.into(), entry)?;
        Ok(CreatedClient { client: view(&client, projects.clone()), client_secret: secret })
    })
}

/// `GET /integration-clients` (admins): newest first, revoked ones included.
pub fn list(conn: &mut Conn, actor: &Actor, page: PageQuery) -> ApiResult<Page<ClientView>> {
    require_admin(actor)?;
    let limit = page.limit();
    let rows = IntegrationClient::page(conn, page.decode::<Uuid>()?.map(Id), limit + 1)?;
    let page = Page::from_rows(rows, limit, |c| c.id.0, |c| c);
    Ok(Page { items: views(conn, &page.items)?, next_cursor: page.next_cursor })
}

fn visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<IntegrationClient> {
    require_admin(actor)?;
    IntegrationClient::find(conn, Id(id))?.ok_or_else(not_found)
}

/// `GET /integration-clients/{id}` (admins).
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<ClientView> {
    let client = visible(conn, actor, id)?;
    views(conn, std::slice::from_ref(&client))?.into_iter().next().ok_or_else(not_found)
}

/// `DELETE /integration-clients/{id}` (admins): the client can get no token, and every
/// token it holds stops working at once (its account frozen, its session revoked).
/// Revoking twice is harmless.
pub fn revoke(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<()> {
    let client = visible(conn, actor, id)?;
    db::transaction(conn, |conn| {
        if !IntegrationClient::revoke(conn, client.id, db::now())? {
            return Ok(());
        }
        User::set_status(conn, client.id, UserStatus::Frozen)?;
        RefreshToken::revoke_family(conn, client.session_id)?;
        audit::record(conn, actor.into(), Entry::new(AuditAction::ClientRevoke, id).set("name", &client.name))?;
        Ok(())
    })
}

/// `POST /integration-clients/{id}/rotate-secret` (admins): a new secret, shown once; the
/// old one stops at once (tokens already issued run out on their own). 409
/// `client.revoked` for a revoked client.
pub fn rotate_secret(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<RotatedClientSecret> {
    let client = visible(conn, actor, id)?;
    let (secret, hash) = new_secret();
    db::transaction(conn, |conn| {
        if !IntegrationClient::set_secret(conn, client.id, &hash, db::now())? {
            return Err(ApiError::conflict("client.revoked", "The client is revoked; make a new one."));
        }
        let entry = Entry::new(AuditAction::ClientRotateSecret, id).redacted("client_secret");
        audit::record(conn, actor.into(), entry)?;
        Ok(RotatedClientSecret { client_id: id, client_secret: secret })
    })
}
