//! What answers when no route matched: 405 with `Allow` when the path exists under other
//! methods, 404 otherwise — both as problem+json. The known paths come from the OpenAPI
//! document, so the answer can never disagree with the spec.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::ApiError;

/// The API's path templates and their methods.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<&'static str>)>,
}

#[derive(Debug, PartialEq)]
enum Segment {
    Literal(String),
    Param,
}

impl RouteTable {
    /// Reads the paths and methods of an OpenAPI document.
    pub fn from_openapi(doc: &serde_json::Value) -> Self {
        let routes = doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(template, item)| {
                let segments = split(template)
                    .map(|s| if s.starts_with('{') { Segment::Param } else { Segment::Literal(s.to_owned()) })
                    .collect();
                let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
                    .into_iter()
                    .filter(|method| item.get(method.to_ascii_lowercase()).is_some())
                    .collect();
                (segments, methods)
            })
            .collect();
        Self { routes }
    }

    /// The methods the path accepts, if it is a path of the API at all.
    pub fn methods_for(&self, path: &str) -> Vec<&'static str> {
        let parts: Vec<&str> = split(path).collect();
        let mut methods: Vec<&'static str> = self
            .routes
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len()
                    && segments.iter().zip(&parts).all(|(segment, part)| match segment {
                        Segment::Param => true,
                        Segment::Literal(literal) => literal == part,
                    })
            })
            .flat_map(|(_, methods)| methods.iter().copied())
            .collect();
        methods.sort_unstable();
        methods.dedup();
        methods
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// The default service: 405 or 404 — and 400 for a POST to a PATCH resource that forgot
/// `X-HTTP-Method-Override: PATCH` (the spec publishes that POST with the header required).
pub async fn not_matched(req: HttpRequest, table: web::Data<RouteTable>) -> Result<HttpResponse, ApiError> {
    let methods = table.methods_for(req.path());
    let method = req.method().as_str();
    Err(if method == "POST" && methods.contains(&"PATCH") {
        ApiError::bad_request(
            "request.method_override_required",
            "This resource is edited with PATCH; from a client that cannot send PATCH, send POST with \
             X-HTTP-Method-Override: PATCH.",
        )
    } else if methods.is_empty() || methods.contains(&method) {
        ApiError::not_found("route.not_found", format!("There is no {} {}.", req.method(), req.path()))
    } else {
        ApiError::method_not_allowed(&methods)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_concrete_paths() {
        let table = RouteTable {
            routes: vec![
                (vec![Segment::Literal("users".into()), Segment::Param], vec!["GET", "PATCH"]),
                (vec![Segment::Literal("users".into())], vec!["GET", "POST"]),
            ],
        };
        assert_eq!(table.methods_for("/users/0192"), vec!["GET", "PATCH"]);
        assert_eq!(table.methods_for("/users"), vec!["GET", "POST"]);
        assert!(table.methods_for("/users/1/2").is_empty());
    }
}
