DROP TABLE reservations;
DROP TABLE project_openings;
DROP TABLE intent_changes;
DROP TABLE intents;
