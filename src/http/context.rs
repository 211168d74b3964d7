//! Request ids, the per-request tracing span, and what the audit trail records about a
//! request (id, client address, user agent).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use std::future::{ready, Ready};
use tracing::Instrument;

use crate::state::AppState;

/// The request id header: accepted from the client (or a proxy), generated otherwise,
/// and echoed on the response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// `Server-Timing` (W3C): with `ANCHANG_SERVER_TIMING=true`, the statements a request sent.
const SERVER_TIMING: HeaderName = HeaderName::from_static("server-timing");

/// The id of the request being served.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Who sent a request, as the audit trail records it.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// The request id (`X-Request-Id`).
    pub request_id: Option<String>,
    /// The client address: the peer's, or the proxy headers' when `ANCHANG_TRUST_PROXY` is on.
    pub ip: Option<String>,
    /// The client's `User-Agent`, cut to 256 characters.
    pub user_agent: Option<String>,
}

impl RequestContext {
    /// Reads the context of a request.
    pub fn of(req: &HttpRequest) -> Self {
        // Separate statements: both calls borrow the request's extensions, and a borrow
        // taken inside a struct literal lives until the end of the whole literal.
        let request_id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
        Self {
            request_id,
            ip: Self::client_ip(req),
            user_agent: req
                .headers()
                .get(actix_web::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|ua| ua.chars().take(256).collect()),
        }
    }

    /// The client address: the peer's, or the proxy headers' when `ANCHANG_TRUST_PROXY` is on.
    pub fn client_ip(req: &HttpRequest) -> Option<String> {
        let trust_proxy = req.app_data::<actix_web::web::Data<AppState>>().is_some_and(|s| s.trust_proxy);
        if trust_proxy {
            req.connection_info().realip_remote_addr().map(str::to_owned)
        } else {
            req.peer_addr().map(|addr| addr.ip().to_string())
        }
    }
}

impl FromRequest for RequestContext {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(Ok(Self::of(req)))
    }
}

/// A client-given id is kept only when it matches `[A-Za-z0-9._:-]{1,64}`, so it cannot
/// smuggle anything into logs, headers or a spreadsheet opened from an export.
fn acceptable(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_:".contains(&b))
}

/// Middleware: assigns the request id, runs the request inside a span that carries it,
/// logs one line per request, and echoes the id.
pub async fn request_span(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = std::time::Instant::now();
    let server_timing = req.app_data::<actix_web::web::Data<AppState>>().is_some_and(|s| s.server_timing);
    let (result, statements) = crate::db::statements::counted(next.call(req)).instrument(span.clone()).await;
    let _entered = span.enter();
    match result {
        Ok(mut response) => {
            tracing::info!(
                status = response.status().as_u16(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                statements,
                "served"
            );
            if let Ok(value) = HeaderValue::from_str(&id) {
                response.headers_mut().insert(REQUEST_ID, value);
            }
            if server_timing {
                let timing = format!("db;desc=\"{statements} statements\"");
                if let Ok(value) = HeaderValue::from_str(&timing) {
                    response.headers_mut().insert(SERVER_TIMING, value);
                }
            }
            Ok(response)
        }
        Err(error) => {
            tracing::warn!(error = %error, "request failed before a response");
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn only_short_printable_request_ids_are_kept() {
        assert!(acceptable("0b6f-42"));
        assert!(acceptable("trace:abc.1_2"));
        assert!(!acceptable(""));
        assert!(!acceptable("has space"));
        assert!(!acceptable("line\nbreak"));
        assert!(!acceptable("=1+1"));
        assert!(!acceptable(&"x".repeat(65)));
    }
}
