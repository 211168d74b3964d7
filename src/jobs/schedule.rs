//! When each job is due next: a time of day, in China Standard Time (UTC+8, no daylight
//! saving), where the sales offices are — pure arithmetic, unit-tested.

use chrono::{Duration, NaiveDateTime, NaiveTime};

use super::Job;

/// China Standard Time's offset from UTC.
const CST_OFFSET_HOURS: i64 = 8;

/// The job's time of day (CST).
pub fn time_of_day(job: Job) -> NaiveTime {
    let (hour, minute) = match job {
        Job::NightlyRegrade => (2, 0),
        Job::AuditCheckpoint => (0, 5),
        Job::WebhookRetention => (3, 0),
    };
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

/// The first time strictly after `now` (UTC) that the job is due (UTC).
pub fn next_after(job: Job, now: NaiveDateTime) -> NaiveDateTime {
    let local = now + Duration::hours(CST_OFFSET_HOURS);
    let today = local.date().and_time(time_of_day(job));
    let next_local = if today > local { today } else { today + Duration::days(1) };
    next_local - Duration::hours(CST_OFFSET_HOURS)
}

/// The schedule in words, for `GET /jobs`.
pub fn describe(job: Job) -> String {
    format!("daily at {} China Standard Time (UTC+8)", time_of_day(job).format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|day| day.and_hms_opt(h, min, 0)).expect("a time")
    }

    #[test]
    fn the_nightly_regrade_is_at_two_in_the_morning_in_china() {
        // 2026-12-06 17:00 UTC is 01:00 on the 7th in China: due at 18:00 UTC the same day.
        assert_eq!(next_after(Job::NightlyRegrade, at(2026, 12, 6, 17, 0)), at(2026, 12, 6, 18, 0));
        // Exactly at the time: the next day's.
        assert_eq!(next_after(Job::NightlyRegrade, at(2026, 12, 6, 18, 0)), at(2026, 12, 7, 18, 0));
        // 19:00 UTC is past 02:00 in China: tomorrow night's.
        assert_eq!(next_after(Job::NightlyRegrade, at(2026, 12, 6, 19, 0)), at(2026, 12, 7, 18, 0));
    }

    #[test]
    fn the_checkpoint_crosses_the_year_in_china_before_utc() {
        // 16:04 UTC on 31 December is 00:04 on 1 January in China: the 00:05 run is a minute away.
        assert_eq!(next_after(Job::AuditCheckpoint, at(2026, 12, 31, 16, 4)), at(2026, 12, 31, 16, 5));
        assert_eq!(describe(Job::AuditCheckpoint), "daily at 00:05 China Standard Time (UTC+8)");
    }
}
