DROP TRIGGER audit_chain_anchor_by_purge;
DROP TRIGGER audit_chain_head_forward;
DROP TRIGGER audit_chain_no_delete;
DROP TRIGGER audit_chain_no_insert;
