DROP INDEX deal_payments_project_paid_idx;
DROP INDEX deals_project_cancelled_idx;
DROP INDEX reservations_project_cancelled_idx;
DROP INDEX subscriptions_project_refunded_idx;
DROP INDEX subscriptions_project_paid_idx;
DROP INDEX subscriptions_lead_idx;
DROP INDEX leads_attribution_idx;
DROP INDEX leads_project_registered_idx;
ALTER TABLE leads DROP COLUMN first_visit_at;
