//! WeChat mini-program sign-in. The phone's login code is exchanged (`sign_in::wechat`) for
//! the user's openid; a bound openid signs its user in as a password would, an unbound one
//! gets a short-lived single-use bind ticket that, with the user's username and password
//! (throttled like any sign-in), binds it and signs in.

use chrono::Duration;

use super::{account_frozen, check_password, refuse_frozen, sign_in};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::dto::TokenResponse;
use crate::auth::token::{self, TokenKeys};
use crate::auth::{Actor, UserStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::http::RequestContext;
use crate::sign_in::dto::WeChatBindRequest;
use crate::sign_in::model::{BindTicket, WeChatBinding};
use crate::sign_in::wechat::{ExchangeRefusal, WeChatIdentity};
use crate::state::LoginPolicy;
use crate::users::model::User;

/// How long a bind ticket may be used: long enough to type a username and password.
pub const BIND_TICKET_TTL_SECS: i64 = 600;

/// 503 `auth.wechat_not_configured`: no app id and secret on this server.
pub fn not_configured() -> ApiError {
    ApiError::unavailable("auth.wechat_not_configured", "WeChat sign-in is not set up on this server.", 3600)
}

/// The problem for a code WeChat would not exchange.
pub fn refused(refusal: ExchangeRefusal) -> ApiError {
    match refusal {
        ExchangeRefusal::InvalidCode => ApiError::unauthorized(
            "auth.wechat_code_invalid",
            "The WeChat login code is invalid, expired or already used; log in on WeChat again.",
        ),
        ExchangeRefusal::RateLimited => ApiError::too_many_requests(
            "auth.wechat_rate_limited",
            "WeChat is limiting sign-ins for this mini-program; try again shortly.",
            60,
        ),
        ExchangeRefusal::Unavailable => {
            ApiError::unavailable("auth.wechat_unavailable", "WeChat did not answer in time; try again shortly.", 5)
        }
    }
}

/// An openid as the audit trail shows it: enough to tell two apart, not to reuse one.
fn masked(openid: &str) -> String {
    let tail: String = openid.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("…{tail}")
}

/// `POST /auth/wechat`, once WeChat named the user: their session when the openid is bound
/// to an active account; 401 `auth.account_frozen` for a frozen one; otherwise 401
/// `auth.wechat_unbound` carrying a `bind_ticket`.
pub fn sign_in_with(
    conn: &mut Conn,
    keys: &TokenKeys,
    context: &RequestContext,
    identity: WeChatIdentity,
) -> ApiResult<TokenResponse> {
    if let Some(user_id) = WeChatBinding::user_of(conn, &identity.app_id, &identity.openid)? {
        let user = User::find(conn, user_id)?;
        if user.status != UserStatus::Active {
            refuse_frozen(conn, context, &user, "wechat")?;
            return Err(account_frozen());
        }
        return db::transaction(conn, |conn| sign_in(conn, keys, context, &user, "wechat"));
    }
    // The same 256 random bits and SHA-256 at rest as a refresh token.
    let (ticket, ticket_hash) = token::new_refresh_token();
    let now = db::now();
    let stored = BindTicket {
        ticket_hash,
        app_id: identity.app_id,
        openid: identity.openid,
        unionid: identity.unionid,
        issued_at: now,
        expires_at: now + Duration::seconds(BIND_TICKET_TTL_SECS),
        used_at: None,
    };
    db::transaction(conn, |conn| {
        stored.insert(conn)?;
        let entry = Entry::new(AuditAction::AuthLoginFailed, None)
            .note("method", "wechat")
            .note("reason", "unbound")
            .note("openid", masked(&stored.openid));
        audit::record(conn, Who::request(context, None), entry)
    })?;
    Err(ApiError::unauthorized(
        "auth.wechat_unbound",
        "This WeChat account is not bound to a user yet; bind it with your username and password.",
    )
    .with_extension("bind_ticket", ticket)
    .with_extension("bind_ticket_expires_in", BIND_TICKET_TTL_SECS))
}

/// `POST /auth/wechat/bind`: the password first (so a wrong one counts towards the throttle
/// and leaves the ticket usable), then the ticket, used once; the user's earlier binding,
/// if any, is replaced (换绑). 409 `auth.wechat_already_bound` when the openid belongs to
/// another account.
pub fn bind(
    conn: &mut Conn,
    keys: &TokenKeys,
    policy: LoginPolicy,
    context: &RequestContext,
    input: WeChatBindRequest,
) -> ApiResult<TokenResponse> {
    let verified = check_password(conn, policy, context, &input.username, &input.password)?;
    let ticket_hash = token::hash_refresh_token(input.bind_ticket.trim());
    db::transaction(conn, |conn| {
        let now = db::now();
        let ticket = BindTicket::use_once(conn, &ticket_hash, now)?.ok_or_else(|| {
            ApiError::unauthorized(
                "auth.wechat_ticket_invalid",
                "The bind ticket is invalid, expired or already used; log in on WeChat again.",
            )
        })?;
        let user = &verified.user;
        let binding = WeChatBinding {
            user_id: user.id,
            app_id: ticket.app_id,
            openid: ticket.openid,
            unionid: ticket.unionid,
            bound_at: now,
        };
        let (bound, earlier) = binding.bind(conn)?;
        if !bound {
            return Err(ApiError::conflict(
                "auth.wechat_already_bound",
                "This WeChat account is bound to another user; unbind it there first.",
            ));
        }
        verified.forget_failures(conn)?;
        let entry = Entry::new(AuditAction::UserWechatBind, user.id.0).set("app_id", &binding.app_id).change(
            "openid",
            earlier.as_ref().map(|e| masked(&e.openid)),
            Some(masked(&binding.openid)),
        );
        audit::record(conn, Who::request(context, Some((user.id.0, user.role))), entry)?;
        sign_in(conn, keys, context, user, "wechat")
    })
}

/// `DELETE /me/wechat`: the caller's WeChat no longer signs them in. Unbinding twice is
/// harmless (a phone's retry gets the same 204).
pub fn unbind(conn: &mut Conn, actor: &Actor) -> ApiResult<()> {
    db::transaction(conn, |conn| {
        if let Some(earlier) = WeChatBinding::remove(conn, Id(actor.id))? {
            let entry = Entry::new(AuditAction::UserWechatUnbind, actor.id).set("app_id", &earlier.app_id).change(
                "openid",
                Some(masked(&earlier.openid)),
                None,
            );
            audit::record(conn, actor.into(), entry)?;
        }
        Ok(())
    })
}
