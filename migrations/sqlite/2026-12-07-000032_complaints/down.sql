DROP TABLE complaint_steps;
DROP TABLE complaints;
DROP TABLE complaint_policies;
