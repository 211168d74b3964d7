DROP TABLE idempotency_keys;
DROP TABLE audit_events;
DROP TABLE login_failures;
DROP TABLE refresh_tokens;
DROP TABLE project_members;
DROP TABLE projects;
DROP TABLE users;
