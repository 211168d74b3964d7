//! Who is calling, for the rate limit: the user a valid access token names, or else the
//! client address. The middleware verifies the token once and leaves the claims for the
//! `Session` extractor, so a signed-in request pays for one verification, not two.
//!
//! Health probes are never limited: a load balancer polling `/readyz` must not be turned
//! away by its own diligence.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use uuid::Uuid;

use super::session::bearer_token;
use super::token::{AccessClaims, TokenKeys};
use crate::error::ApiError;
use crate::http::rate_limit::{Allowance, RATE_LIMIT, RATE_LIMIT_POLICY};
use crate::http::RequestContext;
use crate::state::AppState;

/// A caller with their own bucket.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    /// A signed-in user (or integration account).
    User(Uuid),
    /// Anyone else, by client address (all unknown addresses share one bucket).
    Address(String),
}

/// Claims the middleware already verified for this request.
#[derive(Debug, Clone)]
pub(super) struct VerifiedClaims(pub AccessClaims);

/// The signed-in user of a request: from the claims the middleware verified, else by
/// verifying the bearer token now (the limit may be off). For plumbing that keys by user
/// (idempotency) without verifying the token a second time.
pub fn signed_in_user(req: &actix_web::HttpRequest, tokens: &TokenKeys) -> Option<Uuid> {
    if let Some(verified) = req.extensions().get::<VerifiedClaims>() {
        return Some(verified.0.sub);
    }
    tokens.verify_access(bearer_token(req)?).ok().map(|claims| claims.sub)
}

fn is_probe(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz")
}

/// Middleware: charges the caller's bucket; 429 `rate_limit.exceeded` with `Retry-After`
/// when it is empty; `RateLimit-Policy` and `RateLimit` on every limited answer.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let Some(limiter) = state.as_ref().and_then(|s| s.rate_limit.as_ref()).filter(|_| !is_probe(req.path())) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let verified = match (bearer_token(req.request()), state.as_ref()) {
        (Some(token), Some(state)) => state.tokens.verify_access(token).ok(),
        _ => None,
    };
    let caller = match verified {
        Some(claims) => {
            let caller = Caller::User(claims.sub);
            req.extensions_mut().insert(VerifiedClaims(claims));
            caller
        }
        None => Caller::Address(RequestContext::client_ip(req.request()).unwrap_or_default()),
    };
    let (allowance, refused) = match limiter.charge(&caller) {
        Ok(allowance) => (allowance, None),
        Err(wait) => (Allowance::refused(wait), Some(wait)),
    };
    let mut response = match refused {
        None => next.call(req).await?.map_into_boxed_body(),
        Some(_) => req
            .error_response(ApiError::too_many_requests(
                "rate_limit.exceeded",
                "Too many requests; wait as Retry-After says, then go on.",
                allowance.full_in_secs,
            ))
            .map_into_boxed_body(),
    };
    let headers = response.headers_mut();
    headers.insert(RATE_LIMIT_POLICY.clone(), limiter.policy_header());
    headers.insert(RATE_LIMIT.clone(), allowance.header());
    Ok(response)
}
