-- Integration clients (OAuth 2.0 client credentials). Each is backed by an account of role
-- 'client' (same id), so that its projects are memberships and its tokens are checked like
-- any session: revoking freezes the account and ends its session at once.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'manager', 'sales', 'receptionist', 'channel_agent', 'finance', 'integration', 'client'));

CREATE TABLE integration_clients (
    id                 UUID PRIMARY KEY REFERENCES users (id),
    name               TEXT NOT NULL,
    -- JSON list of the scopes the client may ask for.
    scopes             TEXT NOT NULL,
    -- SHA-256 of the client secret (256 random bits): nothing to brute-force, lookups exact.
    secret_hash        TEXT NOT NULL,
    -- The refresh-token family its access tokens name as their session.
    session_id         UUID NOT NULL,
    created_by         UUID NOT NULL REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL,
    secret_rotated_at  TIMESTAMP,
    revoked_at         TIMESTAMP
);
