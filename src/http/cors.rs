//! CORS for H5 pages: only the origins in `ANCHANG_CORS_ORIGINS` may call the API from a
//! browser (none by default). Phones and servers do not send `Origin` and are unaffected.

use actix_cors::Cors;
use actix_web::http::header::{self, HeaderName};

/// The CORS middleware for an allow-list of origins (`https://h5.example.com`).
pub fn cors(origins: &[String]) -> Cors {
    let allowed: Vec<HeaderName> = vec![
        header::AUTHORIZATION,
        header::CONTENT_TYPE,
        header::ACCEPT,
        header::ACCEPT_LANGUAGE,
        header::IF_MATCH,
        header::IF_NONE_MATCH,
        super::context::REQUEST_ID,
        HeaderName::from_static("idempotency-key"),
        super::method_override::METHOD_OVERRIDE,
    ];
    let exposed: Vec<HeaderName> = vec![
        header::ETAG,
        header::LOCATION,
        header::RETRY_AFTER,
        super::context::REQUEST_ID,
        HeaderName::from_static("idempotent-replayed"),
    ];
    let mut cors = Cors::default()
        .allowed_methods(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers(allowed)
        .expose_headers(exposed)
        .max_age(600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}
