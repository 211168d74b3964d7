//! Reusable error responses for `#[utoipa::path(responses(...))]`; all are problem+json.

use super::Problem;
use utoipa::ToResponse;

/// The body failed validation: `errors` names each field.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unprocessable(#[allow(dead_code)] Problem);

/// The body is not valid JSON, or the request cannot be read.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BadRequest(#[allow(dead_code)] Problem);

/// The access token is missing, invalid, expired or revoked.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unauthorized(#[allow(dead_code)] Problem);

/// The caller's role may not do this.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Forbidden(#[allow(dead_code)] Problem);

/// No such resource, or none the caller may see.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotFound(#[allow(dead_code)] Problem);

/// Refused because of the current state; `code` says why.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Conflict(#[allow(dead_code)] Problem);

/// It existed and is no more (an expired link).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Gone(#[allow(dead_code)] Problem);

/// The `version` sent is stale: reload and retry.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PreconditionFailed(#[allow(dead_code)] Problem);

/// The body is larger than the server takes.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PayloadTooLarge(#[allow(dead_code)] Problem);

/// The body is not in a media type this operation reads (send `application/json`).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct UnsupportedMediaType(#[allow(dead_code)] Problem);

/// The path exists, but not with this method; `Allow` lists the methods it takes.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json", headers(("Allow" = String, description = "The methods the path accepts")))]
pub struct MethodNotAllowed(#[allow(dead_code)] Problem);

/// Too many attempts; see `Retry-After`.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait")))]
pub struct TooManyRequests(#[allow(dead_code)] Problem);

/// The database is unreachable or busy; see `Retry-After`.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait")))]
pub struct Unavailable(#[allow(dead_code)] Problem);
