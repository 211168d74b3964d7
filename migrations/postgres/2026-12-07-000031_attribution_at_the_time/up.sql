-- Each fact the reports count keeps who it counted for and through which channel as that
-- stood when it happened: a lead handed to another salesperson, or a source corrected later,
-- no longer rewrites last month's numbers. An upheld appeal (or a broker's confirmed arrival)
-- corrects them on purpose, through the same columns.
--
-- Rows from before this migration take the lead's attribution as it stands now: the best
-- that is known of them.

-- Registration is the lead's first move: who registered it, through which channel.
INSERT INTO lead_status_moves
    (lead_id, moved_at, to_status, project_id, from_status, lost_reason, owner_id, source_channel, channel_id, grade)
SELECT id, created_at, 'new', project_id, NULL, NULL, owner_id, source_channel, channel_id, NULL
FROM leads
ON CONFLICT DO NOTHING;
-- The cohort (leads registered in a range) read from the index alone.
CREATE INDEX lead_status_moves_registered_idx ON lead_status_moves (project_id, moved_at)
    INCLUDE (lead_id, owner_id, source_channel, channel_id) WHERE from_status IS NULL;

-- A contact's channel (its author is who it counts for).
ALTER TABLE follow_ups ADD COLUMN source_channel TEXT NOT NULL DEFAULT 'walk_in';
ALTER TABLE follow_ups ADD COLUMN channel_id UUID REFERENCES channels (id);
UPDATE follow_ups SET source_channel = leads.source_channel, channel_id = leads.channel_id
FROM leads WHERE leads.id = follow_ups.lead_id;
ALTER TABLE follow_ups ALTER COLUMN source_channel DROP DEFAULT;

-- Deposits and reservations: the lead's salesperson and channel when they were made.
ALTER TABLE subscriptions ADD COLUMN owner_id UUID REFERENCES users (id);
ALTER TABLE subscriptions ADD COLUMN source_channel TEXT;
ALTER TABLE subscriptions ADD COLUMN channel_id UUID REFERENCES channels (id);
UPDATE subscriptions SET owner_id = leads.owner_id, source_channel = leads.source_channel, channel_id = leads.channel_id
FROM leads WHERE leads.id = subscriptions.lead_id;
ALTER TABLE subscriptions ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE subscriptions ALTER COLUMN source_channel SET NOT NULL;

ALTER TABLE reservations ADD COLUMN owner_id UUID REFERENCES users (id);
ALTER TABLE reservations ADD COLUMN source_channel TEXT;
ALTER TABLE reservations ADD COLUMN channel_id UUID REFERENCES channels (id);
UPDATE reservations SET owner_id = leads.owner_id, source_channel = leads.source_channel, channel_id = leads.channel_id
FROM leads WHERE leads.id = reservations.lead_id;
ALTER TABLE reservations ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE reservations ALTER COLUMN source_channel SET NOT NULL;

-- A deal already keeps its salesperson and channel partner; now its source too.
ALTER TABLE deals ADD COLUMN source_channel TEXT;
UPDATE deals SET source_channel = leads.source_channel FROM leads WHERE leads.id = deals.lead_id;
ALTER TABLE deals ALTER COLUMN source_channel SET NOT NULL;
