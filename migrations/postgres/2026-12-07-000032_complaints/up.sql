-- Complaints (客诉) after the sale, each with its deadlines stamped when it is received (from
-- the project's policy then: a policy changed later moves no open case), and its timeline.

CREATE TABLE complaint_policies (
    project_id                UUID PRIMARY KEY REFERENCES projects (id),
    critical_acknowledge_hours INTEGER NOT NULL CHECK (critical_acknowledge_hours BETWEEN 1 AND 8760),
    critical_resolve_hours     INTEGER NOT NULL CHECK (critical_resolve_hours BETWEEN 1 AND 8760),
    high_acknowledge_hours     INTEGER NOT NULL CHECK (high_acknowledge_hours BETWEEN 1 AND 8760),
    high_resolve_hours         INTEGER NOT NULL CHECK (high_resolve_hours BETWEEN 1 AND 8760),
    normal_acknowledge_hours   INTEGER NOT NULL CHECK (normal_acknowledge_hours BETWEEN 1 AND 8760),
    normal_resolve_hours       INTEGER NOT NULL CHECK (normal_resolve_hours BETWEEN 1 AND 8760),
    low_acknowledge_hours      INTEGER NOT NULL CHECK (low_acknowledge_hours BETWEEN 1 AND 8760),
    low_resolve_hours          INTEGER NOT NULL CHECK (low_resolve_hours BETWEEN 1 AND 8760),
    version                   INTEGER NOT NULL,
    updated_by                UUID NOT NULL REFERENCES users (id),
    updated_at                TIMESTAMP NOT NULL
);

CREATE TABLE complaints (
    id                       UUID PRIMARY KEY,
    project_id               UUID NOT NULL REFERENCES projects (id),
    lead_id                  UUID NOT NULL REFERENCES leads (id),
    category                 TEXT NOT NULL,
    severity                 TEXT NOT NULL,
    channel                  TEXT NOT NULL,
    description              TEXT NOT NULL,
    occurred_at              TIMESTAMP,
    status                   TEXT NOT NULL,
    assignee_id              UUID REFERENCES users (id),
    received_at              TIMESTAMP NOT NULL,
    acknowledge_due_at       TIMESTAMP NOT NULL,
    resolve_due_at           TIMESTAMP NOT NULL,
    acknowledged_at          TIMESTAMP,
    resolved_at              TIMESTAMP,
    closed_at                TIMESTAMP,
    root_cause               TEXT,
    resolution               TEXT,
    satisfaction             INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    reopen_count             INTEGER NOT NULL DEFAULT 0,
    acknowledge_escalated_at TIMESTAMP,
    resolve_escalated_at     TIMESTAMP,
    created_by               UUID NOT NULL REFERENCES users (id),
    version                  INTEGER NOT NULL,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL
);
CREATE INDEX complaints_project_idx ON complaints (project_id, received_at, id);
CREATE INDEX complaints_lead_idx ON complaints (lead_id, received_at);
-- What the escalation scan looks for: deadlines passed and not yet told.
CREATE INDEX complaints_acknowledge_watch_idx ON complaints (acknowledge_due_at)
    WHERE acknowledge_escalated_at IS NULL AND status = 'open';
CREATE INDEX complaints_resolve_watch_idx ON complaints (resolve_due_at)
    WHERE resolve_escalated_at IS NULL AND status IN ('open', 'acknowledged', 'in_progress');

-- A case's timeline: each move with who and a note, and each deadline the system saw pass.
-- `seq` is the case's version after the step, so two steps can never share a place.
CREATE TABLE complaint_steps (
    complaint_id  UUID NOT NULL REFERENCES complaints (id),
    seq           INTEGER NOT NULL,
    action        TEXT NOT NULL,
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    actor_id      UUID REFERENCES users (id),
    note          TEXT,
    root_cause    TEXT,
    satisfaction  INTEGER,
    assignee_id   UUID REFERENCES users (id),
    at            TIMESTAMP NOT NULL,
    PRIMARY KEY (complaint_id, seq)
);
