-- A project's protection rules (保护期): how long a lead stays with its owner after a
-- contact before it goes to the public pool (公海). A project without a row protects for
-- ANCHANG_PROTECTION_DAYS. The reception and channel rules join this row when they land.
CREATE TABLE project_protection_rules (
    project_id           UUID PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    lead_protection_days INTEGER NOT NULL CHECK (lead_protection_days BETWEEN 1 AND 365),
    version              INTEGER NOT NULL DEFAULT 1,
    updated_by           UUID REFERENCES users (id),
    updated_at           TIMESTAMP NOT NULL
);
