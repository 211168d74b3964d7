DROP TABLE reminders_told;
