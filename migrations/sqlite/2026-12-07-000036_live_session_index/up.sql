-- The session check rides in every authenticated request (auth::session::session_holds):
-- a live token of the caller's session family, `family_id = ? AND user_id = ? AND
-- revoked_at IS NULL`. With an index on each column alone, SQLite (never analysed) took
-- the user's index, and so did PostgreSQL with statistics from when the table was small
-- (autovacuum reads them again once a tenth of it has changed): the user's entries grow
-- with every sign-in and refresh they ever made (tokens are kept for reuse detection),
-- and every request walked them all. One partial index holding both columns answers the check from the
-- index alone whatever the table's size (auth::the_session_check_reads_its_own_index_…
-- fails on both backends without it); revoking a family (`family_id = ? AND revoked_at IS
-- NULL`) uses it too, so it replaces the family index.
CREATE INDEX refresh_tokens_live_family_idx ON refresh_tokens (family_id, user_id) WHERE revoked_at IS NULL;
DROP INDEX refresh_tokens_family_idx;
