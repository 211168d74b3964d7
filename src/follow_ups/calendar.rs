//! Cutting time into a project's days. A project's day runs from midnight to midnight in
//! its own time zone (Asia/Shanghai unless the project says otherwise), whatever the
//! server's zone; timestamps are stored in UTC, so each day becomes a UTC range here.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The zone of a project named `name` (see `projects::model::zone_named`).
pub fn zone(name: &str) -> Tz {
    crate::projects::model::zone_named(name)
}

/// The date it is now in `zone`.
pub fn today(zone: Tz, now: NaiveDateTime) -> NaiveDate {
    Utc.from_utc_datetime(&now).with_timezone(&zone).date_naive()
}

/// The UTC instant at which `date` begins in `zone`. Where midnight does not exist (a DST
/// jump), the day begins at the first instant after it.
pub fn start_of(date: NaiveDate, zone: Tz) -> NaiveDateTime {
    let mut local = date.and_time(chrono::NaiveTime::MIN);
    loop {
        if let Some(instant) = zone.from_local_datetime(&local).earliest() {
            return instant.naive_utc();
        }
        local += Duration::minutes(15);
    }
}

/// The next birthday on or after `from`, if it falls within `days` days. Someone born on
/// 29 February celebrates on 28 February in other years.
pub fn birthday_within(birthday: NaiveDate, from: NaiveDate, days: i64) -> Option<NaiveDate> {
    let in_year = |year: i32| {
        NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day() - 1))
    };
    let this_year = in_year(from.year())?;
    let next = if this_year >= from { this_year } else { in_year(from.year() + 1)? };
    (next < from + Duration::days(days)).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        date(y, m, d).and_hms_opt(h, min, 0).expect("a time")
    }

    #[test]
    fn a_shanghai_day_starts_at_16_00_utc_the_day_before() {
        let shanghai = zone("Asia/Shanghai");
        assert_eq!(start_of(date(2026, 11, 23), shanghai), utc(2026, 11, 22, 16, 0));
        assert_eq!(today(shanghai, utc(2026, 11, 22, 15, 59)), date(2026, 11, 22));
        assert_eq!(today(shanghai, utc(2026, 11, 22, 16, 0)), date(2026, 11, 23), "midnight in Shanghai");
        assert_eq!(zone("Not/AZone"), shanghai);
    }

    #[test]
    fn a_day_that_skips_midnight_starts_at_its_first_instant() {
        // Santiago moved its clocks from 00:00 to 01:00 on 2026-09-06.
        let santiago = zone("America/Santiago");
        assert_eq!(start_of(date(2026, 9, 6), santiago), utc(2026, 9, 6, 4, 0));
    }

    #[test]
    fn birthdays_within_a_week_wrap_years_and_leap_days() {
        let from = date(2026, 12, 28);
        assert_eq!(birthday_within(date(1990, 1, 2), from, 7), Some(date(2027, 1, 2)));
        assert_eq!(birthday_within(date(1990, 1, 4), from, 7), None, "day 7 is outside");
        assert_eq!(birthday_within(date(1990, 12, 28), from, 7), Some(from), "today counts");
        assert_eq!(birthday_within(date(1992, 2, 29), date(2026, 2, 25), 7), Some(date(2026, 2, 28)));
        assert_eq!(birthday_within(date(1990, 12, 27), from, 7), None, "yesterday is a year away");
    }
}
