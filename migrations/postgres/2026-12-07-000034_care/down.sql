DROP TABLE care_tasks;
DROP TABLE care_rules;
ALTER TABLE deals DROP COLUMN delivery_expected_at;
DROP TABLE building_deliveries;
