-- Deals (签约) with their payment plans, collections (回款), changes (换房) and
-- cancellations (退房); commission rules per channel and project, and the commissions
-- (结佣) deals accrue. Money is integer fen throughout; every amount is checked here too.
CREATE TABLE deals (
    id                    UUID PRIMARY KEY,
    project_id            UUID NOT NULL REFERENCES projects (id),
    reservation_id        UUID NOT NULL UNIQUE REFERENCES reservations (id),
    lead_id               UUID NOT NULL REFERENCES leads (id),
    unit_id               UUID NOT NULL REFERENCES units (id),
    owner_id              UUID NOT NULL REFERENCES users (id),
    channel_id            UUID REFERENCES channels (id),
    contract_no           TEXT NOT NULL,
    price_fen             BIGINT NOT NULL CHECK (price_fen > 0),
    plan_kind             TEXT NOT NULL CHECK (plan_kind IN ('full', 'installments', 'mortgage')),
    mortgage_stage        TEXT CHECK (mortgage_stage IN ('applied', 'approved', 'disbursed')),
    mortgage_applied_at   TIMESTAMP,
    mortgage_approved_at  TIMESTAMP,
    mortgage_disbursed_at TIMESTAMP,
    status                TEXT NOT NULL CHECK (status IN ('signed', 'cancelled')),
    signed_at             TIMESTAMP NOT NULL,
    signed_by             UUID NOT NULL REFERENCES users (id),
    cancelled_at          TIMESTAMP,
    cancelled_by          UUID REFERENCES users (id),
    cancel_reason         TEXT,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (mortgage_stage IS NULL OR plan_kind = 'mortgage')
);
CREATE INDEX deals_project_idx ON deals (project_id, signed_at, id);
CREATE INDEX deals_lead_idx ON deals (lead_id);

-- What a deal's plan makes due, in order; a loan is due when it is disbursed (no date).
CREATE TABLE deal_dues (
    deal_id     UUID NOT NULL REFERENCES deals (id),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('full', 'installment', 'down_payment', 'loan', 'adjustment')),
    due_on      DATE,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (deal_id, seq)
);

-- Money received for a deal, and refunds paid back. A receipt number is one payment of
-- its project: a repeat is the same payment, never a second one.
CREATE TABLE deal_payments (
    id           UUID PRIMARY KEY,
    deal_id      UUID NOT NULL REFERENCES deals (id),
    project_id   UUID NOT NULL REFERENCES projects (id),
    kind         TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    amount_fen   BIGINT NOT NULL CHECK (amount_fen > 0),
    method       TEXT NOT NULL CHECK (method IN ('bank_transfer', 'pos', 'cash', 'mortgage_loan', 'provident_fund_loan')),
    paid_at      TIMESTAMP NOT NULL,
    receipt_no   TEXT,
    recorded_by  UUID NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    CHECK (kind = 'refund' OR receipt_no IS NOT NULL)
);
CREATE UNIQUE INDEX deal_payments_receipt_key ON deal_payments (project_id, receipt_no);
CREATE INDEX deal_payments_deal_idx ON deal_payments (deal_id, paid_at);

-- Each change of unit (换房) with its reason.
CREATE TABLE deal_changes (
    id             UUID PRIMARY KEY,
    deal_id        UUID NOT NULL REFERENCES deals (id),
    from_unit_id   UUID NOT NULL REFERENCES units (id),
    to_unit_id     UUID NOT NULL REFERENCES units (id),
    from_price_fen BIGINT NOT NULL,
    to_price_fen   BIGINT NOT NULL,
    reason         TEXT NOT NULL,
    changed_by     UUID NOT NULL REFERENCES users (id),
    changed_at     TIMESTAMP NOT NULL
);
CREATE INDEX deal_changes_deal_idx ON deal_changes (deal_id, changed_at);

-- What a channel earns on a deal of a project: percent in basis points, fixed in fen.
CREATE TABLE commission_rules (
    channel_id         UUID NOT NULL REFERENCES channels (id),
    project_id         UUID NOT NULL REFERENCES projects (id),
    kind               TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
    value              BIGINT NOT NULL CHECK (value > 0),
    milestone          TEXT NOT NULL CHECK (milestone IN ('signed', 'collected_percent')),
    milestone_percent  INTEGER CHECK (milestone_percent BETWEEN 1 AND 100),
    version            INTEGER NOT NULL DEFAULT 1,
    updated_by         UUID REFERENCES users (id),
    updated_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (channel_id, project_id),
    CHECK ((milestone = 'collected_percent') = (milestone_percent IS NOT NULL))
);

-- A commission accrued on a deal for a channel (a referral reward: for the referring buyer).
CREATE TABLE commissions (
    id                 UUID PRIMARY KEY,
    project_id         UUID NOT NULL REFERENCES projects (id),
    channel_id         UUID NOT NULL REFERENCES channels (id),
    deal_id            UUID NOT NULL REFERENCES deals (id),
    payee_lead_id      UUID REFERENCES leads (id),
    kind               TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
    value              BIGINT NOT NULL,
    milestone          TEXT NOT NULL CHECK (milestone IN ('signed', 'collected_percent')),
    milestone_percent  INTEGER,
    amount_fen         BIGINT NOT NULL CHECK (amount_fen >= 0),
    status             TEXT NOT NULL CHECK (status IN ('accrued', 'payable', 'paid', 'clawed_back')),
    accrued_at         TIMESTAMP NOT NULL,
    payable_at         TIMESTAMP,
    paid_at            TIMESTAMP,
    paid_reference     TEXT,
    paid_by            UUID REFERENCES users (id),
    clawed_back_at     TIMESTAMP,
    version            INTEGER NOT NULL DEFAULT 1,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (deal_id, channel_id)
);
CREATE INDEX commissions_project_idx ON commissions (project_id, id);
CREATE INDEX commissions_channel_idx ON commissions (channel_id, id);

-- Signed reservations from before deals get a deal with the whole price due at signing
-- (the signing day in the project's zone); the deal keeps the reservation's id.
INSERT INTO deals (id, project_id, reservation_id, lead_id, unit_id, owner_id, channel_id, contract_no,
                   price_fen, plan_kind, status, signed_at, signed_by, version, created_at, updated_at)
SELECT r.id, r.project_id, r.id, r.lead_id, r.unit_id, l.owner_id, l.channel_id, COALESCE(r.contract_no, ''),
       GREATEST(COALESCE(r.price_fen, 1), 1), 'full', 'signed', COALESCE(r.signed_at, r.reserved_at), r.reserved_by, 1,
       COALESCE(r.signed_at, r.reserved_at), COALESCE(r.signed_at, r.reserved_at)
FROM reservations r JOIN leads l ON l.id = r.lead_id
WHERE r.status = 'signed';
INSERT INTO deal_dues (deal_id, seq, kind, due_on, amount_fen)
SELECT d.id, 1, 'full', (d.signed_at AT TIME ZONE 'UTC' AT TIME ZONE p.timezone)::date, d.price_fen
FROM deals d JOIN projects p ON p.id = d.project_id;
