//! Liveness and readiness for load balancers and orchestrators.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::error::responses::Unavailable;
use crate::error::ApiResult;
use crate::state::AppState;

/// How long `/readyz` waits for the database.
const READINESS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// Registers `/healthz` and `/readyz`.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

/// Health of the process or its database.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `ready`.
    pub status: &'static str,
}

/// The process is up
#[utoipa::path(tag = "operations", operation_id = "check_health", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
}

/// The database is reachable
#[utoipa::path(
    tag = "operations",
    operation_id = "check_readiness",
    responses((status = 200, body = Health), (status = 503, response = Unavailable))
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<web::Json<Health>> {
    // A load balancer probes often and waits little: answer within a second even while the
    // database (or the pool's acquire timeout) would keep us waiting for longer.
    actix_web::rt::time::timeout(READINESS_TIMEOUT, db::ping(&state.db))
        .await
        .map_err(|_| crate::error::ApiError::database_unavailable("the readiness check timed out"))??;
    Ok(web::Json(Health { status: "ready" }))
}
