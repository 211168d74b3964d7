-- Booking: inventory (units), pre-sale control, subscriptions (认筹) with gap-free queue
-- numbers, and the price history of each unit.

CREATE TABLE units (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects (id),
    building        TEXT NOT NULL,
    unit_no         TEXT NOT NULL DEFAULT '',
    floor           INTEGER NOT NULL,
    room            TEXT NOT NULL,
    layout          TEXT NOT NULL,
    area_sqm        REAL NOT NULL CHECK (area_sqm > 0),
    orientation     TEXT,
    list_price_fen  BIGINT NOT NULL CHECK (list_price_fen > 0),
    price_low_fen   BIGINT,
    price_high_fen  BIGINT,
    status          TEXT NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'held', 'reserved', 'sold')),
    hold_reason     TEXT,
    held_by         TEXT REFERENCES users (id),
    held_at         TIMESTAMP,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (price_low_fen IS NULL OR price_high_fen IS NULL OR price_low_fen <= price_high_fen)
);
-- One unit per room of a building: what makes the import idempotent.
CREATE UNIQUE INDEX units_room_key ON units (project_id, building, room);
CREATE INDEX units_project_idx ON units (project_id, building, floor, room);

CREATE TABLE unit_prices (
    id              TEXT PRIMARY KEY,
    unit_id         TEXT NOT NULL REFERENCES units (id),
    list_price_fen  BIGINT NOT NULL,
    price_low_fen   BIGINT,
    price_high_fen  BIGINT,
    changed_by      TEXT REFERENCES users (id),
    changed_at      TIMESTAMP NOT NULL
);
CREATE INDEX unit_prices_unit_idx ON unit_prices (unit_id, changed_at);

-- Gap-free numbers per project (the subscription queue): the row is updated with
-- `value = value + 1 … RETURNING`, so concurrent takers queue on its lock and a rolled-back
-- subscription gives its number back.
CREATE TABLE project_counters (
    project_id  TEXT NOT NULL REFERENCES projects (id),
    name        TEXT NOT NULL,
    value       BIGINT NOT NULL,
    PRIMARY KEY (project_id, name)
);

CREATE TABLE subscriptions (
    id             TEXT PRIMARY KEY,
    project_id     TEXT NOT NULL REFERENCES projects (id),
    lead_id        TEXT NOT NULL REFERENCES leads (id),
    queue_no       BIGINT NOT NULL,
    deposit_fen    BIGINT NOT NULL CHECK (deposit_fen > 0),
    paid_at        TIMESTAMP NOT NULL,
    receipt_no     TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'refunded')),
    created_by     TEXT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    refunded_at    TIMESTAMP,
    refunded_by    TEXT REFERENCES users (id),
    refund_reason  TEXT
);
CREATE UNIQUE INDEX subscriptions_queue_key ON subscriptions (project_id, queue_no);
CREATE UNIQUE INDEX subscriptions_receipt_key ON subscriptions (project_id, receipt_no);
-- One active subscription per lead.
CREATE UNIQUE INDEX subscriptions_active_lead_key ON subscriptions (lead_id) WHERE status = 'active';
