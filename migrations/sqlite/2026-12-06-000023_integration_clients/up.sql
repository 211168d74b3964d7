-- Integration clients (OAuth 2.0 client credentials). Each is backed by an account of role
-- 'client' (same id), so that its projects are memberships and its tokens are checked like
-- any session: revoking freezes the account and ends its session at once.
--
-- The role is new to the users table's CHECK, which SQLite cannot change in place: the
-- table is rebuilt as in migration 14 (foreign keys off, copy, drop, rename, indexes).

PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE users_rebuilt (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    phone          TEXT,
    role           TEXT NOT NULL
        CHECK (role IN ('admin', 'manager', 'sales', 'receptionist', 'channel_agent', 'finance', 'integration', 'client')),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen')),
    token_version  INTEGER NOT NULL DEFAULT 0,
    password_hash  TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    channel_id     TEXT REFERENCES channels (id),
    CONSTRAINT users_channel_of_agents CHECK ((role = 'channel_agent') = (channel_id IS NOT NULL))
);
INSERT INTO users_rebuilt (id, username, display_name, phone, role, status, token_version, password_hash,
                           version, created_at, updated_at, channel_id)
    SELECT id, username, display_name, phone, role, status, token_version, password_hash,
           version, created_at, updated_at, channel_id
    FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_channel_idx ON users (channel_id) WHERE channel_id IS NOT NULL;

CREATE TABLE integration_clients (
    id                 TEXT PRIMARY KEY REFERENCES users (id),
    name               TEXT NOT NULL,
    -- JSON list of the scopes the client may ask for.
    scopes             TEXT NOT NULL,
    -- SHA-256 of the client secret (256 random bits): nothing to brute-force, lookups exact.
    secret_hash        TEXT NOT NULL,
    -- The refresh-token family its access tokens name as their session.
    session_id         TEXT NOT NULL,
    created_by         TEXT NOT NULL REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL,
    secret_rotated_at  TIMESTAMP,
    revoked_at         TIMESTAMP
);

COMMIT;
PRAGMA foreign_keys = ON;
