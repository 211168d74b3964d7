-- Clients and their accounts go (with their memberships and sessions); then the users table
-- is rebuilt without the role. Rows that name a client account elsewhere (the audit trail,
-- leads it registered) keep its id.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

DELETE FROM project_members WHERE user_id IN (SELECT id FROM integration_clients);
DELETE FROM refresh_tokens WHERE user_id IN (SELECT id FROM integration_clients);
DROP TABLE integration_clients;
DELETE FROM users WHERE role = 'client';

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
    CONSTRAINT users_channel_of_agents CHECK ((role = 'channel_agent') = (channel_id IS NOT NULL))
);
INSERT INTO users_rebuilt SELECT id, username, display_name, phone, role, status, token_version, password_hash,
                                 version, created_at, updated_at, channel_id FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_channel_idx ON users (channel_id) WHERE channel_id IS NOT NULL;

COMMIT;
PRAGMA foreign_keys = ON;
