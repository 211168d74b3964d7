-- What the reminder scans told, once each: an overdue follow-up (per planned time), a
-- neglected lead (per last contact), an overdue payment (per oldest unpaid due date), a
-- birthday (per year), and each project's daily scans (per local day). The key decides
-- between two replicas scanning at once.
CREATE TABLE reminders_told (
    kind        TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    occasion    TEXT NOT NULL,
    told_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, subject_id, occasion)
);
-- Forgetting old marks (after the windows the scans look back over).
CREATE INDEX reminders_told_at ON reminders_told (told_at);
