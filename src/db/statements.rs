//! Counting the statements each request sends to the database: the per-request log line
//! reports it (`statements`), and with `ANCHANG_SERVER_TIMING=true` so does a
//! `Server-Timing: db;desc="N statements"` header, which is how the tests hold each
//! endpoint to its round trips.
//!
//! Every pooled connection carries a [`Counter`] as its diesel instrumentation; `Database::run`
//! reads how far it moved during the request's work and adds that to the request's tally,
//! a task-local that the request middleware opens with [`counted`].

use std::cell::Cell;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use diesel::connection::{Instrumentation, InstrumentationEvent};

/// Statements one connection has sent, ever.
#[derive(Debug, Clone, Default)]
pub struct Counter(Arc<AtomicU32>);

impl Counter {
    /// The count so far.
    pub fn now(&self) -> u32 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Instrumentation for Counter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

tokio::task_local! {
    static REQUEST_TALLY: Cell<u32>;
}

/// Runs a request's future with a tally of its statements; returns its output and the
/// tally.
pub async fn counted<F: Future>(future: F) -> (F::Output, u32) {
    REQUEST_TALLY
        .scope(Cell::new(0), async move {
            let output = future.await;
            (output, REQUEST_TALLY.with(Cell::get))
        })
        .await
}

/// Adds statements to the tally of the request being served (none outside a request).
pub(super) fn add(statements: u32) {
    let _ = REQUEST_TALLY.try_with(|tally| tally.set(tally.get() + statements));
}
