//! What a request's database work leaves to happen once it is over and its transactions
//! have ended: a module deep in a service asks with [`after_work`], and [`run`](super::run)
//! calls it before it returns. The audit trail wakes its sealer this way, after the
//! commit that made the waiting events visible rather than before it.

use std::cell::RefCell;

/// A hook asked for, by name.
type Wanted = (&'static str, fn());

thread_local! {
    static WANTED: RefCell<Vec<Wanted>> = const { RefCell::new(Vec::new()) };
}

/// Asks for `hook` to be called once the current work is over; asked twice under the same
/// `name`, it is called once. Outside `db::run` (a command, a background job) it waits
/// for the next work on this thread: use it only for what may also happen late.
pub fn after_work(name: &'static str, hook: fn()) {
    WANTED.with(|wanted| {
        let mut wanted = wanted.borrow_mut();
        if !wanted.iter().any(|(known, _)| *known == name) {
            wanted.push((name, hook));
        }
    });
}

/// Calls, and forgets, what the work just finished asked for.
pub(super) fn call_wanted() {
    for (_, hook) in WANTED.with(|wanted| std::mem::take(&mut *wanted.borrow_mut())) {
        hook();
    }
}
