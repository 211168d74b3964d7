-- The users table is rebuilt back (see up.sql); receptionists and channel agents must be
-- gone first, or the old CHECK refuses them.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE users_rebuilt (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    phone          TEXT,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'sales', 'integration')),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen')),
    token_version  INTEGER NOT NULL DEFAULT 0,
    password_hash  TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
INSERT INTO users_rebuilt SELECT id, username, display_name, phone, role, status, token_version, password_hash,
                                 version, created_at, updated_at
    FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

ALTER TABLE project_protection_rules DROP COLUMN rotation_enabled;
ALTER TABLE project_protection_rules DROP COLUMN report_phone_mode;
ALTER TABLE project_protection_rules DROP COLUMN arrival_protection_days;
ALTER TABLE project_protection_rules DROP COLUMN report_valid_days;
DROP TABLE channel_projects;
DROP TABLE channels;

COMMIT;
PRAGMA foreign_keys = ON;
