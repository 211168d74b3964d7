//! `POST /oauth/token`: the client credentials grant (RFC 6749 §4.4). Refusals are RFC
//! 6749's own JSON (§5.2), not problem+json: what every OAuth client library reads.

use super::dto::OAuthToken;
use super::model::IntegrationClient;
use super::service::{hash_secret, scopes_of};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::scopes::{self, Scope};
use crate::auth::token::TokenKeys;
use crate::auth::{Role, UserStatus};
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::http::RequestContext;
use crate::users::model::User;

/// Why no token was issued, as RFC 6749 §5.2 names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 400: a parameter is missing, repeated or malformed.
    InvalidRequest(&'static str),
    /// 401: unknown client, wrong secret, or a revoked client.
    InvalidClient,
    /// 400: a grant other than `client_credentials`.
    UnsupportedGrantType,
    /// 400: a scope the client does not hold, or no scope at all.
    InvalidScope,
}

impl Refusal {
    /// The `error` code.
    pub fn error(&self) -> &'static str {
        match self {
            Refusal::InvalidRequest(_) => "invalid_request",
            Refusal::InvalidClient => "invalid_client",
            Refusal::UnsupportedGrantType => "unsupported_grant_type",
            Refusal::InvalidScope => "invalid_scope",
        }
    }

    /// The `error_description`.
    pub fn description(&self) -> &'static str {
        match self {
            Refusal::InvalidRequest(what) => what,
            Refusal::InvalidClient => "Unknown client, wrong secret, or the client is revoked.",
            Refusal::UnsupportedGrantType => "Only grant_type=client_credentials is supported.",
            Refusal::InvalidScope => "The scope asks for more than the client holds (or for nothing).",
        }
    }
}

/// What the request said, once read: the grant, the scope asked for, and the client's
/// credentials (from HTTP Basic or the body, never both).
#[derive(Debug, Clone, Default)]
pub struct Grant {
    pub grant_type: Option<String>,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// Reads the form parameters and the Basic credentials into a grant (§2.3.1, §3.2).
pub fn read(form: &[(String, String)], basic: Option<(String, String)>) -> Result<Grant, Refusal> {
    let mut grant = Grant::default();
    for (name, value) in form {
        let slot = match name.as_str() {
            "grant_type" => &mut grant.grant_type,
            "scope" => &mut grant.scope,
            "client_id" => &mut grant.client_id,
            "client_secret" => &mut grant.client_secret,
            _ => continue,
        };
        if slot.replace(value.clone()).is_some() {
            return Err(Refusal::InvalidRequest("A parameter is given more than once."));
        }
    }
    if let Some((id, secret)) = basic {
        if grant.client_id.is_some() || grant.client_secret.is_some() {
            return Err(Refusal::InvalidRequest("Authenticate the client one way: HTTP Basic or the body."));
        }
        grant.client_id = Some(id);
        grant.client_secret = Some(secret);
    }
    Ok(grant)
}

/// Issues a token for a valid grant; refusals are answered inside `Ok` so that the failed
/// attempt's audit event is committed.
pub fn exchange(
    conn: &mut Conn,
    keys: &TokenKeys,
    context: &RequestContext,
    grant: Grant,
) -> ApiResult<Result<OAuthToken, Refusal>> {
    match grant.grant_type.as_deref() {
        None => return Ok(Err(Refusal::InvalidRequest("grant_type is required."))),
        Some("client_credentials") => {}
        Some(_) => return Ok(Err(Refusal::UnsupportedGrantType)),
    }
    let (Some(client_id), Some(secret)) = (grant.client_id, grant.client_secret) else {
        return Ok(Err(Refusal::InvalidClient));
    };
    let client = match uuid::Uuid::parse_str(client_id.trim()) {
        Ok(id) => IntegrationClient::find(conn, Id(id))?,
        Err(_) => None,
    };
    let presented = hash_secret(secret.trim());
    let account = match &client {
        Some(client) => Some(User::find(conn, client.id)?),
        None => None,
    };
    let valid = match (&client, &account) {
        (Some(client), Some(account)) => {
            // Hashes are compared, not secrets: timing tells nothing an attacker can steer
            // (each guess's SHA-256 is as good as random).
            client.secret_hash == presented
                && client.revoked_at.is_none()
                && account.status == UserStatus::Active
                && account.role == Role::Client
        }
        _ => false,
    };
    let (Some(client), Some(account), true) = (client, account, valid) else {
        db::transaction(conn, |conn| {
            let entry = Entry::new(AuditAction::AuthLoginFailed, None)
                .note("method", "client_credentials")
                .note("client_id", client_id.chars().take(64).collect::<String>());
            audit::record(conn, Who::request(context, None), entry)
        })?;
        return Ok(Err(Refusal::InvalidClient));
    };
    let held = scopes_of(&client);
    let granted: Vec<Scope> = match grant.scope.as_deref() {
        None => held.clone(),
        Some(asked) => match scopes::parse_list(asked) {
            Some(asked) if !asked.is_empty() && asked.iter().all(|s| held.contains(s)) => asked,
            _ => return Ok(Err(Refusal::InvalidScope)),
        },
    };
    let scope = scopes::to_text(&granted);
    let access_token = keys.issue_client_access(client.id.0, account.token_version, client.session_id.0, &scope)?;
    db::transaction(conn, |conn| {
        let entry =
            Entry::new(AuditAction::AuthLogin, client.id.0).note("method", "client_credentials").note("scope", &scope);
        audit::record(conn, Who::request(context, Some((client.id.0, Role::Client))), entry)
    })?;
    Ok(Ok(OAuthToken { access_token, token_type: "Bearer".into(), expires_in: keys.access_ttl_secs, scope }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn credentials_come_one_way_and_parameters_once() {
        let body = pairs(&[("grant_type", "client_credentials"), ("client_id", "a"), ("client_secret", "b")]);
        assert_eq!(read(&body, None).map(|g| g.client_id), Ok(Some("a".to_owned())));
        assert!(matches!(read(&body, Some(("a".into(), "b".into()))), Err(Refusal::InvalidRequest(_))));
        let twice = pairs(&[("grant_type", "client_credentials"), ("scope", "a"), ("scope", "b")]);
        assert!(matches!(read(&twice, None), Err(Refusal::InvalidRequest(_))));
        let basic = read(&pairs(&[("grant_type", "client_credentials")]), Some(("id".into(), "s".into())));
        assert_eq!(basic.map(|g| (g.client_id, g.client_secret)), Ok((Some("id".into()), Some("s".into()))));
    }
}
