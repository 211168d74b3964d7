DROP TABLE audit_pending;
DROP FUNCTION audit_pending_guarded();
