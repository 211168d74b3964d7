-- The audit trail becomes tamper-evident and append-only.
--
-- Each event carries the hash of its content and of the previous event (a chain). The
-- single row of audit_chain holds the chain's head: recording an event updates it, which
-- serialises recorders at their audit step — the order of the chain is the order in
-- which their transactions commit, with no gaps (a rolled-back change takes its event and
-- its head update with it). Events recorded before this migration are sealed by the
-- application at start-up, in seq order.

ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at, seq);
CREATE INDEX audit_events_action_idx ON audit_events (action, seq);

-- anchor_*: the last event purged after its retention period (`anchang audit purge`);
-- the chain is verified from there. Only events up to the anchor may ever be deleted.
CREATE TABLE audit_chain (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq     BIGINT NOT NULL,
    last_hash    TEXT NOT NULL,
    anchor_seq   BIGINT NOT NULL DEFAULT 0,
    anchor_hash  TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_chain (id, last_seq, last_hash) VALUES (1, 0, '');

-- Nobody, not even the application, may change or remove an event. The exceptions:
-- sealing an event recorded before the chain existed (hash set once, content unchanged),
-- and the purge of events past retention, which must first move the anchor over them.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.seq <= (SELECT anchor_seq FROM audit_chain WHERE id = 1) THEN
            RETURN OLD;
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND ROW(NEW.seq, NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.entity_type,
                   NEW.entity_id, NEW.project_id, NEW.request_id, NEW.ip, NEW.user_agent, NEW.changes)
               IS NOT DISTINCT FROM
               ROW(OLD.seq, OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_role, OLD.action, OLD.entity_type,
                   OLD.entity_id, OLD.project_id, OLD.request_id, OLD.ip, OLD.user_agent, OLD.changes) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
