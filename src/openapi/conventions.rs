//! The API conventions that hold for every operation, written into the document in one
//! place instead of repeated on 80 handlers — so the spec can never forget one:
//!
//! - every status the plumbing can answer, where it can occur: 401/403 on authenticated
//!   operations; 400, 413, 415 and 422 where a body is read; 422 where parameters are read;
//!   404 and 405 where the path carries an id; 429 wherever the rate limit applies (all
//!   but the health probes); 503 everywhere;
//! - `X-Request-Id` on every response, `RateLimit-Policy` and `RateLimit` on every response
//!   the rate limit applies to, a description on every response,
//!   `security: []` on public operations, one relative server;
//! - `Idempotency-Key` on every authenticated `POST`;
//! - the mini-program's PATCH: each `PATCH` is also published as `POST` with a required
//!   `X-HTTP-Method-Override: PATCH` header (operation id `<id>_via_post`);
//! - free-text strings carry [`TEXT_PATTERN`], the refusal of control characters that
//!   [`crate::http::schema_rules`] enforces on every request.
//!
//! The document is edited as JSON: the conventions read as the spec reads.

use serde_json::{json, Map, Value};

use crate::http::schema_rules::TEXT_PATTERN;

/// The methods an OpenAPI path item may hold.
const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// POSTs that do not take `Idempotency-Key`: signing in and out are not for retrying blindly.
const NOT_IDEMPOTENT: [&str; 4] =
    ["/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/oauth/token"];

/// Paths the rate limit never applies to (`auth::caller`): the health probes.
const UNLIMITED: [&str; 2] = ["/healthz", "/readyz"];

/// Applies every convention to the document.
pub fn apply(document: &mut Value) {
    sort_extensions(document);
    document["servers"] = json!([{ "url": "/", "description": "The server that serves this document" }]);
    document["components"]["headers"] = rate_limit_headers();
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            publish_method_override(item);
            for method in METHODS {
                if let Some(operation) = item.get_mut(method) {
                    apply_to_operation(path, method, operation);
                }
            }
        }
    }
    if let Some(responses) = document.pointer_mut("/components/responses").and_then(Value::as_object_mut) {
        for response in responses.values_mut() {
            add_request_id_header(response);
            add_rate_limit_headers(response);
        }
    }
    let requested = request_schemas(document);
    let mut visit = |schema: &mut Value| mark_free_text(schema);
    if let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for (name, schema) in schemas.iter_mut() {
            if requested.contains(name) {
                walk_schemas(schema, &mut visit);
            }
        }
    }
}

/// The component schemas a request body can contain, directly or through references: the
/// ones whose strings the server reads (and refuses control characters in). Answers'
/// strings are the server's own and carry no pattern.
fn request_schemas(document: &Value) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    let bodies =
        document["paths"].as_object().into_iter().flatten().flat_map(|(_, item)| {
            METHODS.iter().filter_map(move |m| item.get(*m)).filter_map(|op| op.get("requestBody"))
        });
    for body in bodies {
        collect_references(body, &mut pending);
    }
    while let Some(name) = pending.pop() {
        if found.insert(name.clone()) {
            if let Some(schema) = document["components"]["schemas"].get(&name) {
                collect_references(schema, &mut pending);
            }
        }
    }
    found
}

fn collect_references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) =
                map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(name.to_owned());
            }
            map.values().for_each(|v| collect_references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_references(v, out)),
        _ => {}
    }
}

/// utoipa keeps `x-…` extensions in a hash map: put them last, sorted, so the document is
/// the same on every run (the committed file is compared byte for byte).
fn sort_extensions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let mut extensions: Vec<(String, Value)> = Vec::new();
            for key in map.keys().filter(|k| k.starts_with("x-")).cloned().collect::<Vec<_>>() {
                if let Some(found) = map.shift_remove(&key) {
                    extensions.push((key, found));
                }
            }
            extensions.sort_by(|a, b| a.0.cmp(&b.0));
            map.extend(extensions);
            map.values_mut().for_each(sort_extensions);
        }
        Value::Array(items) => items.iter_mut().for_each(sort_extensions),
        _ => {}
    }
}

/// `POST` + `X-HTTP-Method-Override: PATCH` beside every `PATCH`.
fn publish_method_override(item: &mut Value) {
    let Some(mut post) = item.get("patch").cloned() else { return };
    if item.get("post").is_some() {
        return; // a path cannot publish two POSTs; none of ours has both
    }
    if let Some(id) = post.get("operationId").and_then(Value::as_str) {
        post["operationId"] = Value::from(format!("{id}_via_post"));
    }
    if let Some(summary) = post.get("summary").and_then(Value::as_str) {
        post["summary"] = Value::from(format!("{summary} (POST with X-HTTP-Method-Override)"));
    }
    let note = "For clients that cannot send PATCH (WeChat mini-programs): the same operation as the \
                PATCH, sent as POST with `X-HTTP-Method-Override: PATCH`.";
    let description = post.get("description").and_then(Value::as_str).unwrap_or_default();
    post["description"] = Value::from(format!("{note}\n\n{description}").trim_end().to_owned());
    parameters(&mut post).into_iter().for_each(|list| {
        list.push(json!({
            "name": "X-HTTP-Method-Override",
            "in": "header",
            "required": true,
            "description": "Must be `PATCH`: the request is served as the PATCH of this path.",
            "schema": { "type": "string", "enum": ["PATCH"] }
        }))
    });
    item["post"] = post;
}

fn apply_to_operation(path: &str, method: &str, operation: &mut Value) {
    let secured = operation.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty());
    if !secured {
        operation["security"] = json!([]);
    }
    if secured && method == "post" && !NOT_IDEMPOTENT.contains(&path) {
        add_idempotency_key(operation);
    }
    for parameter in parameters(operation).into_iter().flatten() {
        if let Some(schema) = parameter.get_mut("schema") {
            mark_free_text(schema);
        }
    }
    let has_body = operation.get("requestBody").is_some();
    // Query values and headers (`Idempotency-Key`) are checked too: a bad one is 422.
    let has_checked_parameters =
        parameters(operation).is_some_and(|list| list.iter().any(|p| p["in"] == "query" || p["in"] == "header"));
    let has_id = path.contains('{');
    let mut add = |status: &str, component: &str| {
        let responses = operation["responses"].as_object_mut();
        if let Some(responses) = responses {
            responses.entry(status).or_insert_with(|| json!({ "$ref": format!("#/components/responses/{component}") }));
        }
    };
    if has_body {
        add("400", "BadRequest");
        add("413", "PayloadTooLarge");
        add("415", "UnsupportedMediaType");
    }
    if has_body || has_checked_parameters {
        add("422", "Unprocessable");
    }
    if secured {
        add("401", "Unauthorized");
        add("403", "Forbidden");
    }
    if has_id {
        add("404", "NotFound");
        add("405", "MethodNotAllowed");
    }
    let limited = !UNLIMITED.contains(&path);
    if limited {
        add("429", "TooManyRequests");
    }
    add("503", "Unavailable");
    if let Some(responses) = operation["responses"].as_object_mut() {
        for (status, response) in responses.iter_mut() {
            if response.get("$ref").is_none() {
                describe_response(status, response);
                add_request_id_header(response);
                if limited {
                    add_rate_limit_headers(response);
                }
            }
        }
    }
    // `parameters()` creates the list on demand; an operation that has none says nothing.
    if operation["parameters"].as_array().is_some_and(Vec::is_empty) {
        if let Some(map) = operation.as_object_mut() {
            map.shift_remove("parameters");
        }
    }
}

/// The operation's parameter list, created empty when it has none.
fn parameters(operation: &mut Value) -> Option<&mut Vec<Value>> {
    if !operation["parameters"].is_array() {
        operation["parameters"] = json!([]);
    }
    operation["parameters"].as_array_mut()
}

fn add_idempotency_key(operation: &mut Value) {
    let Some(list) = parameters(operation) else { return };
    list.retain(|p| p["name"] != "Idempotency-Key");
    list.push(json!({
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "Retry-safe key (per user, 24 hours): a repeat with the same key and body returns the \
                        first response with `Idempotent-Replayed: true`; the same key with another body is 422.",
        "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" }
    }));
}

fn describe_response(status: &str, response: &mut Value) {
    let has_description = response.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty());
    if !has_description {
        let phrase = status
            .parse::<u16>()
            .ok()
            .and_then(|code| actix_web::http::StatusCode::from_u16(code).ok())
            .and_then(|code| code.canonical_reason())
            .unwrap_or("Response");
        response["description"] = Value::from(phrase);
    }
}

fn add_request_id_header(response: &mut Value) {
    if !response["headers"].is_object() {
        response["headers"] = Value::Object(Map::new());
    }
    response["headers"]["X-Request-Id"] = json!({
        "description": "The request's id: the client's `X-Request-Id` when it is 1–64 of `A-Za-z0-9._:-`, \
                        otherwise a generated one. Quote it when reporting a problem.",
        "schema": { "type": "string" }
    });
}

/// The rate limit's headers (IETF httpapi draft, structured fields), referenced from every
/// response they appear on.
fn rate_limit_headers() -> Value {
    json!({
        "RateLimit-Policy": {
            "description": "The caller's quota: `\"default\";q=<requests>;w=1` — that many requests per second \
                            per caller (a user, or a client address before sign-in), per server replica. \
                            Absent when the limit is turned off.",
            "schema": { "type": "string", "example": "\"default\";q=100;w=1" }
        },
        "RateLimit": {
            "description": "What is left: `\"default\";r=<requests left now>;t=<seconds until the quota is \
                            whole again>`. Absent when the limit is turned off.",
            "schema": { "type": "string", "example": "\"default\";r=57;t=1" }
        }
    })
}

fn add_rate_limit_headers(response: &mut Value) {
    if !response["headers"].is_object() {
        response["headers"] = Value::Object(Map::new());
    }
    for name in ["RateLimit-Policy", "RateLimit"] {
        response["headers"][name] = json!({ "$ref": format!("#/components/headers/{name}") });
    }
}

/// Calls `visit` on a schema and every schema nested in it.
fn walk_schemas(schema: &mut Value, visit: &mut impl FnMut(&mut Value)) {
    visit(schema);
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for property in properties.values_mut() {
            walk_schemas(property, visit);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = schema.get_mut(key).filter(|s| s.is_object()) {
            walk_schemas(inner, visit);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(branches) = schema.get_mut(key).and_then(Value::as_array_mut) {
            for branch in branches {
                walk_schemas(branch, visit);
            }
        }
    }
}

/// A plain string (no format, enum or pattern of its own) is free text: it carries the
/// control-character refusal.
fn mark_free_text(schema: &mut Value) {
    let is_string = match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    let constrained = ["format", "enum", "pattern", "const"].iter().any(|key| schema.get(*key).is_some());
    if is_string && !constrained {
        schema["pattern"] = Value::from(TEXT_PATTERN);
    }
}
