DROP TABLE notifier_position;
DROP TABLE notifications;
