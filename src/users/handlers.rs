//! HTTP endpoints of the users API.

use actix_web::{get, patch, post, web, HttpResponse};
use uuid::Uuid;

use super::dto::{CreateUserRequest, ListUsersQuery, MeView, UpdateUserRequest, UpdatedUser, UserView};
use super::service;
use crate::auth::{Session, UserStatus};
use crate::db::Weight;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};
use crate::state::AppState;

/// Registers the users routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(me)
        .service(create_user)
        .service(list_users)
        .service(find_user)
        .service(update_user)
        .service(freeze_user)
        .service(unfreeze_user);
}

/// The signed-in user and their projects
///
/// What the app loads when it opens: one request for the account and every project it
/// works in.
#[utoipa::path(
    tag = "users",
    operation_id = "find_me",
    responses(
        (status = 200, body = MeView),
        (status = 401, response = Unauthorized),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn me(session: Session) -> ApiResult<web::Json<MeView>> {
    session.run(service::me).await.map(web::Json)
}

/// Create an account
///
/// Admins create any role. Managers create managers and salespeople, inside at least one
/// of their own projects. Nobody grants a role above their own.
#[utoipa::path(
    tag = "users",
    operation_id = "create_user",
    request_body = CreateUserRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response")),
    responses(
        (status = 201, body = UserView, headers(("Location" = String, description = "URL of the new account"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn create_user(session: Session, body: ValidJson<CreateUserRequest>) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let user = session.run_heavy(move |conn, actor| service::create(conn, actor, input)).await?;
    Ok(created(format!("/api/v1/users/{}", user.id), &user))
}

/// List accounts
///
/// Admins see everyone; managers see the people of their projects. Ordered by creation.
#[utoipa::path(
    tag = "users",
    operation_id = "list_users",
    params(ListUsersQuery, PageQuery),
    responses(
        (status = 200, body = Page<UserView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/users")]
pub async fn list_users(
    session: Session,
    filter: ValidQuery<ListUsersQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<UserView>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list(conn, actor, filter, page)).await.map(web::Json)
}

/// Get an account
#[utoipa::path(
    tag = "users",
    operation_id = "find_user",
    params(("id" = Uuid, Path, description = "Account id")),
    responses(
        (status = 200, body = UserView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
pub async fn find_user(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<UserView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find(conn, actor, id)).await.map(web::Json)
}

/// Change an account
///
/// Admins change anyone except their own role; a user may change their own display name,
/// phone and password. A new role or password ends the user's sessions. Mini-programs:
/// send `POST` with `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "users",
    operation_id = "update_user",
    params(("id" = Uuid, Path, description = "Account id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "The account; after one's own password change, with a new session", body = UpdatedUser),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
pub async fn update_user(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateUserRequest>,
) -> ApiResult<web::Json<UpdatedUser>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    // A new password is hashed (Argon2id, tens of milliseconds of a core): the heavy lane.
    let weight =
        if input.password.is_some() || input.current_password.is_some() { Weight::Heavy } else { Weight::Quick };
    session
        .run_as(weight, move |conn, actor| service::update(conn, actor, &state.tokens, id, input))
        .await
        .map(web::Json)
}

/// Freeze an account
///
/// The user is locked out at once: their access tokens stop working on the next request
/// and their refresh tokens are revoked. Admins freeze anyone; managers freeze
/// salespeople of their projects. Freezing a frozen account changes nothing.
#[utoipa::path(
    tag = "users",
    operation_id = "freeze_user",
    params(("id" = Uuid, Path, description = "Account id")),
    responses(
        (status = 200, body = UserView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/freeze")]
pub async fn freeze_user(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<UserView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::set_status(conn, actor, id, UserStatus::Frozen)).await.map(web::Json)
}

/// Unfreeze an account
#[utoipa::path(
    tag = "users",
    operation_id = "unfreeze_user",
    params(("id" = Uuid, Path, description = "Account id")),
    responses(
        (status = 200, body = UserView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/unfreeze")]
pub async fn unfreeze_user(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<UserView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::set_status(conn, actor, id, UserStatus::Active)).await.map(web::Json)
}
