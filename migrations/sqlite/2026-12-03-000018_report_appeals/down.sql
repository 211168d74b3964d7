DROP TABLE report_appeals;
