-- The change feed (GET /events, webhooks): what an event is told to integrations as,
-- decided when it is recorded. Events recorded before this column existed stay untold (the
-- trail refuses updates), so the feed begins with this version.
ALTER TABLE audit_pending ADD COLUMN event_type TEXT;
ALTER TABLE audit_events ADD COLUMN event_type TEXT;
-- The feed in position order, all types or one.
CREATE INDEX audit_events_feed_idx ON audit_events (seq) WHERE event_type IS NOT NULL;
CREATE INDEX audit_events_feed_type_idx ON audit_events (event_type, seq) WHERE event_type IS NOT NULL;
