//! Draws the heat map (开盘开花图) for the planning meeting: a room grid per building, top
//! floor first; red sells in the first wave, green in the second, blue in the third, grey
//! is unwanted; each cell shows the room and "first choices / all intents". Pure.

use std::fmt::Write;

use super::dto::{HeatMap, WaveName};
use super::UnitStatus;

const CELL_W: usize = 96;
const CELL_H: usize = 40;
const GAP: usize = 40;
const LABEL_W: usize = 48;
const TITLE_H: usize = 28;

fn color(wave: WaveName) -> &'static str {
    match wave {
        WaveName::First => "#d9363e",
        WaveName::Second => "#3f9142",
        WaveName::Third => "#2f6fd1",
        WaveName::None => "#c8c8c8",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The SVG document of a heat map.
pub fn render(map: &HeatMap) -> String {
    let widest = |b: &super::dto::HeatBuilding| b.floors.iter().map(|f| f.rooms.len()).max().unwrap_or(0);
    let width = map.buildings.iter().map(|b| LABEL_W + widest(b) * CELL_W + GAP).sum::<usize>().max(200);
    let tallest = map.buildings.iter().map(|b| b.floors.len()).max().unwrap_or(0);
    let height = TITLE_H * 2 + tallest * CELL_H + 40;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = write!(svg, r#"<rect width="{width}" height="{height}" fill="white"/>"#);
    let mut x0 = 0;
    for building in &map.buildings {
        let _ = write!(
            svg,
            r#"<text x="{}" y="20" font-size="16" font-weight="bold">{}</text>"#,
            x0 + LABEL_W,
            escape(&building.building)
        );
        for (row, floor) in building.floors.iter().enumerate() {
            let y = TITLE_H + row * CELL_H;
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" text-anchor="end">{}F</text>"#,
                x0 + LABEL_W - 6,
                y + CELL_H / 2 + 4,
                floor.floor
            );
            for (col, room) in floor.rooms.iter().enumerate() {
                let x = x0 + LABEL_W + col * CELL_W;
                let stroke =
                    if matches!(room.status, UnitStatus::Reserved | UnitStatus::Sold) { "black" } else { "white" };
                let _ = write!(
                    svg,
                    r#"<rect x="{x}" y="{y}" width="{}" height="{}" fill="{}" stroke="{stroke}" stroke-width="2"><title>{} {}</title></rect>"#,
                    CELL_W - 2,
                    CELL_H - 2,
                    color(room.wave),
                    escape(&room.room),
                    escape(&room.layout)
                );
                let _ = write!(
                    svg,
                    r#"<text x="{}" y="{}" fill="white" font-weight="bold">{}</text>"#,
                    x + 6,
                    y + 15,
                    escape(&room.room)
                );
                let _ = write!(
                    svg,
                    r#"<text x="{}" y="{}" fill="white">{}/{}</text>"#,
                    x + 6,
                    y + 31,
                    room.first_choice_count,
                    room.total_intent_count
                );
            }
        }
        x0 += LABEL_W + widest(building) * CELL_W + GAP;
    }
    let legend_y = height - 16;
    for (i, (wave, label)) in [
        (WaveName::First, "first wave"),
        (WaveName::Second, "second wave"),
        (WaveName::Third, "third wave"),
        (WaveName::None, "unwanted"),
    ]
    .iter()
    .enumerate()
    {
        let x = 10 + i * 130;
        let _ = write!(svg, r#"<rect x="{x}" y="{}" width="14" height="14" fill="{}"/>"#, legend_y - 11, color(*wave));
        let _ = write!(svg, r#"<text x="{}" y="{legend_y}">{label} (first choices/intents)</text>"#, x + 18);
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::dto::{HeatBuilding, HeatFloor, HeatRoom, Priority};

    fn room(name: &str, wave: WaveName, first: usize, total: usize) -> HeatRoom {
        HeatRoom {
            unit_id: uuid::Uuid::now_v7(),
            room: name.into(),
            layout: "3房<2厅>".into(),
            status: UnitStatus::Available,
            first_choice_count: first,
            total_intent_count: total,
            wave,
        }
    }

    #[test]
    fn each_wave_has_its_colour_and_cells_carry_their_counts() {
        let map = HeatMap {
            priority: Priority::ScoreThenQueue,
            buildings: vec![HeatBuilding {
                building: "1栋".into(),
                floors: vec![HeatFloor {
                    floor: 12,
                    rooms: vec![room("1201", WaveName::First, 3, 5), room("1202", WaveName::None, 0, 0)],
                }],
            }],
        };
        let svg = render(&map);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("#d9363e") && svg.contains("#c8c8c8"));
        assert!(svg.contains(">1201<") && svg.contains(">3/5<") && svg.contains(">12F<"));
        assert!(svg.contains("3房&lt;2厅&gt;"), "text is escaped");
    }
}
