-- What the director's reports need at scale (1,000,000 leads and 3,000,000 follow-ups in one
-- project: the daily report and the funnel for a month in well under a second).
--
-- Indexes rather than daily roll-ups: every figure is still counted from the rows kept when
-- things happened, so a correction (an upheld appeal, a cancelled deal) shows in every past
-- report at once, and no second copy of the facts can drift from the first. What the
-- reports read per month is a range scan on each of these.

-- A lead's first visit ever (新访 against 复访, and the funnel's "visited"), kept on the lead by
-- the follow-up that makes it, in the same UPDATE as the lead's counters: the reports read it
-- with the lead instead of looking for the earliest visit of every lead they count.
ALTER TABLE leads ADD COLUMN first_visit_at TIMESTAMP;
UPDATE leads SET first_visit_at = firsts.at
FROM (SELECT lead_id, min(happened_at) AS at FROM follow_ups WHERE channel = 'visit' GROUP BY lead_id) AS firsts
WHERE firsts.lead_id = leads.id;

-- The leads registered in a range, deleted ones included (a report counts what happened),
-- with what the reports attribute them by: read from the index alone.
CREATE INDEX leads_project_registered_idx ON leads (project_id, created_at)
    INCLUDE (id, owner_id, source_channel, channel_id, first_visit_at);
-- Each counted contact's lead, looked up for its attribution without visiting the table.
CREATE INDEX leads_attribution_idx ON leads (id) INCLUDE (owner_id, source_channel, channel_id, first_visit_at);

-- Deposits, reservations, deals and payments by when they happened in a project.
CREATE INDEX subscriptions_lead_idx ON subscriptions (lead_id);
CREATE INDEX subscriptions_project_paid_idx ON subscriptions (project_id, paid_at);
CREATE INDEX subscriptions_project_refunded_idx ON subscriptions (project_id, refunded_at)
    WHERE refunded_at IS NOT NULL;
CREATE INDEX reservations_project_cancelled_idx ON reservations (project_id, cancelled_at)
    WHERE cancelled_at IS NOT NULL;
CREATE INDEX deals_project_cancelled_idx ON deals (project_id, cancelled_at) WHERE cancelled_at IS NOT NULL;
CREATE INDEX deal_payments_project_paid_idx ON deal_payments (project_id, paid_at);
