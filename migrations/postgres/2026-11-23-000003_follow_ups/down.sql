DROP TABLE objections;
DROP TABLE project_cadences;
DROP TABLE follow_ups;
DROP INDEX leads_project_interaction_idx;
ALTER TABLE leads DROP COLUMN last_contact_channel;
ALTER TABLE leads DROP COLUMN next_purpose;
