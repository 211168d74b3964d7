-- Appeals (申诉): an agent contests what became of their report — a refusal, or an expiry
-- although the customer came — and a manager of the project decides. An upheld appeal
-- moves the buyer's attribution to the report's channel. One open appeal per report at a
-- time; the database decides between two filed at once.
CREATE TABLE report_appeals (
    id              UUID PRIMARY KEY,
    report_id       UUID NOT NULL REFERENCES channel_reports (id),
    project_id      UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    agent_id        UUID NOT NULL REFERENCES users (id),
    reason          TEXT NOT NULL,
    report_status   TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'rejected')),
    decided_by      UUID REFERENCES users (id),
    decided_at      TIMESTAMP,
    decision_note   TEXT,
    lead_id         UUID REFERENCES leads (id),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX report_appeals_one_open ON report_appeals (report_id) WHERE status = 'open';
CREATE INDEX report_appeals_project_idx ON report_appeals (project_id, id);
CREATE INDEX report_appeals_agent_idx ON report_appeals (agent_id, id);
