-- Front of house, part one: the channels (渠道) that bring buyers, the two roles that work
-- the front — receptionists (前台) and channel agents (经纪人, one channel's people) — and the
-- project's rules for channel reports (报备) and the walk-in rotation (轮排).
--
-- 'finance' is allowed now so that the deals module's role needs no second change of
-- this constraint (on SQLite that is a rebuild of the users table).

CREATE TABLE channels (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('agency', 'agent', 'referral')),
    contact     TEXT,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    version     INTEGER NOT NULL DEFAULT 1,
    created_by  UUID REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
-- One agency is one channel across the projects it serves: names compare case-insensitively.
CREATE UNIQUE INDEX channels_name_key ON channels (lower(name));

CREATE TABLE channel_projects (
    channel_id  UUID NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    project_id  UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (channel_id, project_id)
);
CREATE INDEX channel_projects_project_idx ON channel_projects (project_id);

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'manager', 'sales', 'receptionist', 'channel_agent', 'finance', 'integration'));
ALTER TABLE users ADD COLUMN channel_id UUID REFERENCES channels (id);
-- A channel agent works for exactly one channel; nobody else works for one.
ALTER TABLE users ADD CONSTRAINT users_channel_of_agents CHECK ((role = 'channel_agent') = (channel_id IS NOT NULL));
CREATE INDEX users_channel_idx ON users (channel_id) WHERE channel_id IS NOT NULL;

ALTER TABLE project_protection_rules
    ADD COLUMN report_valid_days INTEGER NOT NULL DEFAULT 7 CHECK (report_valid_days BETWEEN 1 AND 90),
    ADD COLUMN arrival_protection_days INTEGER NOT NULL DEFAULT 90 CHECK (arrival_protection_days BETWEEN 1 AND 365),
    ADD COLUMN report_phone_mode TEXT NOT NULL DEFAULT 'full' CHECK (report_phone_mode IN ('full', 'masked')),
    ADD COLUMN rotation_enabled BOOLEAN NOT NULL DEFAULT TRUE;
