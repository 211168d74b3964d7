//! Sign-in rules: throttled logins, single-use refresh tokens with reuse detection, logout;
//! WeChat mini-program sign-in and binding (`wechat`).

pub mod wechat;

use chrono::Duration;
use uuid::Uuid;

use super::dto::LoginRequest;
use super::model;
use super::throttle::{self, Throttled};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::dto::TokenResponse;
use crate::auth::model::RefreshToken;
use crate::auth::token::{self, TokenKeys};
use crate::auth::{issue, password, UserStatus};
use crate::db::{self, Conn};
use crate::error::{ApiError, ApiResult};
use crate::http::RequestContext;
use crate::state::LoginPolicy;
use crate::users::model::User;

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("auth.invalid_credentials", "Wrong username or password.")
}

fn invalid_refresh() -> ApiError {
    ApiError::unauthorized("auth.invalid_refresh_token", "The refresh token is not valid; sign in again.")
}

/// A password that proved its account: the user, and what to forget once the sign-in
/// it allows is committed.
pub(super) struct Verified {
    pub user: User,
    username: String,
    address: String,
    window_start: chrono::NaiveDateTime,
}

impl Verified {
    /// Forgets this account's failures from this address (inside the sign-in's transaction).
    pub fn forget_failures(&self, conn: &mut Conn) -> ApiResult<()> {
        Ok(model::clear_failures(conn, &self.username, &self.address, self.window_start)?)
    }
}

/// Checks a username and password as every password sign-in does (`POST /auth/login`,
/// `POST /auth/wechat/bind`). An unknown user and a wrong password get the same 401 after
/// the same work; too many failures for the username from this address, or from this
/// address at all, get 429 until the oldest of them leaves the window (`throttle`). Every
/// refusal is audited and committed; the caller audits the sign-in it makes.
pub(super) fn check_password(
    conn: &mut Conn,
    policy: LoginPolicy,
    context: &RequestContext,
    username: &str,
    password: &str,
) -> ApiResult<Verified> {
    let username = username.trim().to_ascii_lowercase();
    // All requests whose address is unknown share one count.
    let address = context.ip.clone().unwrap_or_default();
    let now = db::now();
    let window = Duration::seconds(policy.window_secs);
    let failures = model::recent_failures_from(conn, &address, now - window)?;
    if let Some(throttled) = throttle::judge(&policy, &username, &failures, now) {
        let (limit, refusal) = match throttled {
            Throttled::Account { retry_after_secs } => (
                "account",
                ApiError::too_many_requests(
                    "auth.too_many_attempts",
                    "Too many failed sign-ins for this account; wait and try again.",
                    retry_after_secs,
                ),
            ),
            Throttled::Address { retry_after_secs } => (
                "address",
                ApiError::too_many_requests(
                    "auth.too_many_attempts_from_address",
                    "Too many failed sign-ins from this address; wait and try again.",
                    retry_after_secs,
                ),
            ),
        };
        db::transaction(conn, |conn| {
            audit::record(
                conn,
                Who::request(context, None),
                Entry::new(AuditAction::AuthLoginThrottled, None).note("username", &username).note("limit", limit),
            )
        })?;
        return Err(refusal);
    }
    let user = User::find_by_username(conn, &username)?;
    let verified = match &user {
        Some(user) => password::verify(password, &user.password_hash),
        None => {
            password::verify_against_nothing(password);
            false
        }
    };
    match user {
        Some(user) if verified && user.status == UserStatus::Active => {
            Ok(Verified { user, username, address, window_start: now - window })
        }
        Some(user) if verified => {
            refuse_frozen(conn, context, &user, "password")?;
            Err(account_frozen())
        }
        user => {
            db::transaction(conn, |conn| {
                model::record_failure(conn, &username, &address, now)?;
                audit::record(
                    conn,
                    Who::request(context, user.as_ref().map(|u| (u.id.0, u.role))),
                    Entry::new(AuditAction::AuthLoginFailed, user.as_ref().map(|u| u.id.0)).note("username", &username),
                )
            })?;
            Err(invalid_credentials())
        }
    }
}

fn account_frozen() -> ApiError {
    ApiError::unauthorized("auth.account_frozen", "This account is frozen; ask your manager.")
}

/// Audits (and commits) a frozen account's sign-in attempt by `method`.
fn refuse_frozen(conn: &mut Conn, context: &RequestContext, user: &User, method: &str) -> ApiResult<()> {
    db::transaction(conn, |conn| {
        audit::record(
            conn,
            Who::request(context, Some((user.id.0, user.role))),
            Entry::new(AuditAction::AuthLoginRefused, user.id.0).note("reason", "frozen").note("method", method),
        )
    })?;
    Ok(())
}

/// Issues a session to `user` and audits the sign-in by `method` (`password`, `wechat`).
fn sign_in(
    conn: &mut Conn,
    keys: &TokenKeys,
    context: &RequestContext,
    user: &User,
    method: &str,
) -> ApiResult<TokenResponse> {
    let tokens = issue::tokens(conn, keys, user.subject(), None)?;
    audit::record(
        conn,
        Who::request(context, Some((user.id.0, user.role))),
        Entry::new(AuditAction::AuthLogin, user.id.0).note("method", method),
    )?;
    Ok(tokens)
}

/// `POST /auth/login`: the password checked (`check_password`), then a session. Every
/// attempt is audited.
pub fn login(
    conn: &mut Conn,
    keys: &TokenKeys,
    policy: LoginPolicy,
    context: &RequestContext,
    input: LoginRequest,
) -> ApiResult<TokenResponse> {
    let verified = check_password(conn, policy, context, &input.username, &input.password)?;
    db::transaction(conn, |conn| {
        verified.forget_failures(conn)?;
        sign_in(conn, keys, context, &verified.user, "password")
    })
}

/// `POST /auth/refresh`: the presented token dies and a new pair is issued in the same
/// family. A token presented twice means it was copied: the whole family is revoked.
pub fn refresh(
    conn: &mut Conn,
    keys: &TokenKeys,
    context: &RequestContext,
    presented: &str,
) -> ApiResult<TokenResponse> {
    let hash = token::hash_refresh_token(presented);
    let now = db::now();
    // Refusals are returned inside Ok so that the revocation they cause is committed.
    db::transaction(conn, |conn| -> ApiResult<ApiResult<TokenResponse>> {
        let Some(stored) = RefreshToken::find_by_hash(conn, &hash)? else {
            return Ok(Err(invalid_refresh()));
        };
        if stored.revoked_at.is_some() || stored.used_at.is_some() || !RefreshToken::mark_used(conn, stored.id, now)? {
            let revoked = RefreshToken::revoke_family(conn, stored.family_id)?;
            audit::record(
                conn,
                Who { actor_id: Some(stored.user_id.0), actor_role: None, context: Some(context) },
                Entry::new(AuditAction::AuthRefreshReuse, stored.user_id.0).note("revoked_tokens", revoked),
            )?;
            return Ok(Err(ApiError::unauthorized(
                "auth.refresh_token_reused",
                "This refresh token was already used; every session of this sign-in has been ended.",
            )));
        }
        if stored.expires_at <= now {
            return Ok(Err(ApiError::unauthorized(
                "auth.refresh_token_expired",
                "The refresh token has expired; sign in again.",
            )));
        }
        let user = User::find(conn, stored.user_id)?;
        if user.status != UserStatus::Active {
            return Ok(Err(invalid_refresh()));
        }
        Ok(issue::tokens(conn, keys, user.subject(), Some(stored.family_id)))
    })?
}

/// `POST /auth/logout`: revokes the sign-in the refresh token belongs to. Unknown tokens
/// are ignored, so logging out twice is harmless.
pub fn logout(conn: &mut Conn, context: &RequestContext, presented: &str) -> ApiResult<()> {
    let hash = token::hash_refresh_token(presented);
    db::transaction(conn, |conn| {
        if let Some(stored) = RefreshToken::find_by_hash(conn, &hash)? {
            if RefreshToken::revoke_family(conn, stored.family_id)? > 0 {
                audit::record(
                    conn,
                    Who { actor_id: Some(Uuid::from(stored.user_id)), actor_role: None, context: Some(context) },
                    Entry::new(AuditAction::AuthLogout, stored.user_id.0),
                )?;
            }
        }
        Ok(())
    })
}
