-- Each fact keeps who it counted for and through which channel when it happened; see the
-- PostgreSQL migration of the same name. SQLite adds a NOT NULL column only with a default:
-- every row is filled from its lead at once, and every new row names its own. (A column
-- added with a REFERENCES clause must default to NULL, so owner_id here checks nothing.)

INSERT OR IGNORE INTO lead_status_moves
    (lead_id, moved_at, to_status, project_id, from_status, lost_reason, owner_id, source_channel, channel_id, grade)
SELECT id, created_at, 'new', project_id, NULL, NULL, owner_id, source_channel, channel_id, NULL
FROM leads;
CREATE INDEX lead_status_moves_registered_idx ON lead_status_moves (project_id, moved_at) WHERE from_status IS NULL;

ALTER TABLE follow_ups ADD COLUMN source_channel TEXT NOT NULL DEFAULT 'walk_in';
ALTER TABLE follow_ups ADD COLUMN channel_id TEXT REFERENCES channels (id);
UPDATE follow_ups SET
    source_channel = (SELECT source_channel FROM leads WHERE leads.id = follow_ups.lead_id),
    channel_id = (SELECT channel_id FROM leads WHERE leads.id = follow_ups.lead_id);

ALTER TABLE subscriptions ADD COLUMN owner_id TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN source_channel TEXT NOT NULL DEFAULT 'walk_in';
ALTER TABLE subscriptions ADD COLUMN channel_id TEXT REFERENCES channels (id);
UPDATE subscriptions SET
    owner_id = (SELECT owner_id FROM leads WHERE leads.id = subscriptions.lead_id),
    source_channel = (SELECT source_channel FROM leads WHERE leads.id = subscriptions.lead_id),
    channel_id = (SELECT channel_id FROM leads WHERE leads.id = subscriptions.lead_id);

ALTER TABLE reservations ADD COLUMN owner_id TEXT NOT NULL DEFAULT '';
ALTER TABLE reservations ADD COLUMN source_channel TEXT NOT NULL DEFAULT 'walk_in';
ALTER TABLE reservations ADD COLUMN channel_id TEXT REFERENCES channels (id);
UPDATE reservations SET
    owner_id = (SELECT owner_id FROM leads WHERE leads.id = reservations.lead_id),
    source_channel = (SELECT source_channel FROM leads WHERE leads.id = reservations.lead_id),
    channel_id = (SELECT channel_id FROM leads WHERE leads.id = reservations.lead_id);

ALTER TABLE deals ADD COLUMN source_channel TEXT NOT NULL DEFAULT 'walk_in';
UPDATE deals SET source_channel = (SELECT source_channel FROM leads WHERE leads.id = deals.lead_id);
