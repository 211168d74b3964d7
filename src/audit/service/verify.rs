//! Checking the chain, and hashing events recorded before the chain existed.

use diesel::prelude::*;
use serde_json::Value;

use crate::audit::chain::{self, GENESIS};
use crate::audit::dto::VerifyResult;
use crate::audit::service::checkpoint::Checkpoint;
use crate::audit::service::purge::{ANCHOR_HASH, ANCHOR_SEQ};
use crate::audit::{model, seal};
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::{Actor, Role};
use crate::db::Conn;
use crate::error::{ApiError, ApiResult};
use crate::schema::audit_events;

const BATCH: i64 = 5_000;

fn bad(checked: u64, seq: i64, problem: &str) -> VerifyResult {
    VerifyResult { ok: false, checked, first_bad_seq: Some(seq), problem: Some(problem.to_owned()) }
}

/// Recomputes the whole chain, oldest first, in batches: every hash must cover its
/// event and its predecessor, and the last must be the head. A changed event fails at its
/// own position; a removed one at its position (the next event no longer follows); events
/// removed from the end fail at the first missing position. An anchor that no purge event
/// names means the oldest events went without a purge. With a `checkpoint`, the chain must
/// still reach it, with the hash it had then.
pub fn verify(conn: &mut Conn, checkpoint: Option<&Checkpoint>) -> QueryResult<VerifyResult> {
    seal::seal_waiting(conn)?;
    let (head_seq, head_hash) = model::head(conn)?;
    // Verification starts after the last event purged past retention (GENESIS before any).
    let (anchor_seq, anchor_hash) = model::anchor(conn)?;
    let mut prev = if anchor_seq == 0 { GENESIS.to_owned() } else { anchor_hash.clone() };
    let mut last_seq = anchor_seq;
    let mut checked = 0_u64;
    let mut last_purge: Option<Value> = None;
    let mut hash_at_checkpoint: Option<String> = None;
    loop {
        let events: Vec<AuditEvent> = audit_events::table
            .filter(audit_events::seq.gt(last_seq))
            .order(audit_events::seq.asc())
            .limit(BATCH)
            .select(AuditEvent::as_select())
            .load(conn)?;
        for event in &events {
            let Some(stored) = event.hash.as_deref() else {
                return Ok(bad(checked, event.seq, "the event was never sealed into the chain"));
            };
            if event.prev_hash.as_deref() != Some(prev.as_str()) {
                // The event before it is not the one it was chained to: one was removed
                // (report the first missing position) or this one was moved or forged.
                let first_missing =
                    if event.seq > last_seq + 1 && last_seq > anchor_seq { last_seq + 1 } else { event.seq };
                return Ok(bad(checked, first_missing, "an event is missing or out of place here"));
            }
            if chain::hash(&prev, &event.content())? != stored {
                return Ok(bad(checked, event.seq, "the event was altered after it was recorded"));
            }
            if event.action == AuditAction::AuditPurge.as_str() {
                last_purge = serde_json::from_str(&event.changes).ok();
            }
            if checkpoint.is_some_and(|c| c.seq == event.seq) {
                hash_at_checkpoint = Some(stored.to_owned());
            }
            prev = stored.to_owned();
            last_seq = event.seq;
            checked += 1;
        }
        if (events.len() as i64) < BATCH {
            break;
        }
    }
    if last_seq < head_seq || prev != head_hash {
        return Ok(bad(checked, last_seq + 1, "events are missing at the end of the trail"));
    }
    if last_seq > head_seq {
        return Ok(bad(checked, head_seq + 1, "events were added behind the chain's head"));
    }
    if anchor_seq > 0 && !names_anchor(last_purge.as_ref(), anchor_seq, &anchor_hash) {
        return Ok(bad(checked, anchor_seq, "the oldest events were removed without a purge"));
    }
    if let Some(checkpoint) = checkpoint {
        if checkpoint.seq > head_seq {
            return Ok(bad(
                checked,
                head_seq + 1,
                "the trail no longer reaches the checkpoint: its newest events were removed",
            ));
        }
        // At or before the anchor, the events were purged past retention (and the purge
        // vouched for above); the anchor itself still has its hash.
        let expected = match checkpoint.seq {
            seq if seq == anchor_seq => Some(anchor_hash),
            seq if seq < anchor_seq => None,
            _ => hash_at_checkpoint,
        };
        if expected.is_some_and(|hash| hash != checkpoint.hash) {
            return Ok(bad(checked, checkpoint.seq, "the event at the checkpoint is not the one it certified"));
        }
    }
    // Sealing left behind only what fails its signature: rows the application did not write.
    if model::pending_count(conn)? > 0 {
        return Ok(VerifyResult {
            ok: false,
            checked,
            first_bad_seq: None,
            problem: Some("events waiting to be sealed were not recorded by this application".to_owned()),
        });
    }
    Ok(VerifyResult { ok: true, checked, first_bad_seq: None, problem: None })
}

/// Whether the last purge in the chain moved the anchor to where it is. Purges recorded
/// before the guard existed name only the position.
fn names_anchor(purge: Option<&Value>, anchor_seq: i64, anchor_hash: &str) -> bool {
    let Some(purge) = purge else { return false };
    purge[ANCHOR_SEQ].as_i64() == Some(anchor_seq)
        && purge.get(ANCHOR_HASH).is_none_or(|hash| hash.as_str() == Some(anchor_hash))
}

/// Chains events recorded before the chain existed (no hash yet), in order, and moves the
/// head past them. Runs after every migration; a no-op once all events are hashed.
pub fn seal_unhashed(conn: &mut Conn) -> QueryResult<usize> {
    let mut sealed = 0;
    loop {
        let done = crate::db::transaction(conn, |conn| -> QueryResult<usize> {
            let (head_seq, mut prev) = model::lock_head(conn)?;
            let events: Vec<AuditEvent> = audit_events::table
                .filter(audit_events::hash.is_null())
                .filter(audit_events::seq.gt(head_seq))
                .order(audit_events::seq.asc())
                .limit(1_000)
                .select(AuditEvent::as_select())
                .load(conn)?;
            let Some(last) = events.last().map(|e| e.seq) else { return Ok(0) };
            for event in &events {
                let hash = chain::hash(&prev, &event.content())?;
                diesel::update(audit_events::table.filter(audit_events::seq.eq(event.seq)))
                    .set((audit_events::prev_hash.eq(&prev), audit_events::hash.eq(&hash)))
                    .execute(conn)?;
                prev = hash;
            }
            model::set_head(conn, last, &prev)?;
            Ok(events.len())
        })?;
        if done == 0 {
            return Ok(sealed);
        }
        sealed += done;
    }
}

/// `GET /audit/verify`: admins only; `checkpoint` is the text of one printed earlier, and
/// one this deployment did not sign is a 422.
pub fn verify_for(conn: &mut Conn, actor: &Actor, checkpoint: Option<&str>) -> ApiResult<VerifyResult> {
    if actor.role != Role::Admin {
        return Err(ApiError::forbidden("audit.admin_only", "Only admins verify the audit trail."));
    }
    let checkpoint = match checkpoint {
        None => None,
        Some(text) => Some(Checkpoint::parse(text)?.ok_or_else(|| {
            ApiError::invalid_field(
                "audit.checkpoint_invalid",
                "checkpoint",
                "This checkpoint was not signed by this deployment.",
            )
        })?),
    };
    Ok(verify(conn, checkpoint.as_ref())?)
}
