//! The `Session` extractor: a request with a valid bearer token. Its claims are checked
//! against the user's current status and token_version, and its session (refresh-token
//! family) against revocation, in one statement inside the same blocking task as the
//! handler's own work (one `web::block`, no extra round trip): a frozen user's token, and
//! the token of a session that signed out or whose refresh token was reused, fail at once.
//!
//! A hot request may go further and fold the check into its own statement
//! ([`Session::run_folded`]): its WHERE clause carries [`SessionCheck::holds`] — the lead
//! page's query, the lock a follow-up takes on its lead — so the check costs no statement,
//! and only an empty answer (or input refused before it) asks the database separately
//! whether the session is gone.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use diesel::prelude::*;
use diesel::sql_types::Bool;
use std::future::{ready, Ready};
use uuid::Uuid;

use super::caller::VerifiedClaims;
use super::scopes::ScopeTable;
use super::token::AccessClaims;
use super::{Role, UserStatus};
use crate::db::{self, Conn, Database, Id, Weight};
use crate::error::{ApiError, ApiResult};
use crate::http::RequestContext;
use crate::schema::{refresh_tokens, users};
use crate::state::AppState;

/// The signed-in user, as checked against the database for this request.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The user's id.
    pub id: Uuid,
    /// The user's current role.
    pub role: Role,
    /// Where the request came from, for the audit trail.
    pub context: RequestContext,
    /// The display name, when the session was checked in a statement of its own (which
    /// reads it on the way): a write that shows its author needs no second look-up.
    pub display_name: Option<String>,
}

impl Actor {
    /// Checks the token's claims against the user as they are now.
    pub fn authenticate(conn: &mut Conn, claims: &AccessClaims, context: RequestContext) -> ApiResult<Self> {
        // The session lives while its family has a token that was not revoked.
        let session_alive = diesel::dsl::exists(session_family(Id(claims.sub), Id(claims.sid)));
        let row: Option<(Role, UserStatus, i32, bool, String)> = users::table
            .find(Id(claims.sub))
            .select((users::role, users::status, users::token_version, session_alive, users::display_name))
            .first(conn)
            .optional()?;
        match row {
            Some((role, UserStatus::Active, token_version, true, name)) if token_version == claims.tv => {
                Ok(Self { id: claims.sub, role, context, display_name: Some(name) })
            }
            _ => Err(ApiError::unauthorized("auth.token_revoked", "This session is no longer valid; sign in again.")),
        }
    }

    /// The actor the token names, before the database confirmed it: only for a statement
    /// that carries [`SessionCheck::holds`], which confirms it (role included).
    fn claimed(claims: &AccessClaims, context: RequestContext) -> Self {
        Self { id: claims.sub, role: claims.role, context, display_name: None }
    }

    /// Whether the actor is an admin.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// Whether a folded read still has to check the session in its own statement.
#[derive(Debug, Clone, Copy)]
pub enum SessionCheck<'a> {
    /// The statement must carry [`SessionCheck::holds`] for these claims.
    Folded(&'a AccessClaims),
    /// The session was checked on its own already (or there is none to check: tools).
    Done,
}

/// A boolean SQL condition usable in any table's WHERE clause, for the multi-backend
/// connection or (naming `DB`) for one backend's own.
pub type Condition<QS, DB = db::MultiBackend> = Box<dyn diesel::BoxableExpression<QS, DB, SqlType = Bool>>;

impl SessionCheck<'_> {
    /// The session check as a condition: the token's user is active, at the token's
    /// version and role, and its session alive. Uncorrelated, so the database evaluates
    /// it once per statement; written in diesel's DSL, so the statement stays cacheable
    /// as a prepared statement (SQL text would be planned anew on every request).
    /// `None` when the check is done.
    pub fn holds<QS, DB>(&self) -> Option<Condition<QS, DB>>
    where
        DB: diesel::backend::Backend,
        diesel::dsl::exists<session_holds>: diesel::BoxableExpression<QS, DB, SqlType = Bool>,
    {
        Some(Box::new(self.folded()?))
    }

    /// [`SessionCheck::holds`] as its own static type, for a statement written with static
    /// types: diesel finds such a statement's prepared statement by its type, rendering no
    /// SQL (a boxed statement is rendered on every pass to find it).
    pub fn folded(&self) -> Option<diesel::dsl::exists<session_holds>> {
        let SessionCheck::Folded(claims) = self else { return None };
        let (user, session) = (Id(claims.sub), Id(claims.sid));
        Some(diesel::dsl::exists(session_holds(user, session, claims.tv, claims.role, UserStatus::Active)))
    }
}

/// Both conditions, when there are any: a data scope and a folded session check in one
/// WHERE clause of a statement that is not boxed (diesel locks only those).
pub fn all_of<QS, DB>(first: Option<Condition<QS, DB>>, second: Option<Condition<QS, DB>>) -> Option<Condition<QS, DB>>
where
    DB: diesel::backend::Backend,
    diesel::dsl::And<Condition<QS, DB>, Condition<QS, DB>>: diesel::BoxableExpression<QS, DB, SqlType = Bool> + 'static,
{
    match (first, second) {
        (Some(first), Some(second)) => Some(Box::new(first.and(second))),
        (one, None) | (None, one) => one,
    }
}

/// The user row of a live session: active, at this token version and role, with its
/// refresh-token family not revoked.
#[diesel::dsl::auto_type]
pub fn session_holds(user: Id, session: Id, token_version: i32, role: Role, active: UserStatus) -> _ {
    let alive: diesel::dsl::exists<session_family> = diesel::dsl::exists(session_family(user, session));
    users::table
        .filter(users::id.eq(user))
        .filter(users::status.eq(active))
        .filter(users::token_version.eq(token_version))
        .filter(users::role.eq(role))
        .filter(alive)
}

/// The session's unrevoked refresh tokens.
#[diesel::dsl::auto_type]
pub fn session_family(user: Id, session: Id) -> _ {
    refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(session))
        .filter(refresh_tokens::user_id.eq(user))
        .filter(refresh_tokens::revoked_at.is_null())
}

/// A request that carried a valid access token.
pub struct Session {
    claims: AccessClaims,
    context: RequestContext,
    db: Database,
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
        self.run_as(Weight::Quick, work).await
    }

    /// [`Session::run`] on the heavy lane: reports, exports, imports, password hashing.
    pub async fn run_heavy<T, F>(self, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut Conn, &Actor) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run_as(Weight::Heavy, work).await
    }

    /// [`Session::run`] on the lane of `weight`.
    pub async fn run_as<T, F>(self, weight: Weight, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut Conn, &Actor) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let Session { claims, context, db } = self;
        db.run_as(weight, move |conn| {
            let actor = Actor::authenticate(conn, &claims, context)?;
            work(conn, &actor)
        })
        .await
    }

    /// Runs a read whose own statement checks the session: `work` puts
    /// `check.holds()` in its WHERE clause and answers `None` when that statement found
    /// nothing. An empty answer cannot tell "nothing to show" from "session gone", so the
    /// session is then checked on its own (401 if gone) and `work` runs again with the
    /// actor the database knows and `SessionCheck::Done`; there it must answer.
    pub async fn run_folded<T, F>(self, work: F) -> ApiResult<T>
    where
        F: Fn(&mut Conn, &Actor, SessionCheck<'_>) -> ApiResult<Option<T>> + Send + 'static,
        T: Send + 'static,
    {
        let Session { claims, context, db } = self;
        db.run(move |conn| {
            if let Some(answer) = work(conn, &Actor::claimed(&claims, context.clone()), SessionCheck::Folded(&claims))?
            {
                return Ok(answer);
            }
            let actor = Actor::authenticate(conn, &claims, context)?;
            work(conn, &actor, SessionCheck::Done)?
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a folded read answered nothing after the check")))
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
            // An integration client's token opens only the operations its scopes name; a
            // client's token without scopes (none are issued) opens nothing.
            if claims.scope.is_some() || claims.role == Role::Client {
                let granted = claims.scope.as_deref().unwrap_or_default();
                let table = req.app_data::<web::Data<ScopeTable>>();
                let template = req.match_pattern();
                // Every GET also answers HEAD, with the GET's rights.
                let method = if req.method() == actix_web::http::Method::HEAD { "GET" } else { req.method().as_str() };
                match table {
                    Some(table) => table.check(method, template.as_deref(), granted)?,
                    None => ScopeTable::default().check(method, None, granted)?,
                }
            }
            Ok(Session { claims, context: RequestContext::of(req), db: state.db.clone() })
        })())
    }
}
