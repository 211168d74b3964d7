//! The `Session` extractor: a request with a valid bearer token. Its claims are checked
//! against the user's current status and token_version, and its session (refresh-token
//! family) against revocation, in one statement inside the same blocking task as the
//! handler's own work (one `web::block`, no extra round trip): a frozen user's token, and
//! the token of a session that signed out or whose refresh token was reused, fail at once.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use diesel::prelude::*;
use std::future::{ready, Ready};
use uuid::Uuid;

use super::caller::VerifiedClaims;
use super::token::AccessClaims;
use super::{Role, UserStatus};
use crate::db::{self, Conn, Id, Pool};
use crate::error::{ApiError, ApiResult};
use crate::http::RequestContext;
use crate::schema::{refresh_tokens, users};
use crate::state::AppState;

/// The signed-in user, as checked against the database for this request.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The user's id.
    pub id: Uuid,
    /// The user's login name.
    pub username: String,
    /// The user's current role.
    pub role: Role,
    /// Where the request came from, for the audit trail.
    pub context: RequestContext,
}

impl Actor {
    /// Checks the token's claims against the user as they are now.
    pub fn authenticate(conn: &mut Conn, claims: &AccessClaims, context: RequestContext) -> ApiResult<Self> {
        // The session lives while its family has a token that was not revoked.
        let session_alive = diesel::dsl::exists(
            refresh_tokens::table
                .filter(refresh_tokens::family_id.eq(Id(claims.sid)))
                .filter(refresh_tokens::user_id.eq(Id(claims.sub)))
                .filter(refresh_tokens::revoked_at.is_null()),
        );
        let row: Option<(String, Role, UserStatus, i32, bool)> = users::table
            .find(Id(claims.sub))
            .select((users::username, users::role, users::status, users::token_version, session_alive))
            .first(conn)
            .optional()?;
        match row {
            Some((username, role, UserStatus::Active, token_version, true)) if token_version == claims.tv => {
                Ok(Self { id: claims.sub, username, role, context })
            }
            _ => Err(ApiError::unauthorized("auth.token_revoked", "This session is no longer valid; sign in again.")),
        }
    }

    /// Whether the actor is an admin.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// A request that carried a valid access token.
pub struct Session {
    claims: AccessClaims,
    context: RequestContext,
    pool: Pool,
}

impl Session {
    /// The token's claims (not yet checked against the database).
    pub fn claims(&self) -> &AccessClaims {
        &self.claims
    }

    /// Runs `work` with a connection and the checked actor, off the actix threads.
    pub async fn run<T, F>(self, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut Conn, &Actor) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let Session { claims, context, pool } = self;
        db::run(&pool, move |conn| {
            let actor = Actor::authenticate(conn, &claims, context)?;
            work(conn, &actor)
        })
        .await
    }
}

/// The token in `Authorization: Bearer <token>`, if any.
pub fn bearer_token(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

impl FromRequest for Session {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready((|| {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState is not registered")))?;
            // The rate limit's middleware may have verified the token already.
            let verified = req.extensions().get::<VerifiedClaims>().map(|v| v.0.clone());
            let claims = match verified {
                Some(claims) => claims,
                None => {
                    let token = bearer_token(req).ok_or_else(|| {
                        ApiError::unauthorized(
                            "auth.missing_token",
                            "Send an access token as `Authorization: Bearer <token>`.",
                        )
                    })?;
                    state.tokens.verify_access(token)?
                }
            };
            Ok(Session { claims, context: RequestContext::of(req), pool: state.pool.clone() })
        })())
    }
}
