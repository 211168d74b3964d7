//! Draws the heat map (开盘开花图) for the planning meeting: a room grid per building, top
//! floor first. Available rooms are coloured by the wave the rehearsal sells them in (red
//! 首批消化, green 第二波消化, blue 第三波消化, light grey 未被意向); sold rooms are dark and
//! say 已售, held ones say 销控, so neither is mistaken for an unwanted room. Each cell shows
//! the room and "first choices / all intents". The title names the project, the time of
//! the data (the project's last recorded change, so an unchanged map keeps its ETag) and
//! the totals. Every text meets WCAG contrast 4.5:1 on its ground. Pure.

use super::dto::{HeatKind, HeatMap, HeatRoom};
use crate::http::svg::{text_width, Canvas, Font, Mark, RULE};

const CELL_W: usize = 96;
const CELL_H: usize = 44;
const GAP: usize = 40;
const LABEL_W: usize = 48;
const HEADER_H: usize = 92;
const LEGEND_H: usize = 44;

/// (fill, text colour) of a kind of room: each pair at least 4.5:1 (see the tests).
fn colours(kind: HeatKind) -> (&'static str, &'static str) {
    match kind {
        HeatKind::FirstWave => ("#b3261e", "#ffffff"),
        HeatKind::SecondWave => ("#1e6b30", "#ffffff"),
        HeatKind::ThirdWave => ("#1a56b0", "#ffffff"),
        HeatKind::Unwanted => ("#e8e8e8", "#1f1f1f"),
        HeatKind::Sold => ("#263238", "#ffffff"),
        HeatKind::Held => ("#fff4d6", "#5c3d00"),
    }
}

fn label(kind: HeatKind) -> &'static str {
    match kind {
        HeatKind::FirstWave => "首批消化",
        HeatKind::SecondWave => "第二波消化",
        HeatKind::ThirdWave => "第三波消化",
        HeatKind::Unwanted => "未被意向",
        HeatKind::Sold => "已售",
        HeatKind::Held => "销控",
    }
}

/// The `data-measure` of the legend's count: the field of the JSON's totals.
fn measure(kind: HeatKind) -> &'static str {
    match kind {
        HeatKind::FirstWave => "first_wave",
        HeatKind::SecondWave => "second_wave",
        HeatKind::ThirdWave => "third_wave",
        HeatKind::Unwanted => "unwanted",
        HeatKind::Sold => "sold",
        HeatKind::Held => "held",
    }
}

/// The SVG document of a heat map.
pub fn render(map: &HeatMap) -> String {
    let widest = |b: &super::dto::HeatBuilding| b.floors.iter().map(|f| f.rooms.len()).max().unwrap_or(0);
    let grid_width: usize = map.buildings.iter().map(|b| LABEL_W + widest(b) * CELL_W + GAP).sum();
    let title = format!("{} 开盘开花图", map.project_name);
    let legend_width: usize = HeatKind::ALL.iter().map(|k| text_width(label(*k), 12) + 60).sum();
    let width = grid_width.max(legend_width + 32).max(text_width(&title, 18) + 32).max(480);
    let tallest = map.buildings.iter().map(|b| b.floors.len()).max().unwrap_or(0);
    let height = HEADER_H + tallest * CELL_H + 16 + LEGEND_H;
    let mut canvas = Canvas::new(width, height, &title);
    canvas.text(16, 28, Font { size: 18, ..Font::TITLE }, &title);
    let t = &map.totals;
    let zone = crate::projects::model::zone_named(&map.time_zone);
    let when = match map.as_of {
        Some(at) => format!("数据截至 {}", at.with_timezone(&zone).format("%Y-%m-%d %H:%M")),
        None => "尚无数据".into(),
    };
    canvas.text(
        16,
        50,
        Font::NOTE,
        &format!("{when} · 共 {} 套 · 意向 {} 个（首选 {}）", t.units, t.intents, t.first_choices),
    );
    let mut x0 = 0;
    for building in &map.buildings {
        canvas.text(x0 + LABEL_W, HEADER_H - 12, Font::TITLE, &building.building);
        for (row, floor) in building.floors.iter().enumerate() {
            let y = HEADER_H + row * CELL_H;
            canvas.text(x0 + LABEL_W - 8, y + CELL_H / 2 + 4, Font::BODY.anchored("end"), &format!("{}F", floor.floor));
            for (col, room) in floor.rooms.iter().enumerate() {
                draw_room(&mut canvas, x0 + LABEL_W + col * CELL_W, y, room);
            }
        }
        x0 += LABEL_W + widest(building) * CELL_W + GAP;
    }
    // The legend: each look with its count, in one row that never overlaps itself.
    let legend_y = height - LEGEND_H / 2;
    let mut x = 16;
    for kind in HeatKind::ALL {
        let (fill, _) = colours(kind);
        canvas.cell(x, legend_y - 12, 16, 16, fill, RULE, label(kind));
        canvas.text(x + 22, legend_y + 1, Font::BODY, label(kind));
        let label_end = x + 22 + text_width(label(kind), 12) + 4;
        let mark = Mark { key: "totals", measure: measure(kind), value: map.totals.of_kind(kind).to_string() };
        canvas.figure(label_end, legend_y + 1, Font::BODY.bold(), mark, None);
        x = label_end + 36;
    }
    canvas.finish()
}

fn draw_room(canvas: &mut Canvas, x: usize, y: usize, room: &HeatRoom) {
    let kind = HeatKind::of(room);
    let (fill, ink) = colours(kind);
    let tip = format!("{} {} · {}", room.room, room.layout, label(kind));
    canvas.cell(x, y, CELL_W - 4, CELL_H - 4, fill, "#ffffff", &tip);
    let font = Font::BODY.coloured(ink);
    canvas.text(x + 6, y + 16, font.bold(), &room.room);
    let counts = format!("{}/{}", room.first_choice_count, room.total_intent_count);
    let second_line = match kind {
        HeatKind::Sold | HeatKind::Held => format!("{} {counts}", label(kind)),
        _ => counts,
    };
    canvas.text(x + 6, y + 33, font, &second_line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::dto::{HeatBuilding, HeatFloor, HeatTotals, Priority, WaveName};
    use crate::booking::UnitStatus;
    use crate::http::svg::contrast;

    fn room(name: &str, status: UnitStatus, wave: WaveName, first: usize, total: usize) -> HeatRoom {
        HeatRoom {
            unit_id: uuid::Uuid::now_v7(),
            room: name.into(),
            layout: "3房<2厅>".into(),
            status,
            first_choice_count: first,
            total_intent_count: total,
            wave,
        }
    }

    fn map(rooms: Vec<HeatRoom>, as_of: &str) -> HeatMap {
        HeatMap {
            project_id: uuid::Uuid::nil(),
            project_name: "滨江一号".into(),
            time_zone: "Asia/Shanghai".into(),
            as_of: chrono::DateTime::parse_from_rfc3339(as_of).ok().map(|at| at.to_utc()),
            priority: Priority::ScoreThenQueue,
            totals: HeatTotals { units: rooms.len(), first_wave: 1, sold: 1, unwanted: 1, ..HeatTotals::default() },
            buildings: vec![HeatBuilding { building: "1栋".into(), floors: vec![HeatFloor { floor: 12, rooms }] }],
        }
    }

    #[test]
    fn every_text_reads_on_its_cell() {
        for kind in HeatKind::ALL {
            let (fill, ink) = colours(kind);
            assert!(contrast(ink, fill) >= 4.5, "{:?}: {}", kind, contrast(ink, fill));
        }
    }

    #[test]
    fn sold_rooms_are_not_drawn_as_unwanted_and_the_title_states_the_data_time() {
        let svg = render(&map(
            vec![
                room("1201", UnitStatus::Available, WaveName::First, 3, 5),
                room("1202", UnitStatus::Sold, WaveName::None, 0, 1),
                room("1203", UnitStatus::Available, WaveName::None, 0, 0),
            ],
            "2026-12-07T01:30:00Z",
        ));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("滨江一号 开盘开花图") && svg.contains("数据截至 2026-12-07 09:30"));
        assert!(svg.contains(">已售 0/1<") && svg.contains(r##"fill="#263238""##));
        assert!(svg.contains(r##"fill="#e8e8e8""##) && svg.contains(">0/0<"));
        assert!(svg.contains(">1201<") && svg.contains(">3/5<") && svg.contains(">12F<"));
        for label in ["首批消化", "第二波消化", "第三波消化", "未被意向", "已售", "销控"] {
            assert!(svg.contains(&format!(">{label}<")), "legend has {label}");
        }
        assert!(svg.contains("3房&lt;2厅&gt;"), "text is escaped");
    }
}
