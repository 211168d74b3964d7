//! Cutting a range of days into periods: days, ISO weeks (Monday first) or months — pure
//! arithmetic, unit-tested.

use chrono::{Datelike, Duration, NaiveDate};

crate::text_enum! {
    /// How a report's days are grouped.
    pub enum GroupBy {
        /// One row per day.
        Day = "day",
        /// One row per ISO week (Monday to Sunday), labelled `2026-W49`.
        Week = "week",
        /// One row per calendar month, labelled `2026-12`.
        Month = "month",
    }
}

/// The first day of the period `day` falls in.
pub fn start_of(day: NaiveDate, group: GroupBy) -> NaiveDate {
    match group {
        GroupBy::Day => day,
        GroupBy::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        GroupBy::Month => day.with_day(1).unwrap_or(day),
    }
}

/// The period's name: `2026-12-01`, `2026-W49` or `2026-12`.
pub fn label(start: NaiveDate, group: GroupBy) -> String {
    match group {
        GroupBy::Day => start.to_string(),
        GroupBy::Week => {
            let week = start.iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        GroupBy::Month => start.format("%Y-%m").to_string(),
    }
}

/// The periods covering `from..=to`, each as the days of it inside the range.
pub fn periods(from: NaiveDate, to: NaiveDate, group: GroupBy) -> Vec<(NaiveDate, NaiveDate)> {
    let mut found = Vec::new();
    let mut day = from;
    while day <= to {
        let start = start_of(day, group);
        let next = match group {
            GroupBy::Day => start + Duration::days(1),
            GroupBy::Week => start + Duration::days(7),
            GroupBy::Month => start.checked_add_months(chrono::Months::new(1)).unwrap_or(to + Duration::days(1)),
        };
        let last = (next - Duration::days(1)).min(to);
        found.push((day, last));
        day = last + Duration::days(1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn weeks_start_on_monday_and_keep_to_the_range() {
        // 2026-12-02 is a Wednesday; its ISO week is 2026-W49.
        let weeks = periods(date(2026, 12, 2), date(2026, 12, 14), GroupBy::Week);
        assert_eq!(
            weeks,
            vec![
                (date(2026, 12, 2), date(2026, 12, 6)),
                (date(2026, 12, 7), date(2026, 12, 13)),
                (date(2026, 12, 14), date(2026, 12, 14))
            ]
        );
        assert_eq!(label(start_of(date(2026, 12, 2), GroupBy::Week), GroupBy::Week), "2026-W49");
        // 2027-01-01 is a Friday of ISO week 2026-W53.
        assert_eq!(label(start_of(date(2027, 1, 1), GroupBy::Week), GroupBy::Week), "2026-W53");
    }

    #[test]
    fn months_and_days_cover_the_range_once() {
        let months = periods(date(2026, 11, 20), date(2027, 1, 5), GroupBy::Month);
        assert_eq!(
            months,
            vec![
                (date(2026, 11, 20), date(2026, 11, 30)),
                (date(2026, 12, 1), date(2026, 12, 31)),
                (date(2027, 1, 1), date(2027, 1, 5))
            ]
        );
        assert_eq!(label(date(2026, 12, 1), GroupBy::Month), "2026-12");
        assert_eq!(periods(date(2026, 12, 1), date(2026, 12, 3), GroupBy::Day).len(), 3);
    }
}
