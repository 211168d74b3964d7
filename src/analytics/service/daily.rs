//! `GET /projects/{id}/reports/daily` (案场日报): the facts of the range, cut into the
//! project's days and grouped by period, salesperson and channel.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use uuid::Uuid;

use super::{check_range, reads_whole_project};
use crate::analytics::dto::{
    ChannelFigures, DailyFigures, DailyPeriod, DailyReport, DailyReportQuery, SalespersonFigures,
};
use crate::analytics::model::{self, Fact, Measure, Span};
use crate::analytics::periods::{self, GroupBy};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::calendar;
use crate::words::SourceChannel;

impl DailyFigures {
    fn add(&mut self, fact: &Fact) {
        match fact.measure {
            Measure::CallIn => self.calls_in += 1,
            Measure::FirstVisit => self.first_visits += 1,
            Measure::ReturnVisit => self.return_visits += 1,
            Measure::NewLead => self.new_leads += 1,
            Measure::Subscription => self.subscriptions += 1,
            Measure::SubscriptionRefund => self.subscription_refunds += 1,
            Measure::Reservation => self.reservations += 1,
            Measure::ReservationCancellation => self.reservation_cancellations += 1,
            Measure::Signing => {
                self.signings += 1;
                self.signed_fen += fact.amount_fen;
            }
            Measure::Cancellation => {
                self.cancellations += 1;
                self.cancelled_fen += fact.amount_fen;
            }
            Measure::Collected => self.collected_fen += fact.amount_fen,
        }
        self.net_signings = self.signings - self.cancellations;
    }
}

/// The days the query asks for, `today` when it names none.
fn range(query: &DailyReportQuery, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
    let invalid = |field: &str, message: &str| Err(ApiError::validation(vec![FieldError::new(field, message)]));
    match (query.date, query.from, query.to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => invalid("date", "give either date, or from and to"),
        (Some(day), None, None) => Ok((day, day)),
        (None, Some(from), Some(to)) => Ok((from, to)),
        (None, Some(_), None) => invalid("to", "is needed with from"),
        (None, None, Some(_)) => invalid("from", "is needed with to"),
        (None, None, None) => Ok((today, today)),
    }
}

/// `GET /projects/{id}/reports/daily`: managers the project's numbers, a salesperson their own.
pub fn daily_report(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    query: DailyReportQuery,
) -> ApiResult<DailyReport> {
    let whole = reads_whole_project(conn, actor, project_id)?;
    let project = Id(project_id);
    let zone = crate::projects::model::zone_of(conn, project)?;
    let (from, to) = range(&query, calendar::today(zone, db::now()))?;
    check_range(from, to)?;
    let group_by = query.group_by.unwrap_or(GroupBy::Day);
    let next =
        to.succ_opt().ok_or_else(|| ApiError::validation(vec![FieldError::new("to", "is beyond the calendar")]))?;
    let only = (!whole).then_some(Id(actor.id));
    let span = Span { project, start: calendar::start_of(from, zone), end: calendar::start_of(next, zone), only };
    let facts = model::facts(conn, span)?;

    let spans = periods::periods(from, to, group_by);
    let mut by_period = vec![DailyFigures::default(); spans.len()];
    let mut totals = DailyFigures::default();
    let mut by_user: HashMap<Id, DailyFigures> = HashMap::new();
    let mut by_channel: BTreeMap<(SourceChannel, Option<Id>), DailyFigures> = BTreeMap::new();
    for fact in &facts {
        let day = fact.at.and_utc().with_timezone(&zone).date_naive();
        if let Some(index) = spans.iter().position(|(first, last)| (*first..=*last).contains(&day)) {
            by_period[index].add(fact);
        }
        totals.add(fact);
        by_user.entry(fact.user).or_default().add(fact);
        by_channel.entry((fact.source_channel, fact.channel_id)).or_default().add(fact);
    }

    let names = crate::auth::model::display_names(conn, by_user.keys().copied())?;
    let mut by_salesperson: Vec<SalespersonFigures> = by_user
        .into_iter()
        .map(|(user, figures)| SalespersonFigures {
            user_id: user.0,
            display_name: names.get(&user).cloned().unwrap_or_default(),
            figures,
        })
        .collect();
    by_salesperson.sort_by(|a, b| {
        (b.figures.signings, b.figures.first_visits, &a.display_name).cmp(&(
            a.figures.signings,
            a.figures.first_visits,
            &b.display_name,
        ))
    });
    let partners: Vec<Id> = by_channel.keys().filter_map(|(_, id)| *id).collect();
    let channel_names = model::channel_names(conn, &partners)?;
    let by_channel = by_channel
        .into_iter()
        .map(|((source_channel, channel_id), figures)| ChannelFigures {
            source_channel,
            channel_id: channel_id.map(Uuid::from),
            channel_name: channel_id.and_then(|id| channel_names.get(&id).cloned()),
            figures,
        })
        .collect();
    let periods = spans
        .into_iter()
        .zip(by_period)
        .map(|((first, last), figures)| DailyPeriod {
            label: periods::label(periods::start_of(first, group_by), group_by),
            from: first,
            to: last,
            figures,
        })
        .collect();
    Ok(DailyReport {
        project_id,
        from,
        to,
        group_by,
        time_zone: zone.name().to_owned(),
        own_only: !whole,
        totals,
        periods,
        by_salesperson,
        by_channel,
    })
}

const FIGURES: [&str; 14] = [
    "calls_in",
    "first_visits",
    "return_visits",
    "new_leads",
    "subscriptions",
    "subscription_refunds",
    "reservations",
    "reservation_cancellations",
    "signings",
    "cancellations",
    "net_signings",
    "signed_fen",
    "cancelled_fen",
    "collected_fen",
];

fn figure_cells(f: &DailyFigures) -> [String; 14] {
    [
        f.calls_in,
        f.first_visits,
        f.return_visits,
        f.new_leads,
        f.subscriptions,
        f.subscription_refunds,
        f.reservations,
        f.reservation_cancellations,
        f.signings,
        f.cancellations,
        f.net_signings,
        f.signed_fen,
        f.cancelled_fen,
        f.collected_fen,
    ]
    .map(|n| n.to_string())
}

fn csv_row(section: &str, key: &str, name: &str, figures: &DailyFigures) -> Vec<String> {
    [section.to_owned(), key.to_owned(), name.to_owned()].into_iter().chain(figure_cells(figures)).collect()
}

/// The report as CSV: a row per period, then per salesperson and per channel, then the
/// totals; `section` says which, `key` and `name` which one.
pub fn daily_report_csv(report: &DailyReport) -> ApiResult<String> {
    let mut rows = Vec::new();
    for period in &report.periods {
        rows.push(csv_row("period", &period.label, &format!("{}..{}", period.from, period.to), &period.figures));
    }
    for person in &report.by_salesperson {
        rows.push(csv_row("salesperson", &person.user_id.to_string(), &person.display_name, &person.figures));
    }
    for channel in &report.by_channel {
        let key = match channel.channel_id {
            Some(id) => format!("{}/{id}", channel.source_channel),
            None => channel.source_channel.to_string(),
        };
        rows.push(csv_row("channel", &key, channel.channel_name.as_deref().unwrap_or_default(), &channel.figures));
    }
    rows.push(csv_row("total", &format!("{}..{}", report.from, report.to), "", &report.totals));
    let header: Vec<&str> = ["section", "key", "name"].into_iter().chain(FIGURES).collect();
    super::export::table_csv(&header, rows)
}

/// The trend `daily.svg` draws: the daily report, over this month to date (by day) when the
/// query names no day.
pub fn daily_trend(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    mut query: DailyReportQuery,
) -> ApiResult<DailyReport> {
    if query.date.is_none() && query.from.is_none() && query.to.is_none() {
        reads_whole_project(conn, actor, project_id)?;
        let days = super::month_to_date(conn, Id(project_id), None, None)?;
        (query.from, query.to) = (Some(days.from), Some(days.to));
    }
    daily_report(conn, actor, project_id, query)
}
