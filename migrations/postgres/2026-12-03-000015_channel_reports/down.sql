DROP TABLE channel_reports;
