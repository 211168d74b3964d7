//! HTTP endpoints of the lead list and the public pool (公海).

use actix_web::{get, web};

use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidQuery};
use crate::leads::dto::*;
use crate::leads::service;

/// List leads
///
/// Salespeople see their own leads, managers their projects'. `q` matches a name, a whole
/// phone number or the phone's last 4 digits. Each item is a summary (what a list screen
/// shows); `GET /leads/{id}` gives the whole lead.
#[utoipa::path(
    tag = "leads",
    operation_id = "list_leads",
    params(ListLeadsQuery, PageQuery),
    responses(
        (status = 200, body = Page<LeadSummary>),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads")]
pub async fn list_leads(
    session: Session,
    filter: ValidQuery<ListLeadsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<LeadSummary>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run_folded(move |conn, actor, check| service::list(conn, actor, check, &filter, &page)).await.map(web::Json)
}

/// List the public pool (公海)
///
/// Leads whose protection lapsed (no contact for the protection period), longest-lapsed
/// first. Phones are masked for salespeople; claim one with `POST /leads/{id}/claim`.
#[utoipa::path(
    tag = "leads",
    operation_id = "list_pool_leads",
    params(PoolQuery, PageQuery),
    responses(
        (status = 200, body = Page<LeadSummary>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads/pool")]
pub async fn list_pool_leads(
    session: Session,
    query: ValidQuery<PoolQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<LeadSummary>>> {
    let (project_id, page) = (query.into_inner().project_id, page.into_inner());
    session.run(move |conn, actor| service::pool(conn, actor, project_id, page)).await.map(web::Json)
}
