-- Writers no longer queue on the chain's head.
--
-- Before this, every transaction that recorded an event locked the head row
-- (audit_chain) from its first event until COMMIT, so every write in the system waited in
-- one line. Now a writer only inserts its events here, each signed with a key derived
-- from the data key, and commits. A sealer (right after the commit, at start-up and every
-- second) takes the head's lock for a moment, checks each waiting event's signature,
-- chains it into audit_events (seq, prev_hash, hash) and deletes it here, in one
-- transaction. Readers of the trail seal first, so they see every committed event.
--
-- Guards: a waiting event cannot be changed, and it leaves this table only once an event
-- with its id is in audit_events, so one cannot be dropped before it is sealed. An event
-- someone without the key slipped in fails its signature: it is never sealed, and
-- `audit verify` reports it.

CREATE TABLE audit_pending (
    pending_id   BIGSERIAL PRIMARY KEY,
    id           UUID NOT NULL UNIQUE,
    occurred_at  TIMESTAMP NOT NULL,
    actor_id     UUID,
    actor_role   TEXT,
    action       TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_id    UUID,
    project_id   UUID,
    request_id   TEXT,
    ip           TEXT,
    user_agent   TEXT,
    changes      TEXT NOT NULL,
    signature    TEXT NOT NULL
);

CREATE FUNCTION audit_pending_guarded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_events WHERE id = OLD.id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_pending: an event leaves only once sealed (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_pending_guarded BEFORE UPDATE OR DELETE ON audit_pending
    FOR EACH ROW EXECUTE FUNCTION audit_pending_guarded();
CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
    FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_guarded();
