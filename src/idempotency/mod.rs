//! `Idempotency-Key` for POST: phones on bad networks retry, and a retry must not create
//! a second lead or subscription.
//!
//! The first request with a key (per user) is served and its response stored in the
//! database, so every replica sees it. Within 24 hours a repeat of the same request (path,
//! query, body, and the headers that shape it: `Content-Type`, `X-HTTP-Method-Override`,
//! `If-Match`) gets that response back (`Idempotent-Replayed: true`) and changes nothing;
//! the same key with another request is 422 `idempotency.key_reused`; a repeat while the first is still
//! running is 409 `idempotency.in_progress`. A first response that was a server error is
//! not kept, so the retry runs again. Requests without a valid bearer token pass through
//! untouched: keys are scoped to the signed-in user.

mod model;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};
use sha2::{Digest, Sha256};

use crate::auth::caller::signed_in_user;
use crate::db::{self, Id};
use crate::error::{ApiError, ApiResult};
use crate::http::json::read_body;
use crate::state::AppState;

/// The request header.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a replayed response.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// How long a key is remembered.
const KEY_LIFETIME_HOURS: i64 = 24;
/// Response headers worth replaying.
const KEPT_HEADERS: [HeaderName; 2] = [header::CONTENT_TYPE, header::LOCATION];

enum Claim {
    /// Serve the request and store its response.
    First,
    /// Answer with this stored response.
    Replay { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
}

fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Middleware: see the module documentation.
pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = req.headers().get(&IDEMPOTENCY_KEY).map(|v| v.to_str().map(str::to_owned));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(key), Some(state), true) = (key, state, req.method() == Method::POST) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let Some(user_id) = signed_in_user(req.request(), &state.tokens).map(Id) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let key = match key {
        Ok(key) if valid_key(&key) => key,
        _ => {
            let error = ApiError::invalid_field(
                "idempotency.invalid_key",
                "Idempotency-Key",
                "must be 1 to 255 printable ASCII characters",
            );
            return Ok(req.into_response(error.error_response()));
        }
    };

    // The body is part of the request's identity, so it is read here and handed on.
    let (http_req, payload) = req.parts_mut();
    // The handler applies its own, usually smaller, limit to the body handed on.
    let limit = state.json_limit.max(crate::http::json::BULK_BODY_LIMIT);
    let body = match read_body(http_req, payload, limit).await {
        Ok(body) => body,
        Err(error) => return Ok(req.into_response(error.error_response())),
    };
    // The headers that decide what the request is or whether it is valid — which operation
    // a POST is (the mini-program's PATCH override), how its body is to be read, the version
    // it expects — are part of it: the same key and body with another of them is another
    // request (422), never a replay of the first one's answer.
    let deciding: Vec<u8> = [crate::http::method_override::METHOD_OVERRIDE, header::CONTENT_TYPE, header::IF_MATCH]
        .iter()
        .flat_map(|name| {
            let mut part = req.headers().get(name).map_or_else(|| b"\xff".to_vec(), |v| v.as_bytes().to_vec());
            part.push(0);
            part
        })
        .collect();
    let request_hash = hash_request(req.method(), Some(&deciding), req.path(), req.query_string(), &body);

    let claim = {
        let (key, hash) = (key.clone(), request_hash.clone());
        state.db.run(move |conn| claim(conn, user_id, &key, &hash)).await
    };
    match claim {
        Err(error) => Ok(req.into_response(error.error_response())),
        Ok(Claim::Replay { status, headers, body }) => {
            let mut response = HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK));
            for (name, value) in headers {
                response.insert_header((name, value));
            }
            response.insert_header((REPLAYED, HeaderValue::from_static("true")));
            Ok(req.into_response(response.body(body)))
        }
        Ok(Claim::First) => {
            req.set_payload(Payload::from(body));
            let response = next.call(req).await?;
            remember(&state, user_id, key, response).await
        }
    }
}

fn hash_request(method: &Method, headers: Option<&[u8]>, path: &str, query: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    // Requests without the headers differ from those with them empty.
    let headers = headers.map_or_else(|| b"\xff".to_vec(), <[u8]>::to_vec);
    for part in [method.as_str().as_bytes(), &headers, path.as_bytes(), query.as_bytes()] {
        hasher.update(part);
        hasher.update([0]);
    }
    hasher.update(body);
    hex::encode(hasher.finalize())
}

fn claim(conn: &mut db::Conn, user_id: Id, key: &str, request_hash: &str) -> ApiResult<Claim> {
    let now = db::now();
    if model::try_claim(conn, user_id, key, request_hash, now)? {
        return Ok(Claim::First);
    }
    let Some(stored) = model::find(conn, user_id, key)? else {
        // Forgotten between the two statements: the first request failed. Claim again.
        return if model::try_claim(conn, user_id, key, request_hash, now)? { Ok(Claim::First) } else { in_progress() };
    };
    if stored.created_at < now - chrono::Duration::hours(KEY_LIFETIME_HOURS) {
        model::forget(conn, user_id, key)?;
        return if model::try_claim(conn, user_id, key, request_hash, now)? { Ok(Claim::First) } else { in_progress() };
    }
    if stored.request_hash != request_hash {
        return Err(ApiError::invalid_field(
            "idempotency.key_reused",
            "Idempotency-Key",
            "was already used for a different request; use a new key for a new request",
        ));
    }
    match (stored.status_code, stored.response_body) {
        (Some(status), Some(body)) => Ok(Claim::Replay {
            status: u16::try_from(status).unwrap_or(200),
            headers: stored.response_headers.and_then(|h| serde_json::from_str(&h).ok()).unwrap_or_default(),
            body,
        }),
        _ => in_progress(),
    }
}

fn in_progress() -> ApiResult<Claim> {
    Err(ApiError::conflict(
        "idempotency.in_progress",
        "The first request with this key is still being served; retry shortly.",
    ))
}

/// Stores the response of a first request (or forgets the key after a server error) and
/// passes the response on.
async fn remember(
    state: &web::Data<AppState>,
    user_id: Id,
    key: String,
    response: ServiceResponse<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let (http_req, response) = response.into_parts();
    let status = response.status();
    let kept: Vec<(String, String)> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = response.headers().get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), value.to_owned()))
        })
        .collect();
    let (head, body) = response.into_parts();
    let body = actix_web::body::to_bytes(body)
        .await
        .map_err(|_| ApiError::internal(anyhow::anyhow!("could not buffer a response body")))?;
    let stored = {
        let body = body.clone();
        let headers = serde_json::to_string(&kept).unwrap_or_else(|_| "[]".into());
        state
            .db
            .run(move |conn| {
                if status.is_server_error() {
                    model::forget(conn, user_id, &key)?;
                } else {
                    model::save_response(conn, user_id, &key, status.as_u16(), &headers, &body)?;
                }
                Ok(())
            })
            .await
    };
    if let Err(error) = stored {
        // The change itself is done; only the replay copy is missing. A retry will get
        // 409 in_progress until the key expires rather than a second change.
        tracing::warn!(error = %error, "could not store an idempotent response");
    }
    Ok(ServiceResponse::new(http_req, head.set_body(body).map_into_boxed_body()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_hash_covers_method_deciding_headers_path_and_body() {
        let base = hash_request(&Method::POST, None, "/api/v1/leads", "", b"{}");
        assert_eq!(base, hash_request(&Method::POST, None, "/api/v1/leads", "", b"{}"));
        assert_ne!(base, hash_request(&Method::POST, None, "/api/v1/projects", "", b"{}"));
        assert_ne!(base, hash_request(&Method::POST, None, "/api/v1/leads", "", b"{ }"));
        let patch = hash_request(&Method::POST, Some(b"PATCH"), "/api/v1/leads", "", b"{}");
        assert_ne!(base, patch);
        assert_ne!(patch, hash_request(&Method::POST, Some(b"AAA"), "/api/v1/leads", "", b"{}"));
        assert_ne!(base, hash_request(&Method::POST, Some(b""), "/api/v1/leads", "", b"{}"));
    }

    #[test]
    fn keys_are_short_printable_ascii() {
        assert!(valid_key("9b2c6f1e-0c1d-4f7a-8f51-2f4a1c7e9d00"));
        assert!(!valid_key(""));
        assert!(!valid_key("has space"));
        assert!(!valid_key(&"k".repeat(256)));
    }
}
