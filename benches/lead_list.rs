//! The lead list at production size: 1,000,000 leads over 1,000 salespeople on PostgreSQL.
//!
//! Prints the plan of a salesperson's first page — it must be an index scan of
//! `leads_owner_created_idx`, never a sort of the whole table — and times the real
//! `leads::service::list` (scope lookup, page query, owner names) for many salespeople.
//!
//! ```sh
//! cargo bench --bench lead_list                      # the local server, 1,000,000 leads
//! ANCHANG_BENCH_DATABASE_URL=postgres://… ANCHANG_BENCH_LEADS=200000 cargo bench --bench lead_list
//! ```
//! It creates a database of its own and drops it afterwards.

use anchang::auth::{Actor, Role, SessionCheck};
use anchang::http::{Page, PageQuery, RequestContext};
use anchang::leads::dto::ListLeadsQuery;
use diesel::prelude::*;
use diesel::sql_types::Text;
use std::time::{Duration, Instant};

mod support;

use support::{owner, OWNERS, PROJECT};

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

fn main() -> anyhow::Result<()> {
    support::with_database(1_000_000, run)
}

fn run(url: &str, leads: i64) -> anyhow::Result<()> {
    let pool = support::seeded_pool(url, leads)?;

    // The page query `leads::service::list` sends for a salesperson, as SQL.
    let mut conn = PgConnection::establish(url)?;
    let plan: Vec<PlanLine> = diesel::sql_query(format!(
        "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
         SELECT * FROM leads
         WHERE deleted_at IS NULL AND owner_id = '{}' AND project_id IN ('{PROJECT}')
         ORDER BY created_at DESC, id DESC LIMIT 21",
        owner(7)
    ))
    .load(&mut conn)?;
    println!("\nfirst page of one salesperson's leads:");
    for PlanLine { line } in &plan {
        println!("  {line}");
    }
    let uses_index = plan.iter().any(|p| p.line.contains("leads_owner_created_idx"));
    anyhow::ensure!(uses_index, "the first page does not use leads_owner_created_idx");

    let mut pooled = pool.get()?;
    let mut timings = Vec::new();
    for n in 1..=500 {
        let actor = Actor {
            id: owner(n % OWNERS + 1),
            role: Role::Sales,
            context: RequestContext::default(),
            display_name: None,
        };
        let started = Instant::now();
        let page = anchang::leads::service::list(
            &mut pooled.conn,
            &actor,
            SessionCheck::Done,
            &ListLeadsQuery::default(),
            &PageQuery::default(),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .unwrap_or(Page { items: Vec::new(), next_cursor: None });
        timings.push(started.elapsed());
        anyhow::ensure!(page.items.len() == 20, "a full first page");
    }
    timings.sort();
    let mean = timings.iter().sum::<Duration>() / timings.len() as u32;
    println!(
        "\nleads::service::list, first page, 500 salespeople: mean {:.2?}, p50 {:.2?}, p99 {:.2?}",
        mean,
        timings[timings.len() / 2],
        timings[timings.len() * 99 / 100]
    );
    Ok(())
}
