-- The audit guards keep index plans, and the waiting table is vacuumed as the queue it is.
--
-- A trigger function's queries are planned once per connection and the plan is kept
-- (generic plans, `plan_cache_mode = force_generic_plan`, see db/manager.rs). Planned while
-- audit_events was small, as on a fresh deployment, the lookups below chose a full scan of
-- audit_events and kept it as the trail grew: the sealer's DELETE of a batch of waiting
-- events looked through the whole trail once per event, and moving the head once more.
-- Each lookup has its index (audit_events' primary key on seq, its unique id), so these
-- functions plan with sequential scans off and with generic plans whatever the session
-- says (a session that plans its statements per execution, as bulk grading does, would
-- otherwise plan these for every row).
ALTER FUNCTION audit_pending_guarded() SET enable_seqscan = off;
ALTER FUNCTION audit_pending_guarded() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION audit_chain_guarded() SET enable_seqscan = off;
ALTER FUNCTION audit_chain_guarded() SET plan_cache_mode = force_generic_plan;

-- Every recorded event passes through audit_pending and is deleted within a second: a
-- queue, whose dead rows the default (20 % of the table) would leave for a long while.
-- Vacuum it after every few thousand, without the cost-based pauses.
ALTER TABLE audit_pending SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 2000,
    autovacuum_vacuum_cost_delay = 0
);
