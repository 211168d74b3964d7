//! `ValidJson<T>`: the one way a handler reads a JSON body. It answers, as problem+json:
//! 415 for another content type, 413 past the configured limit, 400 for JSON that does
//! not parse, and 422 naming the field for JSON of the wrong shape or failing its rules.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde_json::Value;
use utoipa::ToSchema;
use validator::Validate;

use super::schema_rules::body_rules;
use crate::error::{ApiError, FieldError};
use crate::state::AppState;

/// The largest body any endpoint takes: a bulk import (5,000 leads), past the ordinary
/// JSON limit. Middleware that reads bodies before the handler uses it as its bound.
pub const BULK_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// Used when no `AppState` is registered (unit tests of extractors).
const DEFAULT_LIMIT: usize = 256 * 1024;

/// A JSON body that parsed and passed its `Validate` rules.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T> ValidJson<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Whether the request says its body is JSON (`application/json` or `…+json`).
fn is_json(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(Some(mime)) => {
            mime.type_() == "application" && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
        }
        _ => false,
    }
}

/// Reads the whole body, refusing it as soon as it passes `limit` bytes.
pub async fn read_body(req: &HttpRequest, payload: &mut Payload, limit: usize) -> Result<web::Bytes, ApiError> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(ApiError::payload_too_large(limit));
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| ApiError::bad_request("request.body_unreadable", "The request body could not be read."))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::payload_too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Parses a JSON document: 400 `request.malformed_json` when it does not parse, is empty,
/// or has anything but white space after the value.
pub fn parse_value(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("request.malformed_json", "The request body is empty; send a JSON object."));
    }
    serde_json::from_slice(body).map_err(|error| {
        ApiError::bad_request(
            "request.malformed_json",
            format!("The request body is not valid JSON (line {}, column {}).", error.line(), error.column()),
        )
    })
}

/// Reads a parsed document as a valid `T`: the limits `T`'s published schema declares (and
/// the refusal of control characters), serde's reading, then `T`'s own `validator` rules.
/// A 422 lists every failing field it can find at once.
pub fn from_value<T: DeserializeOwned + Validate + ToSchema + 'static>(mut value: Value) -> Result<T, Vec<FieldError>> {
    let mut errors = Vec::new();
    body_rules::<T>().check(&mut value, &mut errors);
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(read) => {
            if let Err(failed) = read.validate() {
                errors.extend(ApiError::from(failed).into_field_errors());
            }
            if errors.is_empty() {
                return Ok(read);
            }
        }
        Err(error) => errors.push(field_error(error.path(), error.inner())),
    }
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    errors.dedup_by(|a, b| a.field == b.field);
    Err(errors)
}

/// [`parse_value`] then [`from_value`].
pub fn parse<T: DeserializeOwned + Validate + ToSchema + 'static>(body: &[u8]) -> Result<T, ApiError> {
    from_value(parse_value(body)?).map_err(ApiError::validation)
}

/// For PATCH bodies, with `#[serde(default, deserialize_with = "…::present")]` on an
/// `Option<Option<T>>`: an absent field stays `None` (leave as is), `null` becomes
/// `Some(None)` (clear it), a value `Some(Some(v))`.
pub fn present<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// serde's message without its " at line 1 column 9" tail, which means nothing to a person.
fn data_error_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

/// The failing field of JSON that has the wrong shape. serde reports a missing field at the
/// object that lacks it, so its name is appended to the path; `body` stands for the whole.
pub fn field_error(path: &serde_path_to_error::Path, error: &serde_json::Error) -> FieldError {
    let message = data_error_message(error);
    let mut field = path.to_string();
    if field == "." {
        field.clear();
    }
    let missing = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
    if let Some(missing) = missing {
        field = if field.is_empty() { missing.to_owned() } else { format!("{field}.{missing}") };
    }
    if field.is_empty() {
        field = "body".to_owned();
    }
    FieldError::new(field, if missing.is_some() { "is required".to_owned() } else { message })
}

/// Reads a JSON body: 415 for another type, 413 past the configured limit, then [`parse`].
async fn read_json(req: HttpRequest, mut payload: Payload) -> Result<Value, ApiError> {
    if !is_json(&req) {
        return Err(ApiError::unsupported_media_type("application/json"));
    }
    let limit = req.app_data::<web::Data<AppState>>().map_or(DEFAULT_LIMIT, |s| s.json_limit);
    let body = read_body(&req, &mut payload, limit).await?;
    parse_value(&body)
}

impl<T: DeserializeOwned + Validate + ToSchema + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (req, payload) = (req.clone(), payload.take());
        Box::pin(async move { from_value(read_json(req, payload).await?).map(ValidJson).map_err(ApiError::validation) })
    }
}

/// A JSON array body whose items each passed their `Validate` rules; a failing field
/// is named with its index (`[2].rank`). At most `MAX` items (422 naming `body`).
#[derive(Debug)]
pub struct ValidJsonList<T, const MAX: usize>(pub Vec<T>);

impl<T, const MAX: usize> ValidJsonList<T, MAX> {
    /// The items.
    pub fn into_inner(self) -> Vec<T> {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + ToSchema + 'static, const MAX: usize> FromRequest for ValidJsonList<T, MAX> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (req, payload) = (req.clone(), payload.take());
        Box::pin(async move {
            let Value::Array(values) = read_json(req, payload).await? else {
                return Err(ApiError::validation(vec![FieldError::new("body", "must be a JSON array")]));
            };
            if values.len() > MAX {
                return Err(ApiError::validation(vec![FieldError::new("body", format!("at most {MAX} items"))]));
            }
            let mut errors = Vec::new();
            let mut items = Vec::with_capacity(values.len());
            for (index, value) in values.into_iter().enumerate() {
                match from_value::<T>(value) {
                    Ok(item) => items.push(item),
                    Err(failed) => errors.extend(
                        failed.into_iter().map(|e| FieldError::new(format!("[{index}].{}", e.field), e.message)),
                    ),
                }
            }
            if errors.is_empty() {
                Ok(ValidJsonList(items))
            } else {
                Err(ApiError::validation(errors))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, utoipa::ToSchema, validator::Validate)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        budget: Budget,
    }

    #[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
    #[allow(dead_code)]
    struct Budget {
        max_fen: i64,
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        let error = parse::<Sample>(br#"{"name": "x", "budget": {"max_fen": "lots"}}"#).expect_err("wrong type");
        let problem = error.problem();
        assert_eq!(problem.status, 422);
        assert_eq!(problem.errors[0].field, "budget.max_fen");
        assert!(!problem.errors[0].message.contains("line"));
    }

    #[test]
    fn a_missing_field_is_422_and_broken_json_is_400() {
        let missing = parse::<Sample>(br#"{"budget": {}}"#).expect_err("missing").problem();
        assert_eq!((missing.status, missing.errors[0].field.as_str()), (422, "budget.max_fen"));
        assert_eq!(missing.errors[0].message, "is required");
        assert_eq!(parse::<Sample>(br#"{"name": "#).expect_err("broken").problem().status, 400);
        assert_eq!(parse::<Sample>(b"  ").expect_err("empty").problem().status, 400);
    }

    #[test]
    fn anything_after_the_document_is_malformed_json() {
        let problem = parse::<Sample>(br#"{"name": "x", "budget": {"max_fen": 1}}garbage"#).expect_err("trailing");
        assert_eq!((problem.problem().status, problem.code()), (400, "request.malformed_json"));
        assert!(parse::<Sample>(b"{\"name\": \"x\", \"budget\": {\"max_fen\": 1}}\n").is_ok());
    }
}
