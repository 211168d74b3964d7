-- Unit intents (房号意向) and their register, opening-day settings and reservations.

CREATE TABLE intents (
    lead_id     TEXT NOT NULL REFERENCES leads (id),
    rank        INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 3),
    unit_id     TEXT NOT NULL REFERENCES units (id),
    project_id  TEXT NOT NULL REFERENCES projects (id),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (lead_id, rank)
);
CREATE UNIQUE INDEX intents_lead_unit_key ON intents (lead_id, unit_id);
CREATE INDEX intents_unit_idx ON intents (unit_id, rank);
CREATE INDEX intents_project_idx ON intents (project_id);

-- 意向房号变动登记表: every change of a lead's intents, before and after.
CREATE TABLE intent_changes (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    lead_id     TEXT NOT NULL REFERENCES leads (id),
    before      TEXT NOT NULL,
    after       TEXT NOT NULL,
    changed_by  TEXT REFERENCES users (id),
    changed_at  TIMESTAMP NOT NULL
);
CREATE INDEX intent_changes_lead_idx ON intent_changes (lead_id, changed_at);
CREATE INDEX intent_changes_project_idx ON intent_changes (project_id, changed_at, id);

CREATE TABLE project_openings (
    project_id             TEXT PRIMARY KEY REFERENCES projects (id),
    state                  TEXT NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open')),
    mode                   TEXT NOT NULL DEFAULT 'free' CHECK (mode IN ('free', 'ordered')),
    max_units_per_lead     INTEGER NOT NULL DEFAULT 1 CHECK (max_units_per_lead >= 1),
    requires_subscription  BOOLEAN NOT NULL DEFAULT TRUE,
    called_up_to           BIGINT NOT NULL DEFAULT 0,
    version                INTEGER NOT NULL DEFAULT 1,
    updated_at             TIMESTAMP NOT NULL
);

CREATE TABLE reservations (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects (id),
    unit_id       TEXT NOT NULL REFERENCES units (id),
    lead_id       TEXT NOT NULL REFERENCES leads (id),
    status        TEXT NOT NULL CHECK (status IN ('active', 'cancelled', 'signed')),
    reserved_by   TEXT NOT NULL REFERENCES users (id),
    reserved_at   TIMESTAMP NOT NULL,
    price_fen     BIGINT,
    contract_no   TEXT,
    signed_at     TIMESTAMP,
    cancelled_at  TIMESTAMP,
    cancelled_by  TEXT REFERENCES users (id)
);
-- One live reservation per unit: the database, not the process, picks the one winner.
CREATE UNIQUE INDEX reservations_live_unit_key ON reservations (unit_id) WHERE status IN ('active', 'signed');
CREATE INDEX reservations_lead_idx ON reservations (lead_id, status);
CREATE INDEX reservations_project_idx ON reservations (project_id, reserved_at);
