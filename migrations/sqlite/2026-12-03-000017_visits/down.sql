-- SQLite cannot drop a column that is a foreign key (leads.channel_id, leads.report_id) without
-- rebuilding the leads table; going back leaves the three attribution columns in place,
-- unused by the older code (they are nullable).
DROP INDEX IF EXISTS leads_referrer_idx;
DROP TABLE visits;
