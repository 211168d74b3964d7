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

use anchang::auth::{Actor, Role};
use anchang::db::{self, DatabaseUrl, PoolOptions};
use anchang::http::{PageQuery, RequestContext};
use anchang::leads::dto::ListLeadsQuery;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use std::time::{Duration, Instant};
use uuid::Uuid;

const OWNERS: i64 = 1_000;
const PROJECT: &str = "00000000-0000-7000-8000-000000000001";

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

fn owner(n: i64) -> Uuid {
    format!("00000000-0000-7000-8001-{n:012x}").parse().expect("a valid uuid")
}

fn seed(conn: &mut PgConnection, leads: i64) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "INSERT INTO projects (id, name, city, created_at, updated_at) VALUES ('{PROJECT}', 'bench', '杭州', now(), now());
         INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
           SELECT ('00000000-0000-7000-8001-' || lpad(to_hex(g), 12, '0'))::uuid, 'sales' || g, '销售' || g,
                  'sales', 'not-a-hash', now(), now()
           FROM generate_series(1, {OWNERS}) g;
         INSERT INTO project_members (project_id, user_id, created_at) SELECT '{PROJECT}', id, now() FROM users;
         INSERT INTO leads (id, project_id, owner_id, created_by, name, phone, phone_tail, source_channel,
                            last_interaction_at, protected_until, created_at, updated_at)
           SELECT gen_random_uuid(), '{PROJECT}', o, o, '客户' || g, '138' || lpad(g::text, 8, '0'),
                  right(lpad(g::text, 8, '0'), 4), 'walk_in', t, t + interval '30 days', t, t
           FROM (SELECT g, ('00000000-0000-7000-8001-' || lpad(to_hex(g % {OWNERS} + 1), 12, '0'))::uuid AS o,
                        (now() - make_interval(secs => g))::timestamp AS t
                 FROM generate_series(1, {leads}) g) s;
         ANALYZE;"
    ))
}

fn main() -> anyhow::Result<()> {
    let server = std::env::var("ANCHANG_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let leads: i64 = std::env::var("ANCHANG_BENCH_LEADS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let name = format!("anchang_bench_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::establish(&server)?;
    admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
    let url = format!("{base}/{name}");
    let result = run(&url, leads);
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    result
}

fn run(url: &str, leads: i64) -> anyhow::Result<()> {
    let pool = db::connect(
        &DatabaseUrl::parse(url).map_err(anyhow::Error::msg)?,
        &PoolOptions { max_size: 2, acquire_timeout: Duration::from_secs(30) },
    )?;
    db::migrate(&pool)?;
    let started = Instant::now();
    seed(&mut PgConnection::establish(url)?, leads)?;
    println!("seeded {leads} leads over {OWNERS} salespeople in {:.1?}", started.elapsed());

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
            username: String::new(),
            role: Role::Sales,
            context: RequestContext::default(),
        };
        let started = Instant::now();
        let page =
            anchang::leads::service::list(&mut pooled.conn, &actor, ListLeadsQuery::default(), PageQuery::default())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
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
