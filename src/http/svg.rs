//! Pictures the API draws (the heat map, the director's charts) as SVG: a small canvas that
//! escapes every text, a palette whose text colours read on their fills (WCAG contrast at
//! least 4.5:1, checked by a test), and the response that serves a picture.
//!
//! Every number a chart shows is a `<text>` of its own carrying `data-key` (the row) and
//! `data-measure` (the figure), so a test — or a screen reader's user — can match it to
//! the JSON the chart was drawn from.

use std::fmt::Write;

use actix_web::{http::header, HttpResponse};

/// Body text on white (contrast 16:1).
pub const INK: &str = "#1f1f1f";
/// Secondary text on white: axes, notes (contrast 7:1).
pub const MUTED: &str = "#595959";
/// Grid lines and frames.
pub const RULE: &str = "#d0d0d0";

/// Fills for a chart's series, each with the text colour that reads on it.
pub const SERIES: [(&str, &str); 4] =
    [("#1a56b0", "#ffffff"), ("#b3261e", "#ffffff"), ("#1e6b30", "#ffffff"), ("#7a4a00", "#ffffff")];

/// Text with `<`, `>`, `&` and quotes escaped, for an element or an attribute.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// What a number of a chart is: its row, its figure and its value as the JSON has it.
#[derive(Debug, Clone)]
pub struct Mark<'a> {
    pub key: &'a str,
    pub measure: &'a str,
    pub value: String,
}

/// How a text is set.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: u32,
    pub bold: bool,
    pub fill: &'static str,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
}

impl Font {
    /// Body text, left-aligned.
    pub const BODY: Font = Font { size: 12, bold: false, fill: INK, anchor: "start" };
    /// A chart's title.
    pub const TITLE: Font = Font { size: 16, bold: true, fill: INK, anchor: "start" };
    /// Notes and axis labels.
    pub const NOTE: Font = Font { size: 11, bold: false, fill: MUTED, anchor: "start" };

    pub fn anchored(self, anchor: &'static str) -> Font {
        Font { anchor, ..self }
    }

    pub fn coloured(self, fill: &'static str) -> Font {
        Font { fill, ..self }
    }

    pub fn bold(self) -> Font {
        Font { bold: true, ..self }
    }
}

/// An SVG document being drawn.
pub struct Canvas {
    body: String,
}

impl Canvas {
    /// A white canvas with its title (also the picture's accessible name).
    pub fn new(width: usize, height: usize, title: &str) -> Canvas {
        let mut body = String::new();
        let _ = write!(
            body,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" font-family="'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif"><title>{}</title><rect width="{width}" height="{height}" fill="#ffffff"/>"##,
            escape(title)
        );
        Canvas { body }
    }

    /// A text at (`x`, `y`: its baseline).
    pub fn text(&mut self, x: usize, y: usize, font: Font, text: &str) {
        let weight = if font.bold { r#" font-weight="bold""# } else { "" };
        let _ = write!(
            self.body,
            r#"<text x="{x}" y="{y}" font-size="{}" fill="{}" text-anchor="{}"{weight}>{}</text>"#,
            font.size,
            font.fill,
            font.anchor,
            escape(text)
        );
    }

    /// A number of the chart: a text marked with the row, the figure and its value as the
    /// JSON has it; it shows `shown` (the value itself when `None`).
    pub fn figure(&mut self, x: usize, y: usize, font: Font, mark: Mark<'_>, shown: Option<&str>) {
        let weight = if font.bold { r#" font-weight="bold""# } else { "" };
        let _ = write!(
            self.body,
            r#"<text x="{x}" y="{y}" font-size="{}" fill="{}" text-anchor="{}"{weight} data-key="{}" data-measure="{}" data-value="{}">{}</text>"#,
            font.size,
            font.fill,
            font.anchor,
            escape(mark.key),
            escape(mark.measure),
            escape(&mark.value),
            escape(shown.unwrap_or(&mark.value))
        );
    }

    /// A filled rectangle; `tip` shows on hover.
    pub fn rect(&mut self, x: usize, y: usize, width: usize, height: usize, fill: &str, tip: Option<&str>) {
        let _ = write!(self.body, r#"<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}""#);
        match tip {
            Some(tip) => {
                let _ = write!(self.body, "><title>{}</title></rect>", escape(tip));
            }
            None => self.body.push_str("/>"),
        }
    }

    /// A framed rectangle (a cell with a border of `stroke`).
    #[allow(clippy::too_many_arguments)]
    pub fn cell(&mut self, x: usize, y: usize, width: usize, height: usize, fill: &str, stroke: &str, tip: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}" stroke="{stroke}" stroke-width="2"><title>{}</title></rect>"#,
            escape(tip)
        );
    }

    /// A straight line.
    pub fn line(&mut self, from: (usize, usize), to: (usize, usize), stroke: &str) {
        let _ = write!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="1"/>"#,
            from.0, from.1, to.0, to.1
        );
    }

    /// A polyline through `points` (a series over time).
    pub fn polyline(&mut self, points: &[(usize, usize)], stroke: &str) {
        let path: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
        let _ = write!(
            self.body,
            r#"<polyline points="{}" fill="none" stroke="{stroke}" stroke-width="2"/>"#,
            path.join(" ")
        );
    }

    /// The finished document.
    pub fn finish(mut self) -> String {
        self.body.push_str("</svg>");
        self.body
    }
}

/// A picture as the response: `image/svg+xml`.
pub fn picture(svg: String) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")).body(svg)
}

/// How wide a text is drawn at `size` px, roughly: CJK characters a full em, others half.
pub fn text_width(text: &str, size: u32) -> usize {
    let ems: f64 = text.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum();
    (ems * size as f64).ceil() as usize
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let value = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
            if value <= 0.03928 {
                value / 12.92
            } else {
                ((value + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_colour_reads_on_its_ground() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
        for ink in [INK, MUTED] {
            assert!(contrast(ink, "#ffffff") >= 4.5, "{ink} on white");
        }
        for (fill, text) in SERIES {
            assert!(contrast(text, fill) >= 4.5, "{text} on {fill}: {}", contrast(text, fill));
        }
    }

    #[test]
    fn texts_are_escaped_and_figures_marked() {
        let mut canvas = Canvas::new(100, 50, "A <b> & 'c'");
        canvas.figure(1, 2, Font::BODY, Mark { key: "walk_in", measure: "leads", value: "12".into() }, None);
        canvas.figure(1, 2, Font::BODY, Mark { key: "x", measure: "cost", value: "150000".into() }, Some("¥1,500"));
        let svg = canvas.finish();
        assert!(svg.contains("<title>A &lt;b&gt; &amp; &#39;c&#39;</title>"));
        assert!(svg.contains(r#"data-key="walk_in" data-measure="leads" data-value="12">12</text>"#));
        assert!(svg.contains(r#"data-value="150000">¥1,500</text>"#));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(text_width("首批ab", 10), 32);
    }
}
