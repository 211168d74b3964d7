//! The daily trend: per period, a column each for visits (first and return), subscriptions
//! (认筹) and signings (签约), with its count above it.

use super::{bar, Frame};
use crate::analytics::dto::DailyReport;
use crate::http::svg::{Canvas, Font, Mark, MUTED, RULE, SERIES};

const LEFT: usize = 48;
const TOP: usize = 96;
const PLOT: usize = 220;
const COLUMN: usize = 14;
const GAP: usize = 14;

/// The series drawn, with their labels and colours.
const SERIES_DRAWN: [(&str, &str); 3] = [("visits", "来访"), ("subscriptions", "认筹"), ("signings", "签约")];

/// The SVG of a daily report's periods.
pub fn draw_daily(report: &DailyReport, frame: &Frame) -> String {
    let values: Vec<[i64; 3]> = report
        .periods
        .iter()
        .map(|p| [p.figures.first_visits + p.figures.return_visits, p.figures.subscriptions, p.figures.signings])
        .collect();
    let max = values.iter().flatten().copied().max().unwrap_or(0).max(1);
    let group = COLUMN * 3 + GAP;
    let width = (LEFT + values.len() * group + 24).max(560);
    let height = TOP + PLOT + 64;
    let title = format!("{} 案场日报趋势 {} 至 {}", frame.project, report.from, report.to);
    let mut canvas = Canvas::new(width, height, &title);
    canvas.text(16, 28, Font::TITLE, &title);
    let totals = report.totals;
    let scope = if report.own_only { " · 仅本人数据" } else { "" };
    canvas.text(
        16,
        50,
        Font::NOTE,
        &format!(
            "{} · 合计 来访 {} · 认筹 {} · 签约 {}{scope}",
            frame.as_of,
            totals.first_visits + totals.return_visits,
            totals.subscriptions,
            totals.signings
        ),
    );
    for (i, (_, label)) in SERIES_DRAWN.iter().enumerate() {
        let x = 16 + i * 80;
        canvas.rect(x, 62, 12, 12, SERIES[i].0, None);
        canvas.text(x + 18, 73, Font::BODY, label);
    }
    let base = TOP + PLOT;
    canvas.line((LEFT, base), (width - 16, base), RULE);
    canvas.text(LEFT - 6, TOP + 4, Font::NOTE.anchored("end"), &max.to_string());
    canvas.text(LEFT - 6, base, Font::NOTE.anchored("end"), "0");
    // Label every period when they fit, else about a dozen of them.
    let label_every = values.len().div_ceil(12).max(1);
    for (i, (period, counts)) in report.periods.iter().zip(&values).enumerate() {
        let x0 = LEFT + 8 + i * group;
        for (s, count) in counts.iter().enumerate() {
            let height = bar(*count, max, PLOT - 16);
            let x = x0 + s * COLUMN;
            let (name, label) = SERIES_DRAWN[s];
            canvas.rect(
                x,
                base - height,
                COLUMN - 2,
                height,
                SERIES[s].0,
                Some(&format!("{} {label} {count}", period.label)),
            );
            let mark = Mark { key: &period.label, measure: name, value: count.to_string() };
            canvas.figure(
                x + COLUMN / 2 - 1,
                base - height - 3,
                Font { size: 9, ..Font::BODY }.anchored("middle"),
                mark,
                None,
            );
        }
        if i % label_every == 0 {
            let short = period.label.get(5..).unwrap_or(&period.label);
            canvas.text(x0 + COLUMN * 3 / 2, base + 16, Font::NOTE.anchored("middle").coloured(MUTED), short);
        }
    }
    canvas.finish()
}
