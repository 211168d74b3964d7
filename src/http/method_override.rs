//! WeChat mini-programs cannot send PATCH (`wx.request` offers GET, POST, PUT, DELETE,
//! HEAD, OPTIONS). Every PATCH route therefore also accepts `POST` with
//! `X-HTTP-Method-Override: PATCH`; this middleware rewrites the method before routing.
//! Only POST → PATCH is honoured: an override must not turn a write into anything else.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderName;
use actix_web::http::Method;
use actix_web::middleware::Next;

/// The override header.
pub const METHOD_OVERRIDE: HeaderName = HeaderName::from_static("x-http-method-override");

/// Middleware: `POST` + `X-HTTP-Method-Override: PATCH` is served as `PATCH`.
pub async fn method_override(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let wants_patch = req.method() == Method::POST
        && req
            .headers()
            .get(&METHOD_OVERRIDE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("PATCH"));
    if wants_patch {
        req.head_mut().method = Method::PATCH;
    }
    next.call(req).await
}
