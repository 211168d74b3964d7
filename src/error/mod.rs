//! One error type for the whole API, answered as RFC 9457 `application/problem+json`.
//!
//! When to use which:
//! - input that fails its rules → [`ApiError::validation`] / [`ApiError::invalid_field`] (422),
//!   with every failing field named;
//! - no token, a bad or stale token → [`ApiError::unauthorized`] (401);
//! - a role that may not do this at all → [`ApiError::forbidden`] (403); but a record the
//!   caller may not see is [`ApiError::not_found`] (404), never 403, so ids cannot be probed;
//! - a business refusal over the current state (taken, duplicate, wrong status) →
//!   [`ApiError::conflict`] (409) with a stable `code` clients can branch on;
//! - a stale `version` → [`ApiError::precondition_failed`] (412);
//! - the database away or the pool exhausted → 503 with `Retry-After`, built for you by
//!   `From<diesel::result::Error>` and [`crate::db::run`];
//! - anything else → [`ApiError::internal`]: logged with its cause chain, answered as an
//!   opaque 500. No SQL, stack trace or secret ever reaches a response.

pub mod codes;
pub mod handlers;
pub mod localize;
pub mod responses;
mod validation;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;
use std::borrow::Cow;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:anchang:problem:validation.failed",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "The request has invalid fields.",
    "code": "validation.failed",
    "errors": [{"field": "username", "message": "must be 3 to 64 characters"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:anchang:problem:<code>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// The HTTP status phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, for a person.
    pub detail: String,
    /// Stable machine-readable code, e.g. `auth.invalid_credentials`, `lead.duplicate_phone`.
    pub code: String,
    /// For 422: each failing field. Omitted otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extension members of some refusals, e.g. `owner_display_name` and `protected_until`
    /// of `lead.duplicate_phone`.
    #[serde(flatten, default)]
    pub extensions: serde_json::Map<String, serde_json::Value>,
}

/// One failing field of a request.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field in the request, e.g. `phone` or `members[2].user_id`; `body` for
    /// the request body as a whole.
    pub field: String,
    /// Why it was refused.
    pub message: String,
}

impl FieldError {
    /// A failing field with its reason.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// The error every handler and service returns.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: Cow<'static, str>,
    detail: String,
    errors: Vec<FieldError>,
    /// Boxed: rare, and keeps every `Result<_, ApiError>` small.
    extensions: Option<Box<serde_json::Map<String, serde_json::Value>>>,
    headers: Vec<(header::HeaderName, String)>,
    source: Option<anyhow::Error>,
}

/// The code of a 503 caused by the database being away or the pool exhausted.
const DATABASE_UNAVAILABLE: &str = "service.database_unavailable";

impl ApiError {
    fn new(status: StatusCode, code: impl Into<Cow<'static, str>>, detail: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            detail: detail.into(),
            errors: Vec::new(),
            extensions: None,
            headers: Vec::new(),
            source: None,
        }
    }

    /// Adds an extension member to the problem document.
    pub fn with_extension(mut self, key: &str, value: impl Serialize) -> Self {
        self.extensions
            .get_or_insert_with(Default::default)
            .insert(key.to_owned(), serde_json::to_value(value).unwrap_or_default());
        self
    }

    fn with_header(mut self, name: header::HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// 422 `validation.failed` listing every failing field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut error =
            Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed", "The request has invalid fields.");
        error.errors = errors;
        error
    }

    /// 422 with a specific code for one field, e.g. `lead.invalid_phone`.
    pub fn invalid_field(code: &'static str, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut error = Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message.clone());
        error.errors = vec![FieldError::new(field, message)];
        error
    }

    /// 400: the request cannot be read at all.
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 401 with `WWW-Authenticate: Bearer`.
    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail).with_header(header::WWW_AUTHENTICATE, "Bearer")
    }

    /// 403: the caller's role may not do this.
    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, detail)
    }

    /// 404: no such thing, or not one the caller may see.
    pub fn not_found(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, detail)
    }

    /// 405 with the methods the resource does accept.
    pub fn method_not_allowed(allow: &[&str]) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "request.method_not_allowed",
            format!("This resource accepts {}.", allow.join(", ")),
        )
        .with_header(header::ALLOW, allow.join(", "))
    }

    /// 409: refused because of the current state of things.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    /// 410: it existed and is no more (a link that expired).
    pub fn gone(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::GONE, code, detail)
    }

    /// 412: the client's `version` is stale.
    pub fn precondition_failed(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PRECONDITION_FAILED, code, detail)
    }

    /// 413: the body is over the limit.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request.body_too_large",
            format!("The request body is larger than {limit} bytes."),
        )
    }

    /// 415: the body is not JSON.
    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request.unsupported_media_type",
            format!("Send the body as {expected}."),
        )
    }

    /// 429 with `Retry-After` in seconds.
    pub fn too_many_requests(code: &'static str, detail: impl Into<String>, retry_after_secs: u64) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, code, detail)
            .with_header(header::RETRY_AFTER, retry_after_secs.max(1).to_string())
    }

    /// 503 with `Retry-After` in seconds: a service we depend on (not the database) is
    /// down, slow or refusing us; the caller may retry.
    pub fn unavailable(code: &'static str, detail: impl Into<String>, retry_after_secs: u64) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, code, detail)
            .with_header(header::RETRY_AFTER, retry_after_secs.max(1).to_string())
    }

    /// 503: the database cannot be reached or no connection is free in time.
    pub fn database_unavailable(cause: impl std::fmt::Display) -> Self {
        let mut error = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            DATABASE_UNAVAILABLE,
            "The service is temporarily unavailable; retry shortly.",
        )
        .with_header(header::RETRY_AFTER, "2");
        error.source = Some(anyhow::anyhow!("database unavailable: {cause}"));
        error
    }

    /// 503 for a transient conflict inside the database (lock timeout, serialization).
    fn database_busy(cause: impl std::fmt::Display) -> Self {
        let mut error =
            Self::new(StatusCode::SERVICE_UNAVAILABLE, "service.busy", "The service is busy; retry shortly.")
                .with_header(header::RETRY_AFTER, "1");
        error.source = Some(anyhow::anyhow!("database busy: {cause}"));
        error
    }

    /// 500: a bug or an unexpected failure; the cause is logged, never answered.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let mut error = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side; it has been logged.",
        );
        error.source = Some(cause.into());
        error
    }

    /// The failing fields of a 422 (empty otherwise).
    pub fn into_field_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// The stable code, e.g. `auth.invalid_credentials`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// True for a 422: the request's content was refused, field by field.
    pub fn is_unprocessable(&self) -> bool {
        self.status == StatusCode::UNPROCESSABLE_ENTITY
    }

    /// True when the database went away: the connection that saw it is discarded.
    pub fn is_database_unavailable(&self) -> bool {
        self.code == DATABASE_UNAVAILABLE
    }

    /// The problem document this error answers with.
    pub fn problem(&self) -> Problem {
        Problem {
            type_uri: format!("urn:anchang:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_string(),
            errors: self.errors.clone(),
            extensions: self.extensions.as_deref().cloned().unwrap_or_default(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)?;
        if let Some(source) = &self.source {
            write!(f, " ({source:#})")?;
        }
        Ok(())
    }
}

/// The cause chain stays reachable, so the command line prints why, not only what.
impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|cause| {
            let cause: &(dyn std::error::Error + Send + Sync + 'static) = cause.as_ref();
            cause as &(dyn std::error::Error + 'static)
        })
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if self.status.is_server_error() {
            tracing::error!(code = %self.code, error = %self, "request failed");
        } else {
            tracing::debug!(code = %self.code, detail = %self.detail, "request refused");
        }
        let mut response = HttpResponse::build(self.status);
        response.content_type(PROBLEM_JSON);
        for (name, value) in &self.headers {
            response.insert_header((name.clone(), value.clone()));
        }
        response.json(self.problem())
    }
}

impl From<DieselError> for ApiError {
    fn from(error: DieselError) -> Self {
        match &error {
            DieselError::NotFound => Self::not_found("not_found", "The resource does not exist."),
            DieselError::DatabaseError(kind, info) => match kind {
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand => {
                    Self::database_unavailable(&error)
                }
                DatabaseErrorKind::SerializationFailure => Self::database_busy(&error),
                DatabaseErrorKind::UniqueViolation => {
                    Self::conflict("conflict.duplicate", "A record with the same key already exists.")
                }
                DatabaseErrorKind::ForeignKeyViolation => {
                    Self::conflict("conflict.reference", "The request refers to a record that does not exist.")
                }
                // SQLite answers "database is locked" once its busy timeout has run out;
                // PostgreSQL breaks a deadlock by failing one side: both are worth a retry.
                _ if info.message().contains("database is locked") || info.message().contains("deadlock detected") => {
                    Self::database_busy(&error)
                }
                _ => Self::internal(error),
            },
            DieselError::BrokenTransactionManager => Self::database_unavailable(&error),
            _ => Self::internal(error),
        }
    }
}

/// Shorthand for handler and service results.
pub type ApiResult<T> = Result<T, ApiError>;
