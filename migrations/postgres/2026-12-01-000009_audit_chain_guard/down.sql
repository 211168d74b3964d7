DROP TRIGGER audit_chain_no_truncate ON audit_chain;
DROP TRIGGER audit_chain_guarded ON audit_chain;
DROP FUNCTION audit_chain_guarded();
