//! HTTP endpoints of the value pyramid, the channel bars and the charts (SVG).

use actix_web::{get, web, HttpRequest, HttpResponse};
use uuid::Uuid;

use super::{answer, wants_csv};
use crate::analytics::dto::{
    ChannelsQuery, ChannelsReport, DailyReportQuery, FunnelQuery, PyramidQuery, PyramidReport,
};
use crate::analytics::{pictures, service};
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::svg::picture;
use crate::http::ValidQuery;

/// The value pyramid (客户价值金字塔)
///
/// The buyers as they stand, in four tiers: top (signed, and referred buyers who signed,
/// 老带新), core (signed), potential (no deal, but at least `potential_min_interactions`
/// follow-ups in the last `engagement_days`), base (everyone else) — each with its buyers,
/// its own and referred deals and its share of the value (a referred deal counts for its
/// buyer and for who referred them). The bounds are parameters with defaults. Managers; a
/// salesperson their own buyers. As CSV with `format=csv` or `Accept: text/csv`.
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_pyramid",
    params(("id" = Uuid, Path, description = "Project id"), PyramidQuery),
    responses(
        (status = 200, description = "The pyramid", content(
            (PyramidReport = "application/json"),
            (String = "text/csv", example = "tier,label,leads,share_of_leads,…\ntop,顶级,12,0.01,…")
        )),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/analytics/pyramid")]
pub async fn find_pyramid(
    session: Session,
    request: HttpRequest,
    id: web::Path<Uuid>,
    query: ValidQuery<PyramidQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let csv = wants_csv(&request, query.format);
    let report = session.run_heavy(move |conn, actor| service::pyramid(conn, actor, id, query)).await?;
    answer(csv, "pyramid.csv", &report, service::pyramid_csv)
}

/// Leads, deals and cost per deal by channel
///
/// The funnel's cohort (leads registered in the range, default this month to date) by
/// source channel (default) or channel partner: what `channels.svg` draws. `group_by=owner`
/// is 422. Managers; a salesperson their own leads (no costs). As CSV with `format=csv` or
/// `Accept: text/csv`.
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_channel_bars",
    params(("id" = Uuid, Path, description = "Project id"), ChannelsQuery),
    responses(
        (status = 200, description = "The bars", content(
            (ChannelsReport = "application/json"),
            (String = "text/csv", example = "key,name,leads,deals,…\nwalk_in,walk_in,120,6,…")
        )),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/analytics/channels")]
pub async fn find_channel_bars(
    session: Session,
    request: HttpRequest,
    id: web::Path<Uuid>,
    query: ValidQuery<ChannelsQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let csv = wants_csv(&request, query.format);
    let report = session.run_heavy(move |conn, actor| service::channels(conn, actor, id, query)).await?;
    answer(csv, "channels.csv", &report, service::channels_csv)
}

/// The channel bars as a picture
///
/// An SVG of `GET …/analytics/channels` (same parameters; `format` does not apply): per
/// channel, bars for its leads, its deals and its cost per deal, with the numbers, a
/// title with the project and the range, and the time of the data (the project's last
/// recorded change).
#[utoipa::path(
    tag = "analytics",
    operation_id = "draw_channel_bars",
    params(("id" = Uuid, Path, description = "Project id"), ChannelsQuery),
    responses(
        (status = 200, content_type = "image/svg+xml", body = String),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/analytics/channels.svg")]
pub async fn draw_channel_bars(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<ChannelsQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let (report, frame): (ChannelsReport, _) = session
        .run_heavy(move |conn, actor| Ok((service::channels(conn, actor, id, query)?, service::frame(conn, id)?)))
        .await?;
    Ok(picture(pictures::draw_channels(&report, &frame)))
}

/// The funnel as a picture
///
/// An SVG of the funnel's total (`GET …/analytics/funnel`, same parameters; `group_by` and
/// `format` do not apply): a bar per stage with its count and its share of the leads, the
/// visit rate, conversion and average deal price, a title with the project and the range,
/// and the time of the data (the project's last recorded change).
#[utoipa::path(
    tag = "analytics",
    operation_id = "draw_funnel",
    params(("id" = Uuid, Path, description = "Project id"), FunnelQuery),
    responses(
        (status = 200, content_type = "image/svg+xml", body = String),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/analytics/funnel.svg")]
pub async fn draw_funnel(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<FunnelQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let (report, frame) = session
        .run_heavy(move |conn, actor| Ok((service::funnel(conn, actor, id, query)?, service::frame(conn, id)?)))
        .await?;
    Ok(picture(pictures::draw_funnel(&report, &frame)))
}

/// The daily trend as a picture
///
/// An SVG of the daily report's periods (`GET …/reports/daily`, same parameters; `format`
/// does not apply; with no day given, this month to date by day): per period, columns for
/// visits (first and return), subscriptions (认筹) and signings (签约) with their counts,
/// the totals, and the time of the data (the project's last recorded change).
#[utoipa::path(
    tag = "analytics",
    operation_id = "draw_daily_report",
    params(("id" = Uuid, Path, description = "Project id"), DailyReportQuery),
    responses(
        (status = 200, content_type = "image/svg+xml", body = String),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/reports/daily.svg")]
pub async fn draw_daily_report(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<DailyReportQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let (report, frame) = session
        .run_heavy(move |conn, actor| Ok((service::daily_trend(conn, actor, id, query)?, service::frame(conn, id)?)))
        .await?;
    Ok(picture(pictures::draw_daily(&report, &frame)))
}
