//! HTTP endpoints of the audit trail.

use actix_web::{get, http::header, web, HttpResponse};

use super::dto::*;
use super::service::{self};
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidQuery};

/// Registers the audit routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_events).service(export_audit_events).service(verify_audit_trail);
}

/// Search the audit trail
///
/// Managers see their projects' events, admins everything; salespeople get 403. Newest
/// first, keyset-paged.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    params(AuditQuery, PageQuery),
    responses(
        (status = 200, body = Page<AuditEventView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    session: Session,
    filter: ValidQuery<AuditQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<AuditEventView>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list(conn, actor, filter, page)).await.map(web::Json)
}

/// Export the audit trail as CSV
///
/// The same filters and visibility as the search; at most 100,000 events, newest first
/// (`X-Export-Truncated: true` when there were more). The export itself is recorded.
#[utoipa::path(
    tag = "audit",
    operation_id = "export_audit_events",
    params(AuditQuery),
    responses(
        (status = 200, content_type = "text/csv", body = String,
         headers(("X-Export-Truncated" = bool, description = "More events matched than one export carries"))),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/audit-events/export")]
pub async fn export_audit_events(session: Session, filter: ValidQuery<AuditQuery>) -> ApiResult<HttpResponse> {
    let filter = filter.into_inner();
    let (csv, truncated) = session.run_heavy(move |conn, actor| service::export(conn, actor, filter)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\""))
        .insert_header(("X-Export-Truncated", truncated.to_string()))
        .body(csv))
}

/// Verify the audit trail
///
/// Admins. Recomputes the whole hash chain: `ok`, how many events were checked, and the
/// first position where an event was altered, removed or inserted. With `checkpoint`
/// (printed by `anchang audit checkpoint` and logged daily), it also fails when the chain
/// no longer reaches that checkpoint — newest events cut off and the head rewound;
/// 422 `audit.checkpoint_invalid` when the checkpoint was not signed by this deployment.
#[utoipa::path(
    tag = "audit",
    operation_id = "verify_audit_trail",
    params(VerifyQuery),
    responses(
        (status = 200, body = VerifyResult),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/audit/verify")]
pub async fn verify_audit_trail(
    session: Session,
    query: ValidQuery<VerifyQuery>,
) -> ApiResult<web::Json<VerifyResult>> {
    let checkpoint = query.into_inner().checkpoint;
    session.run_heavy(move |conn, actor| service::verify_for(conn, actor, checkpoint.as_deref())).await.map(web::Json)
}
