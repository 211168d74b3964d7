-- Care after the sale: the handover date per building (copied to its deals), a project's
-- care rules, and the care tasks planned from them for the salespeople's agendas.

CREATE TABLE building_deliveries (
    project_id  TEXT NOT NULL REFERENCES projects (id),
    building    TEXT NOT NULL,
    expected_at DATE NOT NULL,
    updated_by  TEXT NOT NULL REFERENCES users (id),
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, building)
);
ALTER TABLE deals ADD COLUMN delivery_expected_at DATE;

CREATE TABLE care_rules (
    project_id              TEXT PRIMARY KEY REFERENCES projects (id),
    birthdays               BOOLEAN NOT NULL,
    purchase_anniversaries  BOOLEAN NOT NULL,
    delivery_countdown_days INTEGER CHECK (delivery_countdown_days BETWEEN 1 AND 365),
    festivals               TEXT NOT NULL,
    version                 INTEGER NOT NULL,
    updated_by              TEXT NOT NULL REFERENCES users (id),
    updated_at              TIMESTAMP NOT NULL
);

-- One task per buyer, kind and day: planning the same week again adds nothing.
CREATE TABLE care_tasks (
    lead_id         TEXT NOT NULL REFERENCES leads (id),
    kind            TEXT NOT NULL,
    due_on          DATE NOT NULL,
    project_id      TEXT NOT NULL REFERENCES projects (id),
    occasion        TEXT NOT NULL,
    consent_channel TEXT,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (lead_id, kind, due_on)
);
CREATE INDEX care_tasks_due_idx ON care_tasks (due_on, lead_id);
