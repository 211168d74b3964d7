//! How long each severity may wait, and whether a deadline was missed. Deadlines are elapsed
//! hours from when the complaint was received — a buyer who complains at 23:30 waits the
//! same two hours as one who complains at noon — so nothing here cuts days.

use chrono::{Duration, NaiveDateTime};

use super::{Deadline, Severity};

/// Hours to acknowledge and to resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub acknowledge: i32,
    pub resolve: i32,
}

/// A project's hours per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub critical: Hours,
    pub high: Hours,
    pub normal: Hours,
    pub low: Hours,
}

impl Policy {
    /// What a project follows until a manager sets its own: critical 2 / 48, high 4 / 72,
    /// normal 24 / 168, low 72 / 336.
    pub const DEFAULT: Policy = Policy {
        critical: Hours { acknowledge: 2, resolve: 48 },
        high: Hours { acknowledge: 4, resolve: 72 },
        normal: Hours { acknowledge: 24, resolve: 168 },
        low: Hours { acknowledge: 72, resolve: 336 },
    };

    /// The hours of a severity.
    pub fn hours(&self, severity: Severity) -> Hours {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Normal => self.normal,
            Severity::Low => self.low,
        }
    }
}

/// When a deadline of `hours` counted from `from` falls.
pub fn due(from: NaiveDateTime, hours: i32) -> NaiveDateTime {
    from + Duration::hours(i64::from(hours))
}

/// One deadline of a case: when it falls and when it was met (the acknowledgement, the
/// resolution), if it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub deadline: Deadline,
    pub due_at: NaiveDateTime,
    pub met_at: Option<NaiveDateTime>,
}

impl Clock {
    /// Whether the deadline was missed as of `now`: met after it fell, or not met and past.
    pub fn breached(&self, now: NaiveDateTime) -> bool {
        self.met_at.unwrap_or(now) > self.due_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        chrono::DateTime::parse_from_rfc3339(text).expect("a moment").naive_utc()
    }

    #[test]
    fn a_complaint_at_half_past_eleven_at_night_is_due_two_hours_later_not_at_midnight() {
        // 23:30 in Shanghai on 25 November is 15:30 UTC.
        let received = at("2026-11-25T15:30:00Z");
        let hours = Policy::DEFAULT.hours(Severity::Critical);
        let acknowledge =
            Clock { deadline: Deadline::Acknowledge, due_at: due(received, hours.acknowledge), met_at: None };

        assert_eq!(acknowledge.due_at, at("2026-11-25T17:30:00Z"), "01:30 on the 26th in Shanghai");
        assert!(!acknowledge.breached(at("2026-11-25T16:00:00Z")), "midnight passing breaches nothing");
        assert!(!acknowledge.breached(at("2026-11-25T17:30:00Z")), "due at, not before");
        assert!(acknowledge.breached(at("2026-11-25T17:30:01Z")));
        assert_eq!(due(received, hours.resolve), at("2026-11-27T15:30:00Z"), "48 elapsed hours");
    }

    #[test]
    fn a_deadline_met_in_time_stays_met_and_one_met_late_stays_breached() {
        let due_at = at("2026-11-25T17:30:00Z");
        let in_time = Clock { deadline: Deadline::Acknowledge, due_at, met_at: Some(at("2026-11-25T17:00:00Z")) };
        let late = Clock { met_at: Some(at("2026-11-25T18:00:00Z")), ..in_time };

        assert!(!in_time.breached(at("2026-12-25T00:00:00Z")));
        assert!(late.breached(at("2026-11-25T18:00:00Z")));
    }

    #[test]
    fn the_default_policy_is_the_issues() {
        let p = Policy::DEFAULT;
        let pairs: Vec<(i32, i32)> =
            [p.critical, p.high, p.normal, p.low].iter().map(|h| (h.acknowledge, h.resolve)).collect();
        assert_eq!(pairs, [(2, 48), (4, 72), (24, 168), (72, 336)]);
    }
}
