//! The channel bars: per channel, its leads, its deals and its cost per deal, each column
//! scaled to its own largest value, with the numbers beside the bars.

use super::{bar, yuan, Frame};
use crate::analytics::dto::{ChannelBar, ChannelsReport};
use crate::http::svg::{text_width, Canvas, Font, Mark, RULE, SERIES};

const TOP: usize = 96;
const ROW: usize = 30;
const COLUMN_SPAN: usize = 150;
const COLUMN_GAP: usize = 90;

/// A column of bars: its figure, its heading and how a row gives its value.
type Column = (&'static str, &'static str, fn(&ChannelBar) -> Option<i64>);

/// The SVG of the channel bars.
pub fn draw_channels(report: &ChannelsReport, frame: &Frame) -> String {
    let label_width = report.rows.iter().map(|r| text_width(&r.name, 12)).max().unwrap_or(0).clamp(64, 200) + 16;
    let columns: [Column; 3] = [
        ("leads", "线索", |r| Some(r.leads)),
        ("deals", "成交", |r| Some(r.deals)),
        ("cost_per_deal_fen", "单成交成本", |r| r.cost_per_deal_fen),
    ];
    let width = label_width + 3 * (COLUMN_SPAN + COLUMN_GAP) + 16;
    let height = TOP + report.rows.len().max(1) * ROW + 40;
    let title = format!("{} 渠道效果 {} 至 {}", frame.project, report.from, report.to);
    let mut canvas = Canvas::new(width, height, &title);
    canvas.text(16, 28, Font::TITLE, &title);
    let leads: i64 = report.rows.iter().map(|r| r.leads).sum();
    let deals: i64 = report.rows.iter().map(|r| r.deals).sum();
    let scope = if report.own_only { " · 仅本人客户" } else { "" };
    canvas.text(16, 50, Font::NOTE, &format!("{} · 合计 线索 {leads} · 成交 {deals}{scope}", frame.as_of));
    for (c, (_, label, _)) in columns.iter().enumerate() {
        canvas.text(label_width + c * (COLUMN_SPAN + COLUMN_GAP), TOP - 12, Font::BODY.bold(), label);
    }
    if report.rows.is_empty() {
        canvas.text(16, TOP + 20, Font::BODY, "期间内没有新增客户");
    }
    for (row, channel) in report.rows.iter().enumerate() {
        let y = TOP + row * ROW;
        canvas.line((16, y + ROW - 4), (width - 16, y + ROW - 4), RULE);
        canvas.text(label_width - 12, y + 16, Font::BODY.anchored("end"), &channel.name);
        for (c, (measure, _, value_of)) in columns.iter().enumerate() {
            let max = report.rows.iter().filter_map(value_of).max().unwrap_or(0);
            let x = label_width + c * (COLUMN_SPAN + COLUMN_GAP);
            let Some(value) = value_of(channel) else {
                // No cost recorded, or no deal to divide it by.
                canvas.text(x, y + 16, Font::NOTE, "—");
                continue;
            };
            let length = bar(value, max, COLUMN_SPAN);
            canvas.rect(x, y + 4, length, ROW - 12, SERIES[c].0, None);
            let shown = (*measure == "cost_per_deal_fen").then(|| yuan(value));
            let mark = Mark { key: &channel.key, measure, value: value.to_string() };
            canvas.figure(x + length + 6, y + 16, Font::BODY, mark, shown.as_deref());
        }
    }
    canvas.finish()
}
