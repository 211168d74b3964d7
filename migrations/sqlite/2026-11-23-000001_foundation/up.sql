-- Foundation: users, projects (楼盘) and their members, auth bookkeeping,
-- the audit trail's table and stored idempotent responses.

CREATE TABLE users (
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
-- Usernames are compared case-insensitively: "Wang" and "wang" are one person.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE projects (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    city        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    timezone    TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE project_members (
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user_idx ON project_members (user_id);

CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    issued_at   TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    revoked_at  TIMESTAMP
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE login_failures (
    id           TEXT PRIMARY KEY,
    username     TEXT NOT NULL,
    occurred_at  TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username_idx ON login_failures (username, occurred_at);

CREATE TABLE audit_events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    occurred_at  TIMESTAMP NOT NULL,
    actor_id     TEXT,
    actor_role   TEXT,
    action       TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_id    TEXT,
    project_id   TEXT,
    request_id   TEXT,
    ip           TEXT,
    user_agent   TEXT,
    changes      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, seq);
CREATE INDEX audit_events_project_idx ON audit_events (project_id, seq);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, seq);

CREATE TABLE idempotency_keys (
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key  TEXT NOT NULL,
    request_hash     TEXT NOT NULL,
    status_code      INTEGER,
    response_headers TEXT,
    response_body    BLOB,
    created_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
