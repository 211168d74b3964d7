//! HTTP endpoint of importing leads (JSON or CSV).

use actix_web::{post, web, HttpRequest};

use super::rules;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::bulk::read_rows;
use crate::http::ValidQuery;
use crate::leads::dto::*;
use crate::leads::service;
use crate::state::AppState;

/// Import leads
///
/// Up to 5,000 rows for one project, as a JSON array of lead objects (without
/// `project_id`) or as `text/csv` with a header row of the same field names (lists
/// separated by `|`). Every valid row is created; every row is reported.
#[utoipa::path(
    tag = "leads",
    operation_id = "import_leads",
    params(ImportQuery),
    request_body(content(
        (LeadRows = "application/json"),
        (String = "text/csv", example = "name,phone,source_channel,tags\n王女士,13800138000,walk_in,多孩家庭|改善")
    )),
    responses(
        (status = 200, body = ImportReport),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/import")]
pub async fn import_leads(
    session: Session,
    state: web::Data<AppState>,
    query: ValidQuery<ImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<web::Json<ImportReport>> {
    let rows = read_rows(&req, payload, service::csv_row).await?;
    let project_id = query.into_inner().project_id;
    session
        .run_heavy(move |conn, actor| service::import(conn, actor, &rules(&state), project_id, rows))
        .await
        .map(web::Json)
}
