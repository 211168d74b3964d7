//! `GET /api/v1/error-codes`: the registry, public, for front ends that show messages.

use actix_web::{get, web};

use super::codes::{ErrorCode, REGISTRY};

/// Registers the registry's route.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_error_codes);
}

/// List every error code
///
/// Every `code` a problem document can carry, with its status and a message in English and
/// Chinese (zh-CN) that a front end may show. Public: no token needed.
#[utoipa::path(
    tag = "operations",
    operation_id = "list_error_codes",
    responses((status = 200, description = "Every error code, sorted by code", body = Vec<ErrorCode>))
)]
#[get("/error-codes")]
pub async fn list_error_codes() -> web::Json<&'static [ErrorCode]> {
    web::Json(REGISTRY.as_slice())
}
