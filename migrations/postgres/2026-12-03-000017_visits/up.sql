-- Visits (来访登记): every arrival the desk registers, with the server's verdict (判客) on
-- whose customer it is. A visit's lead and salesperson can be unknown for a while: with
-- nobody on duty (or rotation off and the desk registering) a new buyer waits with
-- `assigned_to` NULL until a manager assigns them, and only then is the lead created and
-- the visit counted as its follow-up. So assigned_to, lead_id and follow_up_id arrive
-- together for every verdict but 'pool' and a reported buyer already on file, whose lead
-- is known from the start.
CREATE TABLE visits (
    id                UUID PRIMARY KEY,
    project_id        UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    phone             TEXT NOT NULL,
    phone_mask        TEXT NOT NULL,
    name              TEXT,
    party_size        INTEGER NOT NULL CHECK (party_size BETWEEN 1 AND 50),
    came_with         TEXT NOT NULL CHECK (came_with IN ('walk_in', 'channel_report', 'referral', 'appointment')),
    verdict           TEXT NOT NULL CHECK (verdict IN ('new', 'returning', 'pool', 'reported')),
    lead_id           UUID REFERENCES leads (id),
    assigned_to       UUID REFERENCES users (id),
    report_id         UUID REFERENCES channel_reports (id),
    referrer_lead_id  UUID REFERENCES leads (id),
    follow_up_id      UUID REFERENCES follow_ups (id),
    first_visit       BOOLEAN NOT NULL,
    arrived_at        TIMESTAMP NOT NULL,
    registered_by     UUID NOT NULL REFERENCES users (id),
    note              TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    CHECK ((assigned_to IS NULL) = (follow_up_id IS NULL)),
    CHECK (assigned_to IS NULL OR lead_id IS NOT NULL),
    CHECK ((verdict = 'reported') = (report_id IS NOT NULL))
);
-- The day's register, newest first.
CREATE INDEX visits_register_idx ON visits (project_id, arrived_at, id);
CREATE INDEX visits_lead_idx ON visits (lead_id);
CREATE INDEX visits_referrer_idx ON visits (referrer_lead_id) WHERE referrer_lead_id IS NOT NULL;

-- A reported buyer who arrived stays with the channel (attribution) until
-- channel_protected_until, whoever the salesperson is; another channel's report of them
-- is refused meanwhile.
ALTER TABLE leads ADD COLUMN channel_id UUID REFERENCES channels (id);
ALTER TABLE leads ADD COLUMN report_id UUID REFERENCES channel_reports (id);
ALTER TABLE leads ADD COLUMN channel_protected_until TIMESTAMP;
-- Whom a buyer brought (老带新).
CREATE INDEX leads_referrer_idx ON leads (referrer_lead_id) WHERE referrer_lead_id IS NOT NULL;
