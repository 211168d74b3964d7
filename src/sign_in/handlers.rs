//! HTTP endpoints of sign-in.

use actix_web::{delete, post, web, HttpResponse};

use super::dto::{LoginRequest, RefreshRequest, WeChatBindRequest, WeChatLoginRequest};
use super::service::{self, wechat};
use crate::auth::dto::TokenResponse;
use crate::auth::Session;
use crate::db::Weight;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{RequestContext, ValidJson};
use crate::state::AppState;

/// Registers the auth routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login)
        .service(refresh_token)
        .service(logout)
        .service(wechat_login)
        .service(wechat_bind)
        .service(wechat_unbind);
}

/// Sign in
///
/// Returns a 15-minute access token and a single-use refresh token. Wrong username and
/// wrong password answer the same 401; after 5 failures for one username within 15
/// minutes, 429 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
        (status = 429, response = TooManyRequests),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    context: RequestContext,
    body: ValidJson<LoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let input = body.into_inner();
    let app = state.clone();
    state
        .db
        .run_as(Weight::Heavy, move |conn| service::login(conn, &app.tokens, app.login, &context, input))
        .await
        .map(web::Json)
}

/// Exchange a refresh token
///
/// The presented token dies and a new pair is returned. Presenting a token that was
/// already used revokes every token of that sign-in (it was copied) and answers 401.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh_token",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh_token(
    state: web::Data<AppState>,
    context: RequestContext,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let token = body.into_inner().refresh_token;
    let app = state.clone();
    state.db.run(move |conn| service::refresh(conn, &app.tokens, &context, &token)).await.map(web::Json)
}

/// Sign out
///
/// Revokes the refresh token and every token rotated from the same sign-in. Access tokens
/// already issued expire on their own within 15 minutes.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out (also when the token was unknown)"),
        (status = 422, response = Unprocessable),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    context: RequestContext,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let token = body.into_inner().refresh_token;
    state.db.run(move |conn| service::logout(conn, &context, &token)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign in from a WeChat mini-program
///
/// The code of `wx.login()` is exchanged with WeChat (jscode2session) for the user's openid.
/// Bound to an active account: its session, as for a password sign-in. Not bound yet: 401
/// `auth.wechat_unbound` with a single-use `bind_ticket` (and `bind_ticket_expires_in`,
/// seconds) for `POST /auth/wechat/bind`. A frozen account: 401 `auth.account_frozen`. A
/// bad code: 401 `auth.wechat_code_invalid`; WeChat throttling the app: 429
/// `auth.wechat_rate_limited`; WeChat busy, slow or down: 503 `auth.wechat_unavailable`;
/// no WeChat app configured: 503 `auth.wechat_not_configured`.
#[utoipa::path(
    tag = "auth",
    operation_id = "wechat_login",
    request_body = WeChatLoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
        (status = 429, response = TooManyRequests),
        (status = 503, response = Unavailable),
    )
)]
#[post("/auth/wechat")]
pub async fn wechat_login(
    state: web::Data<AppState>,
    context: RequestContext,
    body: ValidJson<WeChatLoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let exchange = state.wechat.as_ref().ok_or_else(wechat::not_configured)?;
    let identity = exchange.exchange(body.into_inner().code.trim()).await.map_err(wechat::refused)?;
    let app = state.clone();
    state.db.run(move |conn| wechat::sign_in_with(conn, &app.tokens, &context, identity)).await.map(web::Json)
}

/// Bind WeChat to an account and sign in
///
/// The `bind_ticket` of an unbound WeChat sign-in, with the account's username and password
/// (checked and throttled as `POST /auth/login` does). Binding replaces the account's
/// earlier WeChat, if any. 401 `auth.wechat_ticket_invalid` for a used, expired or unknown
/// ticket; 409 `auth.wechat_already_bound` when that WeChat already signs in another account.
#[utoipa::path(
    tag = "auth",
    operation_id = "wechat_bind",
    request_body = WeChatBindRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, response = Unauthorized),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
        (status = 429, response = TooManyRequests),
    )
)]
#[post("/auth/wechat/bind")]
pub async fn wechat_bind(
    state: web::Data<AppState>,
    context: RequestContext,
    body: ValidJson<WeChatBindRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let input = body.into_inner();
    let app = state.clone();
    state
        .db
        .run_as(Weight::Heavy, move |conn| wechat::bind(conn, &app.tokens, app.login, &context, input))
        .await
        .map(web::Json)
}

/// Unbind my WeChat
///
/// WeChat no longer signs the caller in; sessions already open stay. Unbinding an unbound
/// account is harmless (204).
#[utoipa::path(
    tag = "auth",
    operation_id = "wechat_unbind",
    responses(
        (status = 204, description = "Unbound (also when nothing was bound)"),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
#[delete("/me/wechat")]
pub async fn wechat_unbind(session: Session) -> ApiResult<HttpResponse> {
    session.run(wechat::unbind).await?;
    Ok(HttpResponse::NoContent().finish())
}
