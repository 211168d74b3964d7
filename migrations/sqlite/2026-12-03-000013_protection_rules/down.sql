DROP TABLE project_protection_rules;
