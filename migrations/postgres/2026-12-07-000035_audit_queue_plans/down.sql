ALTER TABLE audit_pending RESET (
    autovacuum_vacuum_scale_factor,
    autovacuum_vacuum_threshold,
    autovacuum_vacuum_cost_delay
);
ALTER FUNCTION audit_chain_guarded() RESET ALL;
ALTER FUNCTION audit_pending_guarded() RESET ALL;
