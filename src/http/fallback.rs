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

    /// The methods the path accepts, if it is a path of the API at all. Where templates
    /// overlap (`/leads/pool` and `/leads/{id}`), the most specific one (fewest
    /// parameters) decides: the router serves literal paths before parameters too.
    pub fn methods_for(&self, path: &str) -> Vec<&'static str> {
        let parts: Vec<&str> = split(path).collect();
        let matching: Vec<&(Vec<Segment>, Vec<&'static str>)> = self
            .routes
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len()
                    && segments.iter().zip(&parts).all(|(segment, part)| match segment {
                        Segment::Param => true,
                        Segment::Literal(literal) => literal == part,
                    })
            })
            .collect();
        let params = |segments: &Vec<Segment>| segments.iter().filter(|s| **s == Segment::Param).count();
        let fewest = matching.iter().map(|(segments, _)| params(segments)).min();
        let mut methods: Vec<&'static str> = matching
            .iter()
            .filter(|(segments, _)| Some(params(segments)) == fewest)
            .flat_map(|(_, methods)| methods.iter().copied())
            .collect();
        methods.sort_unstable();
        methods.dedup();
        methods
    }

    /// What to answer when no handler served `method` on `path`: 405 when the path takes
    /// other methods, 400 for a POST to a PATCH resource without the override header,
    /// otherwise `not_found`.
    pub fn refusal(&self, method: &str, path: &str, not_found: ApiError) -> ApiError {
        let methods = self.methods_for(path);
        if method == "POST" && methods.contains(&"PATCH") {
            ApiError::bad_request(
                "request.method_override_required",
                "This resource is edited with PATCH; from a client that cannot send PATCH, send POST with \
                 X-HTTP-Method-Override: PATCH.",
            )
        } else if methods.is_empty() || methods.contains(&method) {
            not_found
        } else {
            ApiError::method_not_allowed(&methods)
        }
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// The default service: see [`RouteTable::refusal`].
pub async fn not_matched(req: HttpRequest, table: web::Data<RouteTable>) -> Result<HttpResponse, ApiError> {
    let not_found = ApiError::not_found("route.not_found", format!("There is no {} {}.", req.method(), req.path()));
    Err(table.refusal(req.method().as_str(), req.path(), not_found))
}

/// A path id that does not parse (`/leads/import` read as `/leads/{id}` by a PATCH): 404 as
/// for an unknown id, unless the path is another resource that takes other methods (405).
pub fn bad_path_id(req: &HttpRequest) -> ApiError {
    let not_found = ApiError::not_found("not_found", "No resource has that id.");
    match req.app_data::<web::Data<RouteTable>>() {
        Some(table) => table.refusal(req.method().as_str(), req.path(), not_found),
        None => not_found,
    }
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

    #[test]
    fn a_literal_path_decides_over_a_template_it_also_matches() {
        let table = RouteTable {
            routes: vec![
                (vec![Segment::Literal("leads".into()), Segment::Param], vec!["GET", "PATCH", "POST"]),
                (vec![Segment::Literal("leads".into()), Segment::Literal("pool".into())], vec!["GET"]),
                (vec![Segment::Literal("leads".into()), Segment::Literal("import".into())], vec!["POST"]),
            ],
        };
        let not_found = || ApiError::not_found("not_found", "none");
        assert_eq!(table.refusal("POST", "/leads/pool", not_found()).code(), "request.method_not_allowed");
        assert_eq!(table.refusal("PATCH", "/leads/import", not_found()).code(), "request.method_not_allowed");
        assert_eq!(table.refusal("POST", "/leads/123", not_found()).code(), "request.method_override_required");
        assert_eq!(table.refusal("GET", "/leads/123", not_found()).code(), "not_found");
    }
}
