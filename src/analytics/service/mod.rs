//! Report rules: who reads which numbers, and the figures themselves.

mod costs;
mod daily;
mod export;
mod funnel;
mod lost;
mod quality;
mod satisfaction;
mod segments;
mod value;

pub use costs::{list_costs, set_cost};
pub use daily::{daily_report, daily_report_csv, daily_trend};
pub use export::funnel_csv;
pub use funnel::funnel;
pub use lost::{lost_reasons, lost_reasons_csv};
pub use quality::{quality_csv, quality_report};
pub use satisfaction::{satisfaction, satisfaction_csv};
pub use segments::{
    create_segment, delete_segment, find_segment, list_segments, replace_segment, segment_leads, segment_summary,
};
pub use value::{channels, channels_csv, pyramid, pyramid_csv};

use chrono::NaiveDate;
use uuid::Uuid;

use crate::auth::{Actor, Role};
use crate::db::Conn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::scope;

/// The project and the time of its data, as a chart states them: the project's last
/// recorded change in its zone (not the time the chart is drawn, so unchanged data keeps
/// its ETag).
pub fn frame(conn: &mut Conn, project_id: Uuid) -> ApiResult<crate::analytics::pictures::Frame> {
    let project = crate::projects::model::Project::find(conn, crate::db::Id(project_id))?;
    let zone = crate::projects::model::zone_named(&project.timezone);
    let as_of = match crate::audit::last_change(conn, crate::db::Id(project_id))? {
        Some(at) => format!("数据截至 {}", at.and_utc().with_timezone(&zone).format("%Y-%m-%d %H:%M")),
        None => "尚无数据".to_owned(),
    };
    Ok(crate::analytics::pictures::Frame { project: project.name, as_of })
}

/// `part` of `whole` to four decimals; `None` of nothing.
pub(crate) fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 10_000.0).round() / 10_000.0)
}

/// The longest range one report covers.
const MAX_DAYS: i64 = 366;

/// Whether the actor reads the whole project (`false`: a salesperson, their own numbers
/// only); 404 outside the project, 403 for the desk, finance and channel agents.
pub(crate) fn reads_whole_project(conn: &mut Conn, actor: &Actor, project: Uuid) -> ApiResult<bool> {
    scope::require_project(conn, actor, project)?;
    match actor.role {
        Role::Admin | Role::Manager | Role::Client | Role::Integration => Ok(true),
        Role::Sales => Ok(false),
        Role::Receptionist | Role::Finance | Role::ChannelAgent => Err(ApiError::forbidden(
            "analytics.forbidden",
            "Reports are for the project's managers, and for salespeople their own numbers.",
        )),
    }
}

/// The days a report covers, cut in the project's zone.
pub(crate) struct ReportDays {
    pub zone: chrono_tz::Tz,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The first instant of `from` and of the day after `to` (UTC).
    pub start: chrono::NaiveDateTime,
    pub end: chrono::NaiveDateTime,
}

/// `from..=to` in the project's zone, by default this month to date; 422 for a range no
/// report covers.
pub(crate) fn month_to_date(
    conn: &mut Conn,
    project: crate::db::Id,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> ApiResult<ReportDays> {
    use chrono::Datelike;
    let zone = crate::projects::model::zone_of(conn, project)?;
    let today = crate::follow_ups::calendar::today(zone, crate::db::now());
    let from = from.unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    let to = to.unwrap_or(today);
    check_range(from, to)?;
    let next =
        to.succ_opt().ok_or_else(|| ApiError::validation(vec![FieldError::new("to", "is beyond the calendar")]))?;
    let (start, end) =
        (crate::follow_ups::calendar::start_of(from, zone), crate::follow_ups::calendar::start_of(next, zone));
    Ok(ReportDays { zone, from, to, start, end })
}

/// 422 unless `from..=to` is a range a report covers.
pub(crate) fn check_range(from: NaiveDate, to: NaiveDate) -> ApiResult<()> {
    let invalid = |message: &str| Err(ApiError::validation(vec![FieldError::new("to", message)]));
    if to < from {
        return invalid("must not be before from");
    }
    if (to - from).num_days() >= MAX_DAYS {
        return invalid("a report covers at most 366 days");
    }
    if to.succ_opt().is_none() || from.pred_opt().is_none() {
        return invalid("is beyond the calendar");
    }
    Ok(())
}
