DROP TABLE channel_costs;
