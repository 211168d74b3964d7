//! The funnel: one bar per stage, as wide as the leads that reached it, with the count and
//! the share of the range's leads.

use super::{bar, percent, Frame};
use crate::analytics::dto::{FunnelBasis, FunnelReport};
use crate::http::svg::{Canvas, Font, Mark, SERIES};

const WIDTH: usize = 720;
const LEFT: usize = 96;
const BAR_SPAN: usize = 440;
const ROW: usize = 44;
const TOP: usize = 84;

/// The SVG of a funnel's total.
pub fn draw_funnel(report: &FunnelReport, frame: &Frame) -> String {
    let stages = report.total.stages;
    let steps = [
        ("线索", "leads", stages.leads),
        ("到访", "visited", stages.visited),
        ("认筹", "subscribed", stages.subscribed),
        ("认购", "reserved", stages.reserved),
        ("签约", "signed", stages.signed),
    ];
    let height = TOP + steps.len() * ROW + 48;
    let title = format!("{} 客户漏斗 {} 至 {}", frame.project, report.from, report.to);
    let mut canvas = Canvas::new(WIDTH, height, &title);
    canvas.text(16, 28, Font::TITLE, &title);
    let basis = match report.basis {
        FunnelBasis::Cohort => "按期间新增客户跟踪",
        FunnelBasis::Event => "按期间发生的阶段变动",
    };
    let scope = if report.own_only { " · 仅本人客户" } else { "" };
    canvas.text(16, 50, Font::NOTE, &format!("{} · {basis}{scope}", frame.as_of));
    canvas.text(LEFT + BAR_SPAN + 16, TOP - 10, Font::NOTE, "占线索");
    let (fill, ink) = SERIES[0];
    for (row, (label, measure, count)) in steps.iter().enumerate() {
        let y = TOP + row * ROW;
        let width = bar(*count, stages.leads.max(*count), BAR_SPAN);
        // Centred, so the bars narrow like a funnel.
        let x = LEFT + (BAR_SPAN - width) / 2;
        canvas.text(LEFT - 12, y + 22, Font::BODY.anchored("end").bold(), label);
        canvas.rect(x, y, width, ROW - 10, fill, Some(&format!("{label} {count}")));
        let mark = Mark { key: "total", measure, value: count.to_string() };
        // The count sits on the bar when it fits there, beside it otherwise.
        if width >= 48 {
            canvas.figure(LEFT + BAR_SPAN / 2, y + 22, Font::BODY.anchored("middle").coloured(ink).bold(), mark, None);
        } else {
            canvas.figure(x + width + 6, y + 22, Font::BODY.bold(), mark, None);
        }
        let share = (stages.leads > 0).then(|| *count as f64 / stages.leads as f64);
        canvas.text(LEFT + BAR_SPAN + 16, y + 22, Font::BODY, &percent(share));
    }
    let foot = TOP + steps.len() * ROW + 20;
    let average = report.total.average_deal_fen.map(super::yuan).unwrap_or_else(|| "—".into());
    canvas.text(
        16,
        foot,
        Font::NOTE,
        &format!(
            "到访率 {} · 转化率 {} · 客单价 {average}",
            percent(report.total.visit_rate),
            percent(report.total.conversion)
        ),
    );
    canvas.finish()
}
