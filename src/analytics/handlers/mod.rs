//! HTTP endpoints of the director's numbers: reports (`reports.rs`), segments
//! (`segments.rs`), and the pyramid, channel bars and charts (`pictures.rs`).

mod pictures;
mod reports;
mod segments;

use actix_web::{http::header, HttpRequest, HttpResponse};

use super::dto::ReportFormat;
use crate::error::ApiResult;
pub use pictures::*;
pub use reports::*;
pub use segments::*;

/// Registers the routes. A chart's `….svg` route comes before anything that could read
/// its last segment as an id.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(draw_daily_report)
        .service(find_daily_report)
        .service(draw_funnel)
        .service(find_funnel)
        .service(list_channel_costs)
        .service(set_channel_cost)
        .service(find_lost_reasons)
        .service(find_quality)
        .service(find_satisfaction)
        .service(find_pyramid)
        .service(draw_channel_bars)
        .service(find_channel_bars)
        .service(create_segment)
        .service(list_segments)
        .service(find_segment)
        .service(replace_segment)
        .service(delete_segment)
        .service(find_segment_summary)
        .service(list_segment_leads);
}

/// Whether the caller asked for CSV: `format=csv`, or `Accept: text/csv` (before JSON).
fn wants_csv(request: &HttpRequest, format: Option<ReportFormat>) -> bool {
    match format {
        Some(format) => format == ReportFormat::Csv,
        None => request
            .headers()
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .and_then(|accept| accept.split(',').map(|part| part.trim()).find(|part| !part.starts_with("*/*")))
            .is_some_and(|first| first.starts_with("text/csv")),
    }
}

/// The report as JSON, or — when the caller asked for CSV — as a download named `name`.
fn answer<T: serde::Serialize>(
    csv: bool,
    name: &str,
    report: &T,
    to_csv: fn(&T) -> ApiResult<String>,
) -> ApiResult<HttpResponse> {
    if !csv {
        return Ok(HttpResponse::Ok().json(report));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(to_csv(report)?))
}
