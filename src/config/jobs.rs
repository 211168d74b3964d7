//! The scheduler of jobs inside the server.

use std::time::Duration;

use super::{config_error, parse_or, ConfigError};

/// Whether and how often this replica looks for due jobs.
#[derive(Debug, Clone)]
pub struct JobSettings {
    /// `ANCHANG_JOBS` (default `true`): `false` keeps this replica out of scheduled work
    /// (others still run it; one replica runs each job at a time either way).
    pub enabled: bool,
    /// `ANCHANG_JOBS_POLL_MS` (default 30000): how often it looks.
    pub poll_interval: Duration,
    /// `ANCHANG_NOTIFY_POLL_MS` (default 1000): how often the notifier reads the change
    /// feed for notifications (every replica; one reads each event).
    pub notify_interval: Duration,
    /// `ANCHANG_REMINDER_HOUR` (default 8, 0–23): the hour of a project's day (in its own
    /// zone) from which the reminder scans tell of that day's overdue work and birthdays.
    pub reminder_hour: u32,
}

impl JobSettings {
    /// Reads the scheduler settings through `lookup`.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let poll_ms: u64 = parse_or(lookup, "ANCHANG_JOBS_POLL_MS", 30_000)?;
        if poll_ms == 0 {
            return Err(config_error("ANCHANG_JOBS_POLL_MS", "must be at least 1"));
        }
        let notify_ms: u64 = parse_or(lookup, "ANCHANG_NOTIFY_POLL_MS", 1_000)?;
        if notify_ms == 0 {
            return Err(config_error("ANCHANG_NOTIFY_POLL_MS", "must be at least 1"));
        }
        let reminder_hour: u32 = parse_or(lookup, "ANCHANG_REMINDER_HOUR", 8)?;
        if reminder_hour > 23 {
            return Err(config_error("ANCHANG_REMINDER_HOUR", "must be an hour of the day, 0 to 23"));
        }
        Ok(Self {
            reminder_hour,
            enabled: parse_or(lookup, "ANCHANG_JOBS", true)?,
            poll_interval: Duration::from_millis(poll_ms),
            notify_interval: Duration::from_millis(notify_ms),
        })
    }
}
