-- Satisfaction surveys: templates per project attached to touchpoints, and invitations whose
-- single-use link (its token kept only as a SHA-256 hash) the buyer answers without an
-- account. The answer is kept on the invitation: one link, one answer.

CREATE TABLE survey_templates (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    name        TEXT NOT NULL,
    touchpoints TEXT NOT NULL,
    questions   TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX survey_templates_name_key ON survey_templates (project_id, name);

CREATE TABLE survey_invitations (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    lead_id     TEXT NOT NULL REFERENCES leads (id),
    template_id TEXT NOT NULL REFERENCES survey_templates (id),
    touchpoint  TEXT NOT NULL,
    owner_id    TEXT NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    nps         INTEGER CHECK (nps BETWEEN 0 AND 10),
    answers     TEXT
);
CREATE INDEX survey_invitations_project_idx ON survey_invitations (project_id, created_at);
CREATE INDEX survey_invitations_lead_idx ON survey_invitations (lead_id, created_at);
