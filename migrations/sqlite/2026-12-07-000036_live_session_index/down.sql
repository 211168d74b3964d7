CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
DROP INDEX refresh_tokens_live_family_idx;
