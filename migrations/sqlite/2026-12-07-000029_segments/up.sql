-- Segments (客群): a project's saved descriptions of which buyers to look at — the lead
-- list's filters plus profile and behaviour, kept as the JSON the API takes — so the
-- monthly review opens the same groups each time and sees them move.
CREATE TABLE segments (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    name        TEXT NOT NULL,
    description TEXT,
    -- The criteria as JSON (LeadCriteria); unknown names are refused when saved.
    criteria    TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES users (id),
    version     INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    deleted_at  TIMESTAMP
);
-- One live segment per name in a project: two managers saving the same name at once
-- get one winner, decided here.
CREATE UNIQUE INDEX segments_name_key ON segments (project_id, name) WHERE deleted_at IS NULL;
