//! HTTP plumbing shared by every module: request context and ids, the JSON body
//! extractor and the schema rules it enforces, pagination, the PATCH override for
//! mini-programs, conditional GETs, CORS, the rate limiter, and fallbacks.

pub mod bulk;
pub mod conditional;
pub mod context;
pub mod cors;
pub mod csv_out;
pub mod fallback;
pub mod json;
pub mod method_override;
pub mod pagination;
pub mod query;
pub mod rate_limit;
pub mod schema_rules;
pub mod schema_types;
pub mod svg;
pub mod timestamp;

pub use context::RequestContext;
pub use json::{ValidJson, ValidJsonList};
pub use pagination::{Page, PageQuery};
pub use query::ValidQuery;

/// Builds a 201 Created answer with `Location`.
pub fn created<T: serde::Serialize>(location: String, body: &T) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Created().insert_header((actix_web::http::header::LOCATION, location)).json(body)
}
