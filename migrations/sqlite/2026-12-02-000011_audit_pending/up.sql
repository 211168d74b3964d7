-- Events wait here, signed, until the sealer chains them into audit_events; see the
-- PostgreSQL migration for the design. SQLite has one writer at a time, so a writer seals
-- its own events before it commits; the table and its guards are the same.

CREATE TABLE audit_pending (
    pending_id   INTEGER PRIMARY KEY AUTOINCREMENT,
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
    changes      TEXT NOT NULL,
    signature    TEXT NOT NULL
);

CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
    BEGIN SELECT RAISE(ABORT, 'audit_pending: an event leaves only once sealed (UPDATE refused)'); END;
CREATE TRIGGER audit_pending_no_delete BEFORE DELETE ON audit_pending
    WHEN NOT EXISTS (SELECT 1 FROM audit_events WHERE id = OLD.id)
    BEGIN SELECT RAISE(ABORT, 'audit_pending: an event leaves only once sealed (DELETE refused)'); END;
