//! A lane: a fixed number of threads that run blocking database work in the order it
//! arrived, shared by every actix worker.
//!
//! Why not actix's blocking pool: that one is per worker, so a request waits behind its own
//! worker's queue while the other worker's threads may be idle, and it grows to as many
//! threads as the pool has connections. When the database shares the machine's cores, work
//! beyond one statement per core only adds context switches, and the order in which the
//! scheduler happens to run sixteen threads decides who waits: on the two-core benchmark
//! machine sixteen at once gave the lead page a p99 of 30–50 ms, two threads fed from one
//! first-come queue 11–14 ms at a higher rate (README, Benchmarks).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A first-come, first-served queue in front of `threads` threads. Cloning shares it; the
/// threads end when the last clone is dropped.
#[derive(Clone)]
pub struct Lane {
    queue: mpsc::Sender<Job>,
}

impl Lane {
    /// Starts `threads` threads (at least one) named `anchang-<name>`.
    pub fn start(name: &str, threads: usize) -> std::io::Result<Self> {
        let threads = threads.max(1);
        let (queue, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..threads {
            let jobs = Arc::clone(&jobs);
            std::thread::Builder::new().name(format!("anchang-{name}-{n}")).spawn(move || loop {
                // The lock is held only while waiting for the next job, so jobs are taken in
                // order by whichever thread is free.
                let next = match jobs.lock() {
                    Ok(jobs) => jobs.recv(),
                    Err(_) => return,
                };
                match next {
                    Ok(job) => job(),
                    Err(mpsc::RecvError) => return,
                }
            })?;
        }
        Ok(Lane { queue })
    }

    /// Runs `work` on the lane and waits for it without blocking the caller's thread. `None`
    /// when the lane is gone or `work` panicked (the panic is reported by the thread's hook).
    pub async fn run<T, F>(&self, work: F) -> Option<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            if let Ok(value) = result {
                let _ = answer.send(value);
            }
        });
        self.queue.send(job).ok()?;
        answered.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn runs_work_and_survives_a_panic() {
        let lane = Lane::start("test", 2).expect("threads");
        assert_eq!(lane.run(|| 6 * 7).await, Some(42));
        assert_eq!(lane.run(|| -> i32 { panic!("boom") }).await, None);
        assert_eq!(lane.run(|| 1).await, Some(1));
    }

    #[actix_web::test]
    async fn takes_jobs_in_arrival_order_on_one_thread() {
        let lane = Lane::start("order", 1).expect("threads");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let runs = (0..20).map(|n| {
            let seen = Arc::clone(&seen);
            lane.run(move || seen.lock().map(|mut s| s.push(n)).is_ok())
        });
        let done = futures_util::future::join_all(runs).await;
        assert!(done.into_iter().all(|ok| ok == Some(true)));
        assert_eq!(*seen.lock().expect("not poisoned"), (0..20).collect::<Vec<_>>());
    }
}
