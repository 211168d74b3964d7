-- The chain's bookkeeping row is guarded like the events it describes.
--
-- Before this, anyone who could write to the database could rewind the head over the
-- newest events or move the anchor over the oldest, delete them, and the trail still
-- verified. Now the row cannot be inserted, deleted or truncated, and an update passes
-- only when
--   * the head (last_seq, last_hash) stays, or moves forward to an event recorded with
--     exactly that hash; and
--   * the anchor stays, or moves forward to a recorded event with that hash, in the same
--     transaction as the `audit.purge` event at the head that names it — which is what
--     `anchang audit purge` writes before it moves the anchor.
-- What a superuser can still do with the triggers off is found by `audit verify`
-- (an anchor no purge event names) and by a checkpoint kept outside the database
-- (`anchang audit checkpoint`).

CREATE FUNCTION audit_chain_guarded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'audit_chain is guarded (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id <> OLD.id OR NEW.last_seq < OLD.last_seq
       OR ((NEW.last_seq, NEW.last_hash) IS DISTINCT FROM (OLD.last_seq, OLD.last_hash)
           AND NOT EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.last_seq AND hash = NEW.last_hash)) THEN
        RAISE EXCEPTION 'audit_chain: the head only moves forward, to a recorded event'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.anchor_seq, NEW.anchor_hash) IS DISTINCT FROM (OLD.anchor_seq, OLD.anchor_hash)
       AND (NEW.anchor_seq <= OLD.anchor_seq
            OR NOT EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.anchor_seq AND hash = NEW.anchor_hash)
            OR NOT EXISTS (SELECT 1 FROM audit_events
                           WHERE seq = NEW.last_seq AND action = 'audit.purge'
                             AND changes::jsonb ->> 'anchor_seq' = NEW.anchor_seq::text
                             AND changes::jsonb ->> 'anchor_hash' = NEW.anchor_hash)) THEN
        RAISE EXCEPTION 'audit_chain: the anchor moves only with a purge'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_chain_guarded BEFORE INSERT OR UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_chain_guarded();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_guarded();
