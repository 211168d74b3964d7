-- The chain's bookkeeping row is guarded like the events it describes; see the
-- PostgreSQL migration for the rules.

CREATE TRIGGER audit_chain_no_insert BEFORE INSERT ON audit_chain
    BEGIN SELECT RAISE(ABORT, 'audit_chain is guarded (INSERT refused)'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
    BEGIN SELECT RAISE(ABORT, 'audit_chain is guarded (DELETE refused)'); END;
CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE ON audit_chain
    WHEN NEW.id IS NOT OLD.id OR NEW.last_seq < OLD.last_seq
      OR ((NEW.last_seq IS NOT OLD.last_seq OR NEW.last_hash IS NOT OLD.last_hash)
          AND NOT EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.last_seq AND hash = NEW.last_hash))
    BEGIN SELECT RAISE(ABORT, 'audit_chain: the head only moves forward, to a recorded event'); END;
CREATE TRIGGER audit_chain_anchor_by_purge BEFORE UPDATE ON audit_chain
    WHEN (NEW.anchor_seq IS NOT OLD.anchor_seq OR NEW.anchor_hash IS NOT OLD.anchor_hash)
     AND (NEW.anchor_seq <= OLD.anchor_seq
          OR NOT EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.anchor_seq AND hash = NEW.anchor_hash)
          OR NOT EXISTS (SELECT 1 FROM audit_events
                         WHERE seq = NEW.last_seq AND action = 'audit.purge'
                           AND json_extract(changes, '$.anchor_seq') = NEW.anchor_seq
                           AND json_extract(changes, '$.anchor_hash') = NEW.anchor_hash))
    BEGIN SELECT RAISE(ABORT, 'audit_chain: the anchor moves only with a purge'); END;
