//! Units: import, list, read, change, price history, hold and release.

use actix_web::{get, patch, post, web, HttpRequest};
use uuid::Uuid;

use crate::auth::Session;
use crate::booking::dto::*;
use crate::booking::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::bulk::read_rows;
use crate::http::{Page, PageQuery, ValidJson, ValidQuery};

/// Import units
///
/// Managers. The developer's sales table as a JSON array or CSV (header row: building,
/// unit_no, floor, room, layout, area_sqm, list_price_fen, orientation, price_low_fen,
/// price_high_fen). Idempotent by (building, room): importing the same table again
/// changes nothing; a changed row updates its unit and a new price enters its history.
#[utoipa::path(
    tag = "booking",
    operation_id = "import_units",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body(content(
        (UnitRows = "application/json"),
        (String = "text/csv", example = "building,unit_no,floor,room,layout,area_sqm,list_price_fen\n1栋,1单元,12,1201,3房2厅,118.5,356000000")
    )),
    responses(
        (status = 200, body = UnitImportReport),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/units/import")]
pub async fn import_units(
    session: Session,
    id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<web::Json<UnitImportReport>> {
    let rows = read_rows(&req, payload, service::csv_row).await?;
    let project_id = id.into_inner();
    session.run_heavy(move |conn, actor| service::import(conn, actor, project_id, rows)).await.map(web::Json)
}

/// List a project's units
///
/// By building, floor and room; anyone in the project.
#[utoipa::path(
    tag = "booking",
    operation_id = "list_units",
    params(("id" = Uuid, Path, description = "Project id"), ListUnitsQuery, PageQuery),
    responses(
        (status = 200, body = Page<UnitView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/units")]
pub async fn list_units(
    session: Session,
    id: web::Path<Uuid>,
    filter: ValidQuery<ListUnitsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<UnitView>>> {
    let (project_id, filter, page) = (id.into_inner(), filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list(conn, actor, project_id, filter, page)).await.map(web::Json)
}

/// Get a unit
#[utoipa::path(
    tag = "booking",
    operation_id = "find_unit",
    params(("id" = Uuid, Path, description = "Unit id")),
    responses(
        (status = 200, body = UnitView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/units/{id}")]
pub async fn find_unit(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<UnitView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find(conn, actor, id)).await.map(web::Json)
}

/// Change a unit's price or layout
///
/// Managers, with the `version` read. Every price change is kept in the price history.
/// Mini-programs: `POST` with `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "booking",
    operation_id = "update_unit",
    params(("id" = Uuid, Path, description = "Unit id")),
    request_body = UpdateUnitRequest,
    responses(
        (status = 200, body = UnitView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/units/{id}")]
pub async fn update_unit(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateUnitRequest>,
) -> ApiResult<web::Json<UnitView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::update(conn, actor, id, input)).await.map(web::Json)
}

/// A unit's price history
///
/// Every price and price box it had, newest first.
#[utoipa::path(
    tag = "booking",
    operation_id = "list_unit_prices",
    params(("id" = Uuid, Path, description = "Unit id")),
    responses(
        (status = 200, body = Vec<UnitPriceView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/units/{id}/price-history")]
pub async fn list_unit_prices(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<Vec<UnitPriceView>>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::price_history(conn, actor, id)).await.map(web::Json)
}

/// Hold a unit back (预销控)
///
/// Managers. An available unit becomes held and cannot be reserved; a reserved or sold
/// one answers 409 `unit.not_available`, a held one 409 `unit.held`.
#[utoipa::path(
    tag = "booking",
    operation_id = "hold_unit",
    params(("id" = Uuid, Path, description = "Unit id")),
    request_body = HoldRequest,
    responses(
        (status = 200, body = UnitView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/units/{id}/hold")]
pub async fn hold_unit(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<HoldRequest>,
) -> ApiResult<web::Json<UnitView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::hold(conn, actor, id, input)).await.map(web::Json)
}

/// Release a held unit
///
/// Managers. A unit that is not held answers 409 `unit.not_held`.
#[utoipa::path(
    tag = "booking",
    operation_id = "release_unit",
    params(("id" = Uuid, Path, description = "Unit id")),
    responses(
        (status = 200, body = UnitView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[post("/units/{id}/release")]
pub async fn release_unit(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<UnitView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::release(conn, actor, id)).await.map(web::Json)
}
