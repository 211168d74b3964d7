//! Sealing: chaining recorded events into the trail.
//!
//! On PostgreSQL a writer does not chain its own events: holding the chain's head from its
//! first event to its COMMIT would make every write in the system wait in one line. It
//! inserts them into `audit_pending`, each signed with the waiting events' key
//! ([`chain::sign_pending`]), and commits. The sealer then takes the head for a moment and,
//! oldest first, checks each waiting event's signature, chains it (seq, prev_hash, hash),
//! and removes it from the waiting table, in one transaction per batch. It runs in the
//! server, woken after each commit that left events waiting, and every second for what
//! another replica or a command left ([`keep_sealed`]); whoever reads the trail seals first
//! ([`seal_waiting`]), so a reader sees every event whose change committed.
//!
//! SQLite has one writer at a time anyway, so there a writer chains its own events as it
//! records them ([`append_sealed`]), as does a purge on both backends, which must be at the
//! head when it moves the anchor.

use std::sync::LazyLock;
use std::time::Duration;

use diesel::QueryResult;
use tokio::sync::Notify;

use super::chain;
use super::model::{self, NewAuditEvent, PendingEvent};
use crate::db::{self, Conn, Pool};

/// Waiting events sealed per transaction: enough to absorb a busy second of writes, few
/// enough that readers waiting for the head are not held long.
const BATCH: i64 = 1_000;

/// How long the sealer lets events gather after a wake-up before it seals them: under load
/// a seal per write would pay a transaction of its own (the head, the waiting events, the
/// trail, the removal) for the one or two events each wake-up finds. Readers of the trail
/// seal first themselves, and the feed and the webhooks poll every second, so nobody waits
/// for these milliseconds.
const GATHER: Duration = Duration::from_millis(20);

static WAKE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Writes `events` into the trail chained after the head, and moves the head past them;
/// holds the head until the transaction ends. Call it inside a transaction.
pub fn append_sealed(conn: &mut Conn, events: &[PendingEvent]) -> QueryResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let (mut seq, mut prev) = model::lock_head(conn)?;
    let mut sealed = Vec::with_capacity(events.len());
    for event in events {
        seq += 1;
        sealed.push(chained(event, seq, &mut prev)?);
    }
    model::insert_all(conn, &sealed)?;
    model::set_head(conn, seq, &prev)
}

/// `event` placed at `seq` after the hash in `prev`, which becomes its own hash.
fn chained<'a>(event: &'a PendingEvent, seq: i64, prev: &mut String) -> QueryResult<NewAuditEvent<'a>> {
    let mut sealed = event.placed(seq, std::mem::take(prev));
    sealed.hash = chain::hash(&sealed.prev_hash, &sealed.content())?;
    prev.clone_from(&sealed.hash);
    Ok(sealed)
}

/// Leaves signed `events` for the sealer, and wakes it once the current work is over (its
/// transaction committed, so the sealer can see them).
pub fn leave_waiting(conn: &mut Conn, events: &[PendingEvent]) -> QueryResult<()> {
    model::insert_pending(conn, events)?;
    db::after_work("audit.seal", wake);
    Ok(())
}

/// Wakes this process's sealer.
pub fn wake() {
    WAKE.notify_one();
}

/// Seals every waiting event whose change has committed, queueing for the head behind any
/// other sealer; returns how many. One statement when nothing waits (on SQLite nothing
/// does, unless someone put it there behind the application's back).
pub fn seal_waiting(conn: &mut Conn) -> QueryResult<usize> {
    if !model::any_pending(conn)? {
        return Ok(0);
    }
    let mut sealed = 0;
    let mut after = 0;
    loop {
        let batch = db::transaction(conn, |conn| seal_batch(conn, after))?;
        sealed += batch.sealed;
        match batch.last_seen {
            Some(last) if batch.full => after = last,
            _ => return Ok(sealed),
        }
    }
}

/// What one sealing transaction did.
struct Batch {
    sealed: usize,
    /// The last waiting event looked at, sealed or not.
    last_seen: Option<i64>,
    /// Whether more may wait behind it.
    full: bool,
}

/// Seals the oldest waiting events after `after` (in arrival order). An event whose
/// signature fails was not written by this application: it stays where it is, unsealed, and
/// `audit verify` reports it. One already in the trail (replayed into the waiting table) is
/// removed without being chained twice.
fn seal_batch(conn: &mut Conn, after: i64) -> QueryResult<Batch> {
    let (mut seq, mut prev) = model::lock_head(conn)?;
    let waiting = model::waiting_after(conn, after, BATCH)?;
    let ids: Vec<_> = waiting.iter().map(|event| event.id).collect();
    let recorded = if ids.is_empty() { Vec::new() } else { model::already_recorded(conn, &ids)? };
    let last_seen = waiting.last().map(|event| event.pending_id);
    let full = waiting.len() as i64 == BATCH;
    let mut events = Vec::with_capacity(waiting.len());
    let mut leaving = Vec::with_capacity(waiting.len());
    for event in &waiting {
        if recorded.contains(&event.id) {
            tracing::warn!(
                pending_id = event.pending_id,
                "an audit event waiting to be sealed is already in the trail; removed"
            );
            leaving.push(event.pending_id);
            continue;
        }
        if !chain::pending_signed(&event.content(0), &event.signature)? {
            tracing::error!(
                pending_id = event.pending_id,
                "an audit event waiting to be sealed fails its signature: left unsealed, and audit verify reports it"
            );
            continue;
        }
        seq += 1;
        events.push(chained(event, seq, &mut prev)?);
        leaving.push(event.pending_id);
    }
    model::insert_all(conn, &events)?;
    if !leaving.is_empty() {
        model::delete_pending(conn, &leaving)?;
    }
    if !events.is_empty() {
        model::set_head(conn, seq, &prev)?;
    }
    Ok(Batch { sealed: events.len(), last_seen, full })
}

/// The server's sealer: seals what waits whenever a write wakes it ([`GATHER`] later), and every second
/// (events another replica or a command left, or whose wake-up came while it was busy).
/// Runs until `stop` changes, never in the middle of a seal (so no connection is left
/// behind on a blocking thread at shutdown); failures are logged and retried.
pub async fn keep_sealed(pool: Pool, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::timeout(Duration::from_secs(1), WAKE.notified()) => {}
        }
        // Stopping here leaves nothing behind: the server seals once more as it stops.
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(GATHER) => {}
        }
        if let Err(e) = seal_with(&pool).await {
            tracing::warn!(error = %format!("{e:#}"), "sealing audit events failed; retrying");
        }
    }
}

/// Seals what waits on a connection of `pool`, off the async threads.
pub async fn seal_with(pool: &Pool) -> anyhow::Result<usize> {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<usize> { Ok(seal_waiting(&mut db::checkout(&pool)?.conn)?) })
        .await?
}
