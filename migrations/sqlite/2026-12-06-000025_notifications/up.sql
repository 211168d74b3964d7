-- Notifications for staff (a lead assigned to you, your report arrived, your appeal decided),
-- produced from the change feed; and how far the notifier has read it.
CREATE TABLE notifications (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id),
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    resource_type  TEXT NOT NULL,
    resource_id    TEXT,
    project_id     TEXT,
    -- The change-feed event it came from: one notification per person and event.
    event_id       TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    read_at        TIMESTAMP
);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, event_id);
-- A person's list: unread first, newest first.
CREATE INDEX notifications_inbox ON notifications (user_id, read_at, id);

CREATE TABLE notifier_position (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL
);
INSERT INTO notifier_position (id, last_seq) VALUES (1, 0);
