//! The director's charts as SVG, drawn from the reports' JSON (pure: no database). Each
//! states the project and the time of the data it shows — the project's last recorded
//! change, not the time it was drawn, so a chart of unchanged data keeps its ETag.

mod channels;
mod daily;
mod funnel;

pub use channels::draw_channels;
pub use daily::draw_daily;
pub use funnel::draw_funnel;

/// What every chart says about itself beside its title.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The project's name.
    pub project: String,
    /// `数据截至 2026-12-07 09:30` in the project's zone, or that nothing is recorded yet.
    pub as_of: String,
}

/// A share as a percentage with one decimal, e.g. `37.5%`.
fn percent(share: Option<f64>) -> String {
    share.map(|s| format!("{:.1}%", s * 100.0)).unwrap_or_else(|| "—".into())
}

/// Fen as yuan with thousands separators, e.g. `¥1,234,567`.
fn yuan(fen: i64) -> String {
    let yuan = (fen as f64 / 100.0).round() as i64;
    let digits = yuan.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}¥{grouped}", if yuan < 0 { "-" } else { "" })
}

/// The length of a bar for `value` of `max` on `span` px (at least 1 px for a non-zero value).
fn bar(value: i64, max: i64, span: usize) -> usize {
    if value <= 0 || max <= 0 {
        return 0;
    }
    ((value as f64 / max as f64) * span as f64).round().max(1.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_shares_read_as_people_write_them() {
        assert_eq!(yuan(123_456_789), "¥1,234,568");
        assert_eq!(yuan(0), "¥0");
        assert_eq!(yuan(-50_000), "-¥500");
        assert_eq!(percent(Some(0.375)), "37.5%");
        assert_eq!(percent(None), "—");
        assert_eq!(bar(5, 10, 100), 50);
        assert_eq!(bar(1, 1000, 100), 1);
        assert_eq!(bar(0, 0, 100), 0);
    }
}
