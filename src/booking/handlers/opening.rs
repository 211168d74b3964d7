//! HTTP endpoints of opening day: its settings, the board, the heat map and the rehearsal.

use actix_web::{get, post, put, web, HttpResponse};
use uuid::Uuid;

use crate::auth::Session;
use crate::booking::dto::*;
use crate::booking::{heatmap_svg, service};
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};

/// Opening-day settings
#[utoipa::path(
    tag = "booking",
    operation_id = "find_opening",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = OpeningSettings),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/opening")]
pub async fn find_opening(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<OpeningSettings>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::find_opening(conn, actor, id)).await.map(web::Json)
}

/// Set opening-day settings
///
/// Managers: open or close the opening, free or ordered choosing, units per lead,
/// whether a subscription is required, and the queue numbers called so far (叫号).
#[utoipa::path(
    tag = "booking",
    operation_id = "set_opening",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = OpeningSettings,
    responses(
        (status = 200, body = OpeningSettings),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/opening")]
pub async fn set_opening(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<OpeningSettings>,
) -> ApiResult<web::Json<OpeningSettings>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_opening(conn, actor, id, input)).await.map(web::Json)
}

/// The opening board
///
/// Sold, reserved, held and available units by building and by layout, for the big
/// screen.
#[utoipa::path(
    tag = "booking",
    operation_id = "find_opening_board",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = OpeningBoard),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/opening/board")]
pub async fn find_opening_board(session: Session, id: web::Path<Uuid>) -> ApiResult<web::Json<OpeningBoard>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::board(conn, actor, id)).await.map(web::Json)
}

/// The heat map (开盘开花图)
///
/// Buildings → floors (top first) → rooms, with first-choice and total intent counts and
/// the wave the rehearsal predicts (`?priority=`, default `score_then_queue`).
#[utoipa::path(
    tag = "booking",
    operation_id = "find_heatmap",
    params(("id" = Uuid, Path, description = "Project id"), RehearsalRequest),
    responses(
        (status = 200, body = HeatMap),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/heatmap")]
pub async fn find_heatmap(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<RehearsalRequest>,
) -> ApiResult<web::Json<HeatMap>> {
    let (id, query) = (id.into_inner(), query.into_inner());
    session.run(move |conn, actor| service::heatmap(conn, actor, id, query)).await.map(web::Json)
}

/// The heat map as a picture
///
/// An SVG room grid per building for the planning meeting: red sells in the first wave
/// (首批消化), green in the second, blue in the third, light grey is unwanted (未被意向);
/// sold rooms (已售) are dark and held ones (销控) pale yellow; each cell shows first choices
/// / all intents. The title names the project, the time of the data (its last recorded
/// change) and the totals; the legend counts each kind.
#[utoipa::path(
    tag = "booking",
    operation_id = "draw_heatmap",
    params(("id" = Uuid, Path, description = "Project id"), RehearsalRequest),
    responses(
        (status = 200, content_type = "image/svg+xml", body = String),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/heatmap.svg")]
pub async fn draw_heatmap(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<RehearsalRequest>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let map = session.run(move |conn, actor| service::heatmap(conn, actor, id, query)).await?;
    Ok(crate::http::svg::picture(heatmap_svg::render(&map)))
}

/// Rehearse the opening
///
/// Managers. Customers in priority order each take their highest-ranked intent still
/// free: who gets what, who took whose choices, sell-through, and the units two or more
/// customers want first (guide some elsewhere before opening). Changes nothing.
#[utoipa::path(
    tag = "booking",
    operation_id = "rehearse_opening",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = RehearsalRequest,
    responses(
        (status = 200, body = RehearsalResult),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/opening/rehearsal")]
pub async fn rehearse_opening(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<RehearsalRequest>,
) -> ApiResult<web::Json<RehearsalResult>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::rehearsal(conn, actor, id, input)).await.map(web::Json)
}
