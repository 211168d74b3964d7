//! When each job is due next: a time of day, in China Standard Time (UTC+8, no daylight
//! saving), where the sales offices are, or every so many minutes (on the clock's
//! multiples) — pure arithmetic, unit-tested.

use chrono::{Duration, NaiveDateTime, NaiveTime};

use super::Job;

/// China Standard Time's offset from UTC.
const CST_OFFSET_HOURS: i64 = 8;

/// How often a job is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Daily at this time of day (CST).
    Daily(NaiveTime),
    /// Every so many minutes, at multiples of it since midnight UTC.
    Every(i64),
}

fn at(hour: u32, minute: u32) -> Cadence {
    Cadence::Daily(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN))
}

/// The job's cadence.
pub fn cadence(job: Job) -> Cadence {
    match job {
        Job::NightlyRegrade => at(2, 0),
        Job::AuditCheckpoint => at(0, 5),
        Job::WebhookRetention => at(3, 0),
        Job::ReportExpiry | Job::ComplaintDeadlines => Cadence::Every(10),
        Job::OverdueScan | Job::CareReminders => Cadence::Every(60),
    }
}

/// The first time strictly after `now` (UTC) that the job is due (UTC).
pub fn next_after(job: Job, now: NaiveDateTime) -> NaiveDateTime {
    match cadence(job) {
        Cadence::Daily(time) => {
            let local = now + Duration::hours(CST_OFFSET_HOURS);
            let today = local.date().and_time(time);
            let next_local = if today > local { today } else { today + Duration::days(1) };
            next_local - Duration::hours(CST_OFFSET_HOURS)
        }
        Cadence::Every(minutes) => {
            let midnight = now.date().and_time(NaiveTime::MIN);
            let since = (now - midnight).num_minutes();
            midnight + Duration::minutes((since / minutes + 1) * minutes)
        }
    }
}

/// The schedule in words, for `GET /jobs`.
pub fn describe(job: Job) -> String {
    match cadence(job) {
        Cadence::Daily(time) => format!("daily at {} China Standard Time (UTC+8)", time.format("%H:%M")),
        Cadence::Every(60) => "hourly, on the hour".to_owned(),
        Cadence::Every(minutes) => format!("every {minutes} minutes"),
    }
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

    #[test]
    fn frequent_jobs_fall_on_the_clock_and_cross_midnight() {
        assert_eq!(next_after(Job::ReportExpiry, at(2026, 12, 6, 9, 3)), at(2026, 12, 6, 9, 10));
        assert_eq!(next_after(Job::ReportExpiry, at(2026, 12, 6, 9, 10)), at(2026, 12, 6, 9, 20));
        assert_eq!(next_after(Job::OverdueScan, at(2026, 12, 6, 23, 30)), at(2026, 12, 7, 0, 0));
        assert_eq!(describe(Job::OverdueScan), "hourly, on the hour");
        assert_eq!(describe(Job::ReportExpiry), "every 10 minutes");
    }
}
