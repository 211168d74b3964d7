DROP TABLE rotation_entries;
