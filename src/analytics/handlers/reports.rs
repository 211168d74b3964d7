//! HTTP endpoints of the reports and channel costs.

use actix_web::{get, put, web, HttpRequest, HttpResponse};
use uuid::Uuid;

use super::{answer, wants_csv};
use crate::analytics::dto::{
    ChannelCostRequest, ChannelCostView, ChannelCostsQuery, DailyReport, DailyReportQuery, FunnelQuery, FunnelReport,
    LostReasonsQuery, LostReasonsReport, QualityQuery, QualityReport, SatisfactionQuery, SatisfactionReport,
};
use crate::analytics::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};

/// The daily report (案场日报)
///
/// Calls in (来电), first and return visits (新访/复访), new leads, subscriptions (认筹) and
/// refunds, reservations (认购) and cancellations, signings (签约), cancelled deals (退房),
/// net signings, the amounts signed and collected (回款): for one day (`date`, default today)
/// or a range (`from`/`to`, at most 366 days) by `day`, `week` or `month`, cut in the
/// project's zone, with a breakdown by salesperson and by channel. Each figure counts what
/// happened on its day, whatever became of the buyer since. Managers (and clients with
/// `analytics:read`) see the project; a salesperson their own numbers. As CSV with
/// `format=csv` or `Accept: text/csv`.
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_daily_report",
    params(("id" = Uuid, Path, description = "Project id"), DailyReportQuery),
    responses(
        (status = 200, description = "The report", content(
            (DailyReport = "application/json"),
            (String = "text/csv", example = "section,key,name,calls_in,first_visits,…\nperiod,2026-12-01,2026-12-01..2026-12-01,12,9,…")
        )),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/reports/daily")]
pub async fn find_daily_report(
    session: Session,
    request: HttpRequest,
    id: web::Path<Uuid>,
    query: ValidQuery<DailyReportQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let csv = wants_csv(&request, query.format);
    let report = session.run_heavy(move |conn, actor| service::daily_report(conn, actor, id, query)).await?;
    answer(csv, "daily-report.csv", &report, service::daily_report_csv)
}

/// The funnel (漏斗)
///
/// Leads → visited → subscribed (认筹) → reserved (认购) → signed (签约), per source channel
/// (default), salesperson (`owner`) or channel partner, with the visit rate (到访率),
/// conversion (转化率), average deal price (客单价), days from registration to the first visit
/// and to signing (p50/p75), and — from the recorded channel costs of the months the range
/// touches — cost per lead, cost per deal and ROI (渠道ROI, signed ÷ cost). `basis=cohort`
/// (default) follows the leads registered in the range to wherever they went (a lead whose
/// deal was cancelled is not signed); `basis=event` counts the moves made in the range.
/// Range default: this month to date, at most 366 days. Managers; a salesperson their own
/// leads (no costs). As CSV with `format=csv` or `Accept: text/csv`.
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_funnel",
    params(("id" = Uuid, Path, description = "Project id"), FunnelQuery),
    responses(
        (status = 200, description = "The funnel", content(
            (FunnelReport = "application/json"),
            (String = "text/csv", example = "key,name,leads,visited,…\nwalk_in,walk_in,120,80,…")
        )),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/analytics/funnel")]
pub async fn find_funnel(
    session: Session,
    request: HttpRequest,
    id: web::Path<Uuid>,
    query: ValidQuery<FunnelQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let csv = wants_csv(&request, query.format);
    let report = session.run_heavy(move |conn, actor| service::funnel(conn, actor, id, query)).await?;
    answer(csv, "funnel.csv", &report, service::funnel_csv)
}

/// A project's channel costs
///
/// Managers: the recorded spend per month (`from`/`to` as `YYYY-MM`, default the last
/// twelve months), oldest first.
#[utoipa::path(
    tag = "analytics",
    operation_id = "list_channel_costs",
    params(("id" = Uuid, Path, description = "Project id"), ChannelCostsQuery),
    responses(
        (status = 200, body = Vec<ChannelCostView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/channel-costs")]
pub async fn list_channel_costs(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<ChannelCostsQuery>,
) -> ApiResult<web::Json<Vec<ChannelCostView>>> {
    let (id, query) = (id.into_inner(), query.into_inner());
    session.run(move |conn, actor| service::list_costs(conn, actor, id, query.from, query.to)).await.map(web::Json)
}

/// Record a month's channel cost
///
/// Managers: what the project spent in a month on a source channel (`source_channel`) or a
/// channel partner serving it (`channel_id`), one of them; it replaces what was recorded for
/// that month and channel (its version goes up). 422 `analytics.unknown_channel` for a
/// channel that does not serve the project.
#[utoipa::path(
    tag = "analytics",
    operation_id = "set_channel_cost",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = ChannelCostRequest,
    responses(
        (status = 200, body = ChannelCostView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/channel-costs")]
pub async fn set_channel_cost(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<ChannelCostRequest>,
) -> ApiResult<web::Json<ChannelCostView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_cost(conn, actor, id, input)).await.map(web::Json)
}

/// Why buyers were lost (未成交原因)
///
/// The buyers marked lost in the range (default this month to date), by reason with shares,
/// and — with `group_by` — by the source channel, salesperson or grade they had when lost;
/// `recovered` counts lost buyers brought back in the range. Counted from the status moves
/// kept when they happened (buyers lost before those were kept count on their last change).
/// Managers; a salesperson the buyers they lost. As CSV with `format=csv` or `Accept: text/csv`.
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_lost_reasons",
    params(("id" = Uuid, Path, description = "Project id"), LostReasonsQuery),
    responses(
        (status = 200, description = "The report", content(
            (LostReasonsReport = "application/json"),
            (String = "text/csv", example = "group,name,reason,count,share\nall,,price,3,0.6")
        )),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/analytics/lost-reasons")]
pub async fn find_lost_reasons(
    session: Session,
    request: HttpRequest,
    id: web::Path<Uuid>,
    query: ValidQuery<LostReasonsQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let csv = wants_csv(&request, query.format);
    let report = session.run_heavy(move |conn, actor| service::lost_reasons(conn, actor, id, query)).await?;
    answer(csv, "lost-reasons.csv", &report, service::lost_reasons_csv)
}

/// How well files are kept and buyers followed (数据完整率, 跟进及时率)
///
/// Per salesperson and for the project: the live files and their average completeness,
/// the follow-ups of the range (default this month to date) done within the lead's cadence
/// since its previous contact or registration (compliance), the leads registered in the
/// range and how soon they were first contacted (p50/p75 hours, share within 24 hours), and
/// follow-ups per file per 30 days (activity); the fill rate of each profile field over the
/// live files, least filled first. Managers; a salesperson their own files and follow-ups.
/// As CSV (a row per salesperson and the total) with `format=csv` or `Accept: text/csv`.
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_quality",
    params(("id" = Uuid, Path, description = "Project id"), QualityQuery),
    responses(
        (status = 200, description = "The report", content(
            (QualityReport = "application/json"),
            (String = "text/csv", example = "user_id,name,leads,completeness,…")
        )),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/analytics/quality")]
pub async fn find_quality(
    session: Session,
    request: HttpRequest,
    id: web::Path<Uuid>,
    query: ValidQuery<QualityQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let csv = wants_csv(&request, query.format);
    let report = session.run_heavy(move |conn, actor| service::quality_report(conn, actor, id, query)).await?;
    answer(csv, "quality.csv", &report, service::quality_csv)
}

/// Satisfaction (NPS / CSAT)
///
/// Over the survey invitations sent in the range (default this month to date, days in the
/// project's zone), of one `touchpoint` if named: invitations, responses and the response
/// rate, the Net Promoter Score (% promoters 9–10 − % detractors 0–6) and each rating
/// question's average, in total, by touchpoint and by the salesperson who held the buyer
/// when invited. Managers; a salesperson their own buyers'. As CSV with `format=csv` or
/// `Accept: text/csv`.
#[utoipa::path(
    tag = "analytics",
    operation_id = "find_satisfaction",
    params(("id" = Uuid, Path, description = "Project id"), SatisfactionQuery),
    responses(
        (status = 200, description = "The report", content(
            (SatisfactionReport = "application/json"),
            (String = "text/csv", example = "group,key,name,invitations,responses,response_rate,promoters,passives,detractors,nps,ratings\ntotal,all,,10,8,0.8,4,2,2,25,service=4.1")
        )),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/analytics/satisfaction")]
pub async fn find_satisfaction(
    session: Session,
    request: HttpRequest,
    id: web::Path<Uuid>,
    query: ValidQuery<SatisfactionQuery>,
) -> ApiResult<HttpResponse> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let csv = wants_csv(&request, query.format);
    let report = session.run_heavy(move |conn, actor| service::satisfaction(conn, actor, id, query)).await?;
    answer(csv, "satisfaction.csv", &report, service::satisfaction_csv)
}
