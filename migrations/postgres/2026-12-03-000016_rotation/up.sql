-- The walk-in rotation (轮排): each day's queue of salespeople on duty, in the project's
-- own date. Order is by position; a check-in, an assigned walk-in and a skip (轮空) all
-- move a person to the end (the day's highest position + 1). Every change of a day's
-- queue is made with the project row locked, so two walk-ins never take the same person;
-- the unique position is the database's guard that no two people ever share a place.
CREATE TABLE rotation_entries (
    project_id     UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    day            DATE NOT NULL,
    user_id        UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state          TEXT NOT NULL CHECK (state IN ('on_duty', 'away')),
    position       INTEGER NOT NULL,
    served_count   INTEGER NOT NULL DEFAULT 0,
    checked_in_at  TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, day, user_id)
);
CREATE UNIQUE INDEX rotation_entries_position_key ON rotation_entries (project_id, day, position);
