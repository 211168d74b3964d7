-- Sign-in failures are counted per client address (and per username from that address),
-- so that a stranger elsewhere cannot lock an account out and a sprayer trying many
-- usernames from one address meets the limit. Failures recorded before this have no
-- address ('') and age out of the window like any other.
ALTER TABLE login_failures ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
DROP INDEX login_failures_username_idx;
CREATE INDEX login_failures_address_idx ON login_failures (client_address, occurred_at);
