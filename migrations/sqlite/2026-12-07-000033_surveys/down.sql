DROP TABLE survey_invitations;
DROP TABLE survey_templates;
