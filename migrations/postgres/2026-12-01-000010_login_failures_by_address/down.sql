DROP INDEX login_failures_address_idx;
CREATE INDEX login_failures_username_idx ON login_failures (username, occurred_at);
ALTER TABLE login_failures DROP COLUMN client_address;
