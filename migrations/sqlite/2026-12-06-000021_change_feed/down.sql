DROP INDEX audit_events_feed_type_idx;
DROP INDEX audit_events_feed_idx;
ALTER TABLE audit_events DROP COLUMN event_type;
ALTER TABLE audit_pending DROP COLUMN event_type;
