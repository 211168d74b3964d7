ALTER TABLE grade_history DROP COLUMN override_until;
ALTER TABLE grade_history DROP COLUMN override_reason;
