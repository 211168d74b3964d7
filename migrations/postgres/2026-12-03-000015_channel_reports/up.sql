-- Channel reports (报备): an agent registers a customer before the visit. A report is valid
-- for the project's report_valid_days; the customer's arrival makes it 'arrived' (the lead
-- then stays with the channel); a refused report is kept as 'rejected' with its reason so
-- the agent sees their history and can appeal it.
--
-- phone_key is what makes two reports "the same customer": the whole phone when the
-- project takes phones in full, the mask (138****8000) when it takes them masked. The
-- partial unique index lets one valid report hold a key: two agents reporting one phone at
-- once get one winner, decided here. A report past valid_until is still stored 'valid'
-- until someone files for the same key (which marks it 'expired' first) or a sweep does;
-- readers compute its status from valid_until.
CREATE TABLE channel_reports (
    id                 UUID PRIMARY KEY,
    project_id         UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    channel_id         UUID NOT NULL REFERENCES channels (id),
    agent_id           UUID NOT NULL REFERENCES users (id),
    customer_name      TEXT NOT NULL,
    phone              TEXT,
    phone_mask         TEXT NOT NULL,
    phone_key          TEXT NOT NULL,
    phone_mode         TEXT NOT NULL CHECK (phone_mode IN ('full', 'masked')),
    expected_visit_at  TIMESTAMP,
    note               TEXT,
    status             TEXT NOT NULL CHECK (status IN ('valid', 'arrived', 'expired', 'rejected', 'deal')),
    rejection_code     TEXT,
    valid_until        TIMESTAMP NOT NULL,
    arrived_at         TIMESTAMP,
    lead_id            UUID REFERENCES leads (id),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    CHECK ((status = 'rejected') = (rejection_code IS NOT NULL)),
    CHECK ((phone_mode = 'full') = (phone IS NOT NULL))
);
CREATE UNIQUE INDEX channel_reports_one_valid ON channel_reports (project_id, phone_key) WHERE status = 'valid';
-- An arrival matches by the mask in either mode.
CREATE INDEX channel_reports_arrival_idx ON channel_reports (project_id, phone_mask) WHERE status = 'valid';
CREATE INDEX channel_reports_project_idx ON channel_reports (project_id, id);
CREATE INDEX channel_reports_agent_idx ON channel_reports (agent_id, id);
