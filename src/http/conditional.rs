//! Conditional GETs for phones that poll, and `HEAD` for every `GET`.
//!
//! A successful GET answer carries a weak `ETag` computed from its body (weak because the
//! compression middleware may re-encode the bytes); a request whose `If-None-Match` names
//! it gets `304 Not Modified` with no body. The tag is a hash of the representation the
//! caller may see, so a masked and a clear view of the same lead have different tags.
//!
//! `HEAD` is served as the `GET` of the same path: actix-http's codec already knows the
//! request was HEAD and sends the headers (with the GET's `Content-Length`) but no body.

use actix_web::body::{self, BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::HttpResponse;

/// Bodies larger than this (exports) stream through without a tag.
const TAGGED_BODY_LIMIT: u64 = 4 * 1024 * 1024;

/// Middleware: see the module documentation.
pub async fn conditional_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let if_none_match = (req.method() == Method::GET)
        .then(|| req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned));
    let response = next.call(req).await?;
    let Some(if_none_match) = if_none_match else {
        return Ok(response.map_into_boxed_body());
    };
    let small = matches!(response.response().body().size(), BodySize::Sized(n) if n <= TAGGED_BODY_LIMIT);
    if response.status() != StatusCode::OK || !small {
        return Ok(response.map_into_boxed_body());
    }
    let (request, response) = response.into_parts();
    let (mut head, body) = response.into_parts();
    let bytes = match body::to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(_) => return Ok(ServiceResponse::new(request, HttpResponse::InternalServerError().finish())),
    };
    let tag = entity_tag(&bytes);
    let value = HeaderValue::from_str(&tag).map_err(actix_web::error::ErrorInternalServerError)?;
    if if_none_match.as_deref().is_some_and(|wanted| matches(wanted, &tag)) {
        let mut not_modified = HttpResponse::NotModified();
        not_modified.insert_header((header::ETAG, value));
        for name in [header::CACHE_CONTROL, header::VARY] {
            if let Some(kept) = head.headers().get(&name) {
                not_modified.insert_header((name, kept.clone()));
            }
        }
        return Ok(ServiceResponse::new(request, not_modified.finish()));
    }
    head.headers_mut().insert(header::ETAG, value);
    Ok(ServiceResponse::new(request, head.set_body(bytes).map_into_boxed_body()))
}

/// `W/"<the body's 128-bit XXH3, hex>"`: the same on every replica, and no secret in it.
pub fn entity_tag(body: &[u8]) -> String {
    format!("W/\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(body))
}

/// Weak comparison of `If-None-Match` (a list of tags, or `*`) against our tag.
fn matches(if_none_match: &str, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(tag);
    if_none_match.split(',').any(|candidate| candidate.trim() == "*" || opaque(candidate) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_compare_weakly_in_lists_and_star() {
        let tag = entity_tag(b"{}");
        assert!(tag.starts_with("W/\"") && tag.len() == 36);
        let strong = tag.trim_start_matches("W/");
        assert!(matches(&tag, &tag));
        assert!(matches(strong, &tag));
        assert!(matches(&format!("\"other\", {tag}"), &tag));
        assert!(matches("*", &tag));
        assert!(!matches("W/\"other\"", &tag));
    }
}
