ALTER TABLE project_protection_rules
    DROP COLUMN rotation_enabled,
    DROP COLUMN report_phone_mode,
    DROP COLUMN arrival_protection_days,
    DROP COLUMN report_valid_days;
DROP INDEX users_channel_idx;
ALTER TABLE users DROP CONSTRAINT users_channel_of_agents;
ALTER TABLE users DROP COLUMN channel_id;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'manager', 'sales', 'integration'));
DROP TABLE channel_projects;
DROP TABLE channels;
