//! What `GET /jobs` shows of each scheduled job.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Job;

/// A scheduled job and its last run.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct JobView {
    /// The job.
    pub name: Job,
    /// When it runs.
    pub schedule: String,
    /// When it is due next.
    pub next_due_at: Option<DateTime<Utc>>,
    /// Whether a replica is running it now.
    pub running: bool,
    /// Which replica (process id and a random tag) holds it while it runs.
    pub held_by: Option<String>,
    /// When the last run started.
    pub last_started_at: Option<DateTime<Utc>>,
    /// When the last run finished.
    pub last_finished_at: Option<DateTime<Utc>>,
    /// How long the last run took, in milliseconds.
    pub last_duration_ms: Option<i64>,
    /// `ok` or `failed`; null before the first run.
    pub last_outcome: Option<String>,
    /// What the last run did (counts; the checkpoint), or why it failed.
    #[schema(value_type = Option<Object>)]
    pub last_summary: Option<serde_json::Value>,
    /// Runs so far.
    pub runs: i64,
}
