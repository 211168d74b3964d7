//! HTTP endpoints of integration clients and the OAuth token endpoint.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use base64::Engine;
use uuid::Uuid;

use super::dto::*;
use super::service;
use super::token::{self, Refusal};
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{created, Page, PageQuery, RequestContext, ValidJson, ValidQuery};
use crate::state::AppState;

/// Registers the client routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(issue_oauth_token)
        .service(create_integration_client)
        .service(list_integration_clients)
        .service(find_integration_client)
        .service(revoke_integration_client)
        .service(rotate_integration_client_secret);
}

/// `client_id:client_secret` of `Authorization: Basic`, each form-decoded (RFC 6749 §2.3.1).
fn basic_credentials(req: &HttpRequest) -> Result<Option<(String, String)>, Refusal> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else { return Ok(None) };
    let malformed = Refusal::InvalidRequest("The Basic credentials are malformed.");
    let value = value.to_str().map_err(|_| malformed.clone())?;
    let Some((scheme, encoded)) = value.split_once(' ') else { return Err(malformed) };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(Refusal::InvalidRequest("Authenticate the client with HTTP Basic or in the body."));
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| malformed.clone())?;
    let text = String::from_utf8(decoded).map_err(|_| malformed.clone())?;
    let (id, secret) = text.split_once(':').ok_or(malformed)?;
    let form_decoded =
        |part: &str| url::form_urlencoded::parse(format!("v={part}").as_bytes()).next().map(|(_, v)| v.into_owned());
    Ok(Some((form_decoded(id).unwrap_or_default(), form_decoded(secret).unwrap_or_default())))
}

fn refusal(refusal: &Refusal) -> HttpResponse {
    let body = OAuthError { error: refusal.error().to_owned(), error_description: refusal.description().to_owned() };
    let mut response = if *refusal == Refusal::InvalidClient {
        let mut response = HttpResponse::Unauthorized();
        response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"anchang\"")));
        response
    } else {
        HttpResponse::BadRequest()
    };
    response.insert_header((header::PRAGMA, "no-cache")).json(body)
}

/// Get an access token (OAuth 2.0 client credentials)
///
/// RFC 6749 §4.4: `grant_type=client_credentials`, form-encoded, with the client's id and
/// secret as HTTP Basic or in the body, and optionally `scope` (space-separated, at most
/// the client's; all of them when absent). The token works as `Authorization: Bearer` for
/// 15 minutes on the operations its scopes open (each operation's `oauth2` requirement in
/// this spec); there is no refresh token — ask again. Refusals are RFC 6749 JSON
/// (`{"error": "invalid_client", …}`), the one place this API does not answer problem+json:
/// 400 `invalid_request`, `unsupported_grant_type`, `invalid_scope`; 401 `invalid_client`.
#[utoipa::path(
    tag = "auth",
    operation_id = "issue_oauth_token",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "A token", body = OAuthToken),
        (status = 400, description = "The request, the grant or the scope is refused (RFC 6749 §5.2)", body = OAuthError),
        (status = 401, description = "The client is unknown, the secret wrong, or the client revoked", body = OAuthError,
         headers(("WWW-Authenticate" = String, description = "`Basic realm=\"anchang\"`"))),
    )
)]
#[post("/oauth/token")]
pub async fn issue_oauth_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    context: RequestContext,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let form_encoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if !form_encoded {
        return Ok(refusal(&Refusal::InvalidRequest("Send the request as application/x-www-form-urlencoded.")));
    }
    let form: Vec<(String, String)> =
        url::form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let grant = match basic_credentials(&req).and_then(|basic| token::read(&form, basic)) {
        Ok(grant) => grant,
        Err(refused) => return Ok(refusal(&refused)),
    };
    let app = state.clone();
    let answer = state.db.run(move |conn| token::exchange(conn, &app.tokens, &context, grant)).await?;
    Ok(match answer {
        Ok(token) => HttpResponse::Ok().insert_header((header::PRAGMA, "no-cache")).json(token),
        Err(refused) => refusal(&refused),
    })
}

/// Make an integration client
///
/// Admins. The client works in `project_ids` like a manager, through the operations its
/// `scopes` open. The answer carries `client_secret` — shown this once.
#[utoipa::path(
    tag = "auth",
    operation_id = "create_integration_client",
    request_body = CreateClientRequest,
    responses(
        (status = 201, body = CreatedClient, headers(("Location" = String, description = "URL of the client"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/integration-clients")]
pub async fn create_integration_client(
    session: Session,
    body: ValidJson<CreateClientRequest>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let made = session.run(move |conn, actor| service::create(conn, actor, input)).await?;
    Ok(created(format!("/api/v1/integration-clients/{}", made.client.client_id), &made))
}

/// List integration clients
///
/// Admins. Newest first, revoked ones included.
#[utoipa::path(
    tag = "auth",
    operation_id = "list_integration_clients",
    params(PageQuery),
    responses(
        (status = 200, body = Page<ClientView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/integration-clients")]
pub async fn list_integration_clients(
    session: Session,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<ClientView>>> {
    let page = page.into_inner();
    session.run(move |conn, actor| service::list(conn, actor, page)).await.map(web::Json)
}

/// Read an integration client
///
/// Admins.
#[utoipa::path(
    tag = "auth",
    operation_id = "find_integration_client",
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 200, body = ClientView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/integration-clients/{id}")]
pub async fn find_integration_client(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<ClientView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find(conn, actor, id)).await.map(web::Json)
}

/// Revoke an integration client
///
/// Admins. It gets no more tokens, and the tokens it holds stop working at once. Revoking
/// twice is harmless (204).
#[utoipa::path(
    tag = "auth",
    operation_id = "revoke_integration_client",
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[delete("/integration-clients/{id}")]
pub async fn revoke_integration_client(session: Session, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::revoke(conn, actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate an integration client's secret
///
/// Admins. A new secret, shown this once; the old one stops at once (tokens already
/// issued run out on their own). 409 `client.revoked` for a revoked client.
#[utoipa::path(
    tag = "auth",
    operation_id = "rotate_integration_client_secret",
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 200, body = RotatedClientSecret),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[post("/integration-clients/{id}/rotate-secret")]
pub async fn rotate_integration_client_secret(
    session: Session,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RotatedClientSecret>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::rotate_secret(conn, actor, id)).await.map(web::Json)
}
