-- What the director's reports need at scale; see the PostgreSQL migration of the same name.
-- A lead's first visit ever, kept on the lead by the follow-up that makes it.
ALTER TABLE leads ADD COLUMN first_visit_at TIMESTAMP;
UPDATE leads SET first_visit_at =
    (SELECT min(happened_at) FROM follow_ups WHERE follow_ups.lead_id = leads.id AND follow_ups.channel = 'visit');

CREATE INDEX leads_project_registered_idx ON leads (project_id, created_at);
CREATE INDEX subscriptions_lead_idx ON subscriptions (lead_id);
CREATE INDEX subscriptions_project_paid_idx ON subscriptions (project_id, paid_at);
CREATE INDEX subscriptions_project_refunded_idx ON subscriptions (project_id, refunded_at)
    WHERE refunded_at IS NOT NULL;
CREATE INDEX reservations_project_cancelled_idx ON reservations (project_id, cancelled_at)
    WHERE cancelled_at IS NOT NULL;
CREATE INDEX deals_project_cancelled_idx ON deals (project_id, cancelled_at) WHERE cancelled_at IS NOT NULL;
CREATE INDEX deal_payments_project_paid_idx ON deal_payments (project_id, paid_at);
