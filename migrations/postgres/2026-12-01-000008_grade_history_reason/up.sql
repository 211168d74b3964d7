-- A manual grade change keeps its reason and expiry in the history, not only on the
-- current grade (which the next override replaces).
ALTER TABLE grade_history ADD COLUMN override_reason TEXT;
ALTER TABLE grade_history ADD COLUMN override_until TIMESTAMP;
