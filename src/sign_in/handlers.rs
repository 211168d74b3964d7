//! HTTP endpoints of sign-in.

use actix_web::{post, web, HttpResponse};

use super::dto::{LoginRequest, RefreshRequest};
use super::service;
use crate::auth::dto::TokenResponse;
use crate::db;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{RequestContext, ValidJson};
use crate::state::AppState;

/// Registers the auth routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login).service(refresh_token).service(logout);
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
    db::run(&state.pool, move |conn| service::login(conn, &app.tokens, app.login, &context, input)).await.map(web::Json)
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
    db::run(&state.pool, move |conn| service::refresh(conn, &app.tokens, &context, &token)).await.map(web::Json)
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
    db::run(&state.pool, move |conn| service::logout(conn, &context, &token)).await?;
    Ok(HttpResponse::NoContent().finish())
}
