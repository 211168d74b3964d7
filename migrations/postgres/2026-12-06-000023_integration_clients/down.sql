-- Clients and their accounts go (with their memberships and sessions); rows that name a
-- client account elsewhere keep its id only where no foreign key holds it.
DELETE FROM project_members WHERE user_id IN (SELECT id FROM integration_clients);
DELETE FROM refresh_tokens WHERE user_id IN (SELECT id FROM integration_clients);
CREATE TEMPORARY TABLE gone_clients AS SELECT id FROM integration_clients;
DROP TABLE integration_clients;
DELETE FROM users WHERE id IN (SELECT id FROM gone_clients);
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'manager', 'sales', 'receptionist', 'channel_agent', 'finance', 'integration'));
