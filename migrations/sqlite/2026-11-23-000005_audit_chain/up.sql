-- The audit trail becomes tamper-evident and append-only (see the PostgreSQL migration
-- for the design). SQLite has one writer at a time, so the chain's head needs no lock.

ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at, seq);
CREATE INDEX audit_events_action_idx ON audit_events (action, seq);

-- anchor_*: the last event purged after its retention period; see the PostgreSQL migration.
CREATE TABLE audit_chain (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq     BIGINT NOT NULL,
    last_hash    TEXT NOT NULL,
    anchor_seq   BIGINT NOT NULL DEFAULT 0,
    anchor_hash  TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_chain (id, last_seq, last_hash) VALUES (1, 0, '');

-- Sealing an event recorded before the chain existed (hash still NULL) is the only update.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    WHEN OLD.hash IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (UPDATE refused)'); END;
-- Only a purge past retention deletes, and only events it first put behind the anchor.
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    WHEN OLD.seq > (SELECT anchor_seq FROM audit_chain WHERE id = 1)
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (DELETE refused)'); END;
