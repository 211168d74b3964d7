-- Follow-ups (跟进): one contact with a buyer, kept as evidence (no delete).
-- Follow-up cadence per project and grade, and the objection library (异议处理库).

ALTER TABLE leads ADD COLUMN next_purpose TEXT;
ALTER TABLE leads ADD COLUMN last_contact_channel TEXT;
-- The overdue alert: a project's leads by how long nobody contacted them.
CREATE INDEX leads_project_interaction_idx ON leads (project_id, last_interaction_at) WHERE deleted_at IS NULL;

CREATE TABLE follow_ups (
    id                UUID PRIMARY KEY,
    lead_id           UUID NOT NULL REFERENCES leads (id),
    project_id        UUID NOT NULL REFERENCES projects (id),
    author_id         UUID NOT NULL REFERENCES users (id),
    channel           TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    content           TEXT NOT NULL,
    customer_feedback TEXT,
    happened_at       TIMESTAMP NOT NULL,
    duration_seconds  INTEGER CHECK (duration_seconds >= 0),
    initiated_by      TEXT NOT NULL CHECK (initiated_by IN ('customer', 'salesperson')),
    next_follow_up_at TIMESTAMP,
    next_purpose      TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
-- A lead's timeline, newest first; a manager's review by project; a salesperson's own.
CREATE INDEX follow_ups_lead_idx ON follow_ups (lead_id, happened_at, id);
CREATE INDEX follow_ups_project_idx ON follow_ups (project_id, happened_at, id);
CREATE INDEX follow_ups_author_idx ON follow_ups (author_id, happened_at, id);

CREATE TABLE project_cadences (
    project_id  UUID PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    a_days      INTEGER NOT NULL CHECK (a_days BETWEEN 1 AND 365),
    b_days      INTEGER NOT NULL CHECK (b_days BETWEEN 1 AND 365),
    c_days      INTEGER NOT NULL CHECK (c_days BETWEEN 1 AND 365),
    d_days      INTEGER NOT NULL CHECK (d_days BETWEEN 1 AND 365),
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE objections (
    id           UUID PRIMARY KEY,
    project_id   UUID NOT NULL REFERENCES projects (id),
    category     TEXT NOT NULL,
    objection    TEXT NOT NULL,
    answer       TEXT NOT NULL,
    tags         TEXT NOT NULL DEFAULT '[]',
    usage_count  INTEGER NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    created_by   UUID NOT NULL REFERENCES users (id),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    deleted_at   TIMESTAMP
);
CREATE INDEX objections_project_idx ON objections (project_id, category) WHERE deleted_at IS NULL;
