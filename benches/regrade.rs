//! Grading a whole project: 100,000 leads must be graded "in a few seconds" (the nightly
//! `anchang regrade`). Times the first run (every lead gets its grade, history and audit
//! event) and a second one right after (nothing moves; only reads and score checks).
//!
//! ```sh
//! cargo bench --bench regrade        # ANCHANG_BENCH_DATABASE_URL, ANCHANG_BENCH_LEADS as in lead_list
//! ```

use std::time::Instant;

mod support;

fn main() -> anyhow::Result<()> {
    support::with_database(100_000, run)
}

fn run(url: &str, leads: i64) -> anyhow::Result<()> {
    // Grade changes are audited, and the audit chain is keyed.
    anchang::audit::chain::install_key(&[7; 32]);
    let pool = support::seeded_pool(url, leads)?;
    let mut pooled = pool.get()?;
    let project = support::PROJECT.parse()?;
    for run in ["first run (every lead graded)", "second run (nothing moves)"] {
        let started = Instant::now();
        let results = anchang::grading::service::recompute_all(&mut pooled.conn, Some(project))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let elapsed = started.elapsed();
        for (_, result) in results {
            println!("{run}: {} leads checked, {} moved in {elapsed:.2?}", result.checked, result.moved);
            for m in result.moves {
                println!("    {:?} → {}: {}", m.from, m.to, m.count);
            }
        }
    }
    Ok(())
}
