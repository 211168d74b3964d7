DROP INDEX IF EXISTS leads_referrer_idx;
ALTER TABLE leads DROP COLUMN channel_protected_until;
ALTER TABLE leads DROP COLUMN report_id;
ALTER TABLE leads DROP COLUMN channel_id;
DROP TABLE visits;
