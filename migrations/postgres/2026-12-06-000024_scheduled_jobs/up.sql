-- Scheduled jobs: one row per job, its next due time and the lease of the replica running
-- it (a conditional update takes it, so one replica runs a job at a time), and how the last
-- run went.
CREATE TABLE scheduled_jobs (
    name              TEXT PRIMARY KEY,
    next_due_at       TIMESTAMP NOT NULL,
    lease_until       TIMESTAMP,
    lease_owner       TEXT,
    last_started_at   TIMESTAMP,
    last_finished_at  TIMESTAMP,
    last_duration_ms  BIGINT,
    last_outcome      TEXT CHECK (last_outcome IN ('ok', 'failed')),
    last_summary      TEXT,
    runs              BIGINT NOT NULL DEFAULT 0
);
