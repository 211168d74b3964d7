-- WeChat mini-program sign-in: a user's binding to their openid in one mini-program, and
-- the short-lived single-use tickets that let an unbound openid be bound by a password.
CREATE TABLE wechat_bindings (
    user_id     UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    app_id      TEXT NOT NULL,
    openid      TEXT NOT NULL,
    unionid     TEXT,
    bound_at    TIMESTAMP NOT NULL,
    -- One account per WeChat user of the app: a second bind of the openid loses here.
    UNIQUE (app_id, openid)
);

CREATE TABLE wechat_bind_tickets (
    -- SHA-256 of the ticket: the ticket itself is only in the phone's hands.
    ticket_hash TEXT PRIMARY KEY,
    app_id      TEXT NOT NULL,
    openid      TEXT NOT NULL,
    unionid     TEXT,
    issued_at   TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX wechat_bind_tickets_expiry_idx ON wechat_bind_tickets (expires_at);
