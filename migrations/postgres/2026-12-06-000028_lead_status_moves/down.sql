DROP TABLE lead_status_moves;
