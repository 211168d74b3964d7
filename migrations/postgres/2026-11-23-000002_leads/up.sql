-- Leads (客户): one prospective buyer in one project, owned by one salesperson.

CREATE TABLE leads (
    id                  UUID PRIMARY KEY,
    project_id          UUID NOT NULL REFERENCES projects (id),
    owner_id            UUID NOT NULL REFERENCES users (id),
    created_by          UUID NOT NULL REFERENCES users (id),
    -- Basic
    name                TEXT NOT NULL,
    phone               TEXT NOT NULL,
    phone_tail          TEXT NOT NULL,
    wechat_id           TEXT,
    gender              TEXT,
    age_band            TEXT,
    birthday            DATE,
    occupation          TEXT,
    family_structure    TEXT,
    residence_district  TEXT,
    work_district       TEXT,
    -- Source
    source_channel      TEXT NOT NULL,
    channel_detail      TEXT,
    referrer_lead_id    UUID REFERENCES leads (id),
    -- Needs
    budget_min_fen      BIGINT,
    budget_max_fen      BIGINT,
    down_payment_fen    BIGINT,
    intended_layouts    TEXT NOT NULL DEFAULT '[]',
    area_min_sqm        DOUBLE PRECISION,
    area_max_sqm        DOUBLE PRECISION,
    purpose             TEXT,
    expected_move_in    DATE,
    -- Decision
    decision_maker      TEXT,
    decision_cycle_days INTEGER,
    concerns            TEXT NOT NULL DEFAULT '[]',
    doubts              TEXT,
    tags                TEXT NOT NULL DEFAULT '[]',
    -- Sensitive: the ID number only encrypted, with a keyed hash for lookup and its mask.
    id_number_cipher    BYTEA,
    id_number_hash      TEXT,
    id_number_masked    TEXT,
    -- Consent (history in lead_consents)
    marketing_consent   BOOLEAN NOT NULL DEFAULT FALSE,
    consent_channel     TEXT,
    consent_at          TIMESTAMP,
    -- State
    status              TEXT NOT NULL DEFAULT 'new'
                        CHECK (status IN ('new', 'contacted', 'visited', 'subscribed', 'reserved', 'signed', 'lost')),
    lost_reason         TEXT,
    grade               TEXT CHECK (grade IN ('A', 'B', 'C', 'D')),
    visit_count         INTEGER NOT NULL DEFAULT 0 CHECK (visit_count >= 0),
    call_count          INTEGER NOT NULL DEFAULT 0 CHECK (call_count >= 0),
    show_flat_visits    INTEGER NOT NULL DEFAULT 0 CHECK (show_flat_visits >= 0),
    last_interaction_at TIMESTAMP NOT NULL,
    protected_until     TIMESTAMP NOT NULL,
    next_follow_up_at   TIMESTAMP,
    completeness        INTEGER NOT NULL DEFAULT 0 CHECK (completeness BETWEEN 0 AND 100),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    deleted_at          TIMESTAMP
);

-- 撞单: one live lead per phone per project; the database decides between racing salespeople.
CREATE UNIQUE INDEX leads_live_phone_key ON leads (project_id, phone) WHERE deleted_at IS NULL;
-- A salesperson's own list, newest first (the phone app's home screen).
CREATE INDEX leads_owner_created_idx ON leads (owner_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_owner_follow_up_idx ON leads (owner_id, next_follow_up_at, id) WHERE deleted_at IS NULL;
-- A manager's project list, and the public pool (公海) by lapsed protection.
CREATE INDEX leads_project_created_idx ON leads (project_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_pool_idx ON leads (project_id, protected_until) WHERE deleted_at IS NULL;
-- "Last four digits" search and ID-number exact match.
CREATE INDEX leads_phone_tail_idx ON leads (project_id, phone_tail);
CREATE INDEX leads_id_number_idx ON leads (id_number_hash) WHERE id_number_hash IS NOT NULL;

CREATE TABLE lead_consents (
    id           UUID PRIMARY KEY,
    lead_id      UUID NOT NULL REFERENCES leads (id),
    granted      BOOLEAN NOT NULL,
    channel      TEXT,
    recorded_at  TIMESTAMP NOT NULL,
    recorded_by  UUID REFERENCES users (id)
);
CREATE INDEX lead_consents_lead_idx ON lead_consents (lead_id, recorded_at);
