DROP TABLE lead_consents;
DROP TABLE leads;
