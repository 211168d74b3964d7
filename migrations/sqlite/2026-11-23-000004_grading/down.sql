DROP TABLE grade_history;
DROP TABLE lead_grades;
DROP TABLE grading_rules;
DROP INDEX leads_project_id_idx;
ALTER TABLE leads DROP COLUMN decision_maker_visited;
ALTER TABLE follow_ups DROP COLUMN decision_maker_present;
