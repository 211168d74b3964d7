-- Webhooks: where changes are told (endpoints), each event's delivery to each endpoint,
-- every attempt of it, and how far the dispatcher has fanned the change feed out.
CREATE TABLE webhook_endpoints (
    id                      UUID PRIMARY KEY,
    url                     TEXT NOT NULL,
    description             TEXT NOT NULL,
    -- JSON lists; empty means every event type / every project.
    event_types             TEXT NOT NULL,
    project_ids             TEXT NOT NULL,
    status                  TEXT NOT NULL CHECK (status IN ('enabled', 'disabled')),
    disabled_reason         TEXT,
    -- The signing secrets (whsec_…), encrypted with the data key; the previous one signs
    -- too until previous_secret_until, so a receiver can switch without missing a delivery.
    secret_cipher           BYTEA NOT NULL,
    previous_secret_cipher  BYTEA,
    previous_secret_until   TIMESTAMP,
    -- Since when every attempt has failed (null after a success): a delivery that runs out
    -- of retries while this is set disables the endpoint.
    failing_since           TIMESTAMP,
    created_by              UUID NOT NULL REFERENCES users (id),
    version                 INTEGER NOT NULL,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    deleted_at              TIMESTAMP
);

CREATE TABLE webhook_deliveries (
    id               UUID PRIMARY KEY,
    endpoint_id      UUID NOT NULL REFERENCES webhook_endpoints (id),
    -- The audit event told (no foreign key: the trail's retention may purge it first).
    event_id         UUID NOT NULL,
    event_seq        BIGINT NOT NULL,
    origin           TEXT NOT NULL CHECK (origin IN ('feed', 'redelivery')),
    status           TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         INTEGER NOT NULL,
    next_attempt_at  TIMESTAMP NOT NULL,
    -- A worker's lease while it sends: no other worker takes the delivery until it ends.
    claimed_until    TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP
);
-- The feed fans an event out to an endpoint once, however often the dispatcher runs.
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (endpoint_id, event_id) WHERE origin = 'feed';
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

CREATE TABLE webhook_attempts (
    id            UUID PRIMARY KEY,
    delivery_id   UUID NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at  TIMESTAMP NOT NULL,
    -- The receiver's HTTP status; null when none came (refused, timed out).
    status_code   INTEGER,
    error         TEXT,
    latency_ms    INTEGER NOT NULL,
    succeeded     BOOLEAN NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at);

-- The last position of the change feed fanned out into deliveries; one row.
CREATE TABLE webhook_dispatch (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL
);
INSERT INTO webhook_dispatch (id, last_seq) VALUES (1, 0);
