-- Front of house, part one: the channels (渠道) that bring buyers, the two roles that work
-- the front — receptionists (前台) and channel agents (经纪人, one channel's people) — and the
-- project's rules for channel reports (报备) and the walk-in rotation (轮排).
--
-- 'finance' is allowed now so that the deals module's role needs no second rebuild.
-- The rebuild follows SQLite's documented procedure (ALTER TABLE, "other kinds of table
-- schema changes"): foreign keys off so dropping the old table cascades nothing, a new
-- table, copy, drop, rename, then the indexes again.

PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE channels (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('agency', 'agent', 'referral')),
    contact     TEXT,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    version     INTEGER NOT NULL DEFAULT 1,
    created_by  TEXT REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX channels_name_key ON channels (lower(name));

CREATE TABLE channel_projects (
    channel_id  TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (channel_id, project_id)
);
CREATE INDEX channel_projects_project_idx ON channel_projects (project_id);

CREATE TABLE users_rebuilt (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    phone          TEXT,
    role           TEXT NOT NULL
        CHECK (role IN ('admin', 'manager', 'sales', 'receptionist', 'channel_agent', 'finance', 'integration')),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen')),
    token_version  INTEGER NOT NULL DEFAULT 0,
    password_hash  TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    channel_id     TEXT REFERENCES channels (id),
    -- A channel agent works for exactly one channel; nobody else works for one.
    CONSTRAINT users_channel_of_agents CHECK ((role = 'channel_agent') = (channel_id IS NOT NULL))
);
INSERT INTO users_rebuilt (id, username, display_name, phone, role, status, token_version, password_hash,
                           version, created_at, updated_at, channel_id)
    SELECT id, username, display_name, phone, role, status, token_version, password_hash,
           version, created_at, updated_at, NULL
    FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_channel_idx ON users (channel_id) WHERE channel_id IS NOT NULL;

ALTER TABLE project_protection_rules
    ADD COLUMN report_valid_days INTEGER NOT NULL DEFAULT 7 CHECK (report_valid_days BETWEEN 1 AND 90);
ALTER TABLE project_protection_rules
    ADD COLUMN arrival_protection_days INTEGER NOT NULL DEFAULT 90 CHECK (arrival_protection_days BETWEEN 1 AND 365);
ALTER TABLE project_protection_rules
    ADD COLUMN report_phone_mode TEXT NOT NULL DEFAULT 'full' CHECK (report_phone_mode IN ('full', 'masked'));
ALTER TABLE project_protection_rules
    ADD COLUMN rotation_enabled BOOLEAN NOT NULL DEFAULT TRUE;

COMMIT;
PRAGMA foreign_keys = ON;
