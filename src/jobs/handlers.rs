//! `/jobs`: the scheduled jobs, for admins.

use actix_web::{get, post, web};

use super::dto::JobView;
use super::{service, Job};
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;

/// Registers the job routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_jobs).service(run_job);
}

/// List the scheduled jobs
///
/// Admins. Each job with its schedule, when it is due next, whether a replica runs it now,
/// and how its last run went (started, finished, duration, outcome, summary).
#[utoipa::path(
    tag = "operations",
    operation_id = "list_jobs",
    responses(
        (status = 200, body = Vec<JobView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
    security(("bearer" = []))
)]
#[get("/jobs")]
pub async fn list_jobs(session: Session) -> ApiResult<web::Json<Vec<JobView>>> {
    session.run(service::list).await.map(web::Json)
}

/// Run a scheduled job now
///
/// Admins. The job becomes due now and one replica runs it within a poll
/// (`ANCHANG_JOBS_POLL_MS`); read `GET /jobs` for the outcome.
#[utoipa::path(
    tag = "operations",
    operation_id = "run_job",
    params(("name" = Job, Path, description = "The job")),
    responses(
        (status = 200, body = JobView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[post("/jobs/{name}/run")]
pub async fn run_job(session: Session, name: web::Path<String>) -> ApiResult<web::Json<JobView>> {
    let job = Job::parse(&name).ok_or_else(|| crate::error::ApiError::not_found("job.not_found", "No such job."))?;
    session.run(move |conn, actor| service::run_now(conn, actor, job)).await.map(web::Json)
}
