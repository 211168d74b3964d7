//! Retention: `anchang audit purge` removes events older than
//! `ANCHANG_AUDIT_RETENTION_DAYS` — never younger ones — oldest first, so what remains is
//! still one unbroken chain. The last purged event becomes the anchor verification starts
//! from; the purge itself is recorded.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::audit::{self, model, Entry, Who};
use crate::db::{self, Conn};
use crate::schema::{audit_chain, audit_events};

/// What a purge removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeResult {
    /// Events removed.
    pub purged: i64,
    /// The chain is verified from the event after this one.
    pub anchor_seq: i64,
}

/// Removes the oldest events recorded before `cutoff`, up to the first one at or after
/// it; returns what was removed.
pub fn purge_before(conn: &mut Conn, cutoff: NaiveDateTime) -> QueryResult<PurgeResult> {
    db::transaction(conn, |conn| {
        // Taking the head's lock first keeps new events out while the anchor moves.
        model::claim_positions(conn, 0)?;
        let anchor: i64 = audit_chain::table.find(1).select(audit_chain::anchor_seq).first(conn)?;
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
        // The anchor moves first: the tables' guards let only anchored events go.
        diesel::update(audit_chain::table.find(1))
            .set((audit_chain::anchor_seq.eq(seq), audit_chain::anchor_hash.eq(&hash)))
            .execute(conn)?;
        let purged =
            diesel::delete(audit_events::table.filter(audit_events::seq.gt(anchor)).filter(audit_events::seq.le(seq)))
                .execute(conn)? as i64;
        let entry = Entry::new("audit.purge", "audit", None)
            .note("purged", purged)
            .note("anchor_seq", seq)
            .note("cutoff", cutoff.and_utc());
        audit::record(conn, Who::system(), entry)?;
        Ok(PurgeResult { purged, anchor_seq: seq })
    })
}
