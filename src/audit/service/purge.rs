//! Retention: `anchang audit purge` removes events older than
//! `ANCHANG_AUDIT_RETENTION_DAYS` — never younger ones — oldest first, so what remains is
//! still one unbroken chain. The last purged event becomes the anchor verification starts
//! from; the purge itself is recorded.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::audit::{self, model, seal, AuditAction, Entry};
use crate::db::{self, Conn};
use crate::schema::audit_events;

/// The purge event's notes that name the anchor it moved to; the chain's guard (in the
/// migrations) and `verify` read them.
pub const ANCHOR_SEQ: &str = "anchor_seq";
/// See [`ANCHOR_SEQ`].
pub const ANCHOR_HASH: &str = "anchor_hash";

/// What a purge removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeResult {
    /// Events removed.
    pub purged: i64,
    /// The chain is verified from the event after this one.
    pub anchor_seq: i64,
}

/// Removes the oldest events recorded before `cutoff`, up to the first one at or after
/// it; returns what was removed. In one transaction: the purge is recorded first (its
/// event names the new anchor), then the anchor moves — the chain's guard allows that only
/// with such an event at the head — and only then may the events behind it go.
pub fn purge_before(conn: &mut Conn, cutoff: NaiveDateTime) -> QueryResult<PurgeResult> {
    seal::seal_waiting(conn)?;
    db::transaction(conn, |conn| {
        // Taking the head's lock first keeps new events out while the anchor moves.
        model::lock_head(conn)?;
        let (anchor, _) = model::anchor(conn)?;
        let first_kept: Option<i64> = audit_events::table
            .filter(audit_events::seq.gt(anchor))
            .filter(audit_events::occurred_at.ge(cutoff))
            .select(diesel::dsl::min(audit_events::seq))
            .first(conn)?;
        let mut last_purged = audit_events::table.filter(audit_events::seq.gt(anchor)).into_boxed();
        if let Some(kept) = first_kept {
            last_purged = last_purged.filter(audit_events::seq.lt(kept));
        }
        let last: Option<(i64, Option<String>)> = last_purged
            .order(audit_events::seq.desc())
            .select((audit_events::seq, audit_events::hash))
            .first(conn)
            .optional()?;
        let Some((seq, Some(hash))) = last else {
            return Ok(PurgeResult { purged: 0, anchor_seq: anchor });
        };
        let purged: i64 = audit_events::table
            .filter(audit_events::seq.gt(anchor))
            .filter(audit_events::seq.le(seq))
            .count()
            .get_result(conn)?;
        let entry = Entry::new(AuditAction::AuditPurge, None)
            .note("purged", purged)
            .note(ANCHOR_SEQ, seq)
            .note(ANCHOR_HASH, &hash)
            .note("cutoff", cutoff.and_utc());
        // Chained at once, not left waiting: the guard lets the anchor move only with the
        // purge event at the head.
        audit::record_sealed(conn, entry)?;
        model::set_anchor(conn, seq, &hash)?;
        diesel::delete(audit_events::table.filter(audit_events::seq.gt(anchor)).filter(audit_events::seq.le(seq)))
            .execute(conn)?;
        Ok(PurgeResult { purged, anchor_seq: seq })
    })
}
