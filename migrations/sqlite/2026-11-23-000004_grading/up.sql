-- Grading: an explainable sincerity score per lead, versioned rules per project, a
-- manual override beside the automatic grade, and the history of every grade change.
-- `leads.grade` stays the effective grade (override or automatic): lists filter on it and
-- the follow-up cadence reads it.

ALTER TABLE follow_ups ADD COLUMN decision_maker_present BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE leads ADD COLUMN decision_maker_visited BOOLEAN NOT NULL DEFAULT FALSE;

-- Grading walks a project's leads in id order, a batch at a time.
CREATE INDEX leads_project_id_idx ON leads (project_id, id) WHERE deleted_at IS NULL;

CREATE TABLE grading_rules (
    project_id  TEXT NOT NULL REFERENCES projects (id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    rules       TEXT NOT NULL,
    created_by  TEXT REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    -- Two managers saving at once cannot both get the same version.
    PRIMARY KEY (project_id, version)
);

CREATE TABLE lead_grades (
    lead_id          TEXT PRIMARY KEY REFERENCES leads (id),
    project_id       TEXT NOT NULL REFERENCES projects (id),
    score            REAL NOT NULL,
    auto_grade       TEXT NOT NULL CHECK (auto_grade IN ('A', 'B', 'C', 'D')),
    components       TEXT NOT NULL,
    -- 0: the default rules, before the project saved any.
    rules_version    INTEGER NOT NULL,
    computed_at      TIMESTAMP NOT NULL,
    override_grade   TEXT CHECK (override_grade IN ('A', 'B', 'C', 'D')),
    override_reason  TEXT,
    override_by      TEXT REFERENCES users (id),
    override_at      TIMESTAMP,
    override_until   TIMESTAMP
);
CREATE INDEX lead_grades_project_idx ON lead_grades (project_id);

CREATE TABLE grade_history (
    id             TEXT PRIMARY KEY,
    lead_id        TEXT NOT NULL REFERENCES leads (id),
    project_id     TEXT NOT NULL REFERENCES projects (id),
    grade_before   TEXT,
    grade_after    TEXT NOT NULL,
    score_before   REAL,
    score_after    REAL NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('auto', 'manual')),
    cause          TEXT NOT NULL,
    actor_id       TEXT REFERENCES users (id),
    rules_version  INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX grade_history_lead_idx ON grade_history (lead_id, created_at, id);
