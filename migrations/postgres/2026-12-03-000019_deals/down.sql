DROP TABLE commissions;
DROP TABLE commission_rules;
DROP TABLE deal_changes;
DROP TABLE deal_payments;
DROP TABLE deal_dues;
DROP TABLE deals;
