-- Each move of a lead's status, kept when it happens with who held the lead, through which
-- channel and at which grade then: what reports of lost buyers (and later stage analyses)
-- count, instead of the lead's current state.
CREATE TABLE lead_status_moves (
    lead_id         TEXT NOT NULL REFERENCES leads (id),
    moved_at        TIMESTAMP NOT NULL,
    to_status       TEXT NOT NULL,
    project_id      TEXT NOT NULL,
    from_status     TEXT,
    lost_reason     TEXT,
    owner_id        TEXT NOT NULL,
    source_channel  TEXT NOT NULL,
    channel_id      TEXT,
    grade           TEXT,
    PRIMARY KEY (lead_id, moved_at, to_status)
);
CREATE INDEX lead_status_moves_by_project ON lead_status_moves (project_id, moved_at);

-- The buyers lost before moves were kept: lost when their row last changed.
INSERT INTO lead_status_moves
    (lead_id, moved_at, to_status, project_id, from_status, lost_reason, owner_id, source_channel, channel_id, grade)
SELECT id, updated_at, status, project_id, NULL, lost_reason, owner_id, source_channel, channel_id, grade
FROM leads WHERE status = 'lost' AND deleted_at IS NULL;
