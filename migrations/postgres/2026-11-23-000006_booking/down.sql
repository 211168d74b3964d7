DROP TABLE subscriptions;
DROP TABLE project_counters;
DROP TABLE unit_prices;
DROP TABLE units;
