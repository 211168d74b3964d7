//! What the benchmarks share: a throwaway PostgreSQL database, migrated and seeded with
//! leads spread over 1,000 salespeople of one project, dropped afterwards.

#![allow(dead_code)]

use anchang::db::{self, DatabaseUrl, PoolOptions};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Salespeople the leads are spread over.
pub const OWNERS: i64 = 1_000;
/// The one project.
pub const PROJECT: &str = "00000000-0000-7000-8000-000000000001";

/// The n-th salesperson (1-based).
pub fn owner(n: i64) -> Uuid {
    format!("00000000-0000-7000-8001-{n:012x}").parse().expect("a valid uuid")
}

/// Runs `bench` against a fresh database on `ANCHANG_BENCH_DATABASE_URL` (default: the
/// local server) with `ANCHANG_BENCH_LEADS` leads (default `leads`), then drops it.
pub fn with_database(leads: i64, bench: impl FnOnce(&str, i64) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let server = std::env::var("ANCHANG_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let leads: i64 = std::env::var("ANCHANG_BENCH_LEADS").ok().and_then(|n| n.parse().ok()).unwrap_or(leads);
    let name = format!("anchang_bench_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::establish(&server)?;
    admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
    let result = bench(&format!("{base}/{name}"), leads);
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    result
}

/// Migrates the database, seeds `leads` leads (a third of them with a recent contact
/// and visits, for grading) and returns a pool onto it.
pub fn seeded_pool(url: &str, leads: i64) -> anyhow::Result<db::Pool> {
    let pool = db::connect(
        &DatabaseUrl::parse(url).map_err(anyhow::Error::msg)?,
        &PoolOptions { max_size: 2, acquire_timeout: Duration::from_secs(30) },
    )?;
    db::migrate(&pool)?;
    let started = Instant::now();
    PgConnection::establish(url)?.batch_execute(&format!(
        "INSERT INTO projects (id, name, city, created_at, updated_at) VALUES ('{PROJECT}', 'bench', '杭州', now(), now());
         INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
           SELECT ('00000000-0000-7000-8001-' || lpad(to_hex(g), 12, '0'))::uuid, 'sales' || g, '销售' || g,
                  'sales', 'not-a-hash', now(), now()
           FROM generate_series(1, {OWNERS}) g;
         INSERT INTO project_members (project_id, user_id, created_at) SELECT '{PROJECT}', id, now() FROM users;
         INSERT INTO leads (id, project_id, owner_id, created_by, name, phone, phone_tail, source_channel,
                            visit_count, show_flat_visits, call_count, last_contact_channel, budget_max_fen,
                            last_interaction_at, protected_until, created_at, updated_at)
           SELECT gen_random_uuid(), '{PROJECT}', o, o, '客户' || g, '138' || lpad(g::text, 8, '0'),
                  right(lpad(g::text, 8, '0'), 4), 'walk_in', g % 3, g % 2, g % 4,
                  CASE WHEN g % 3 = 0 THEN NULL ELSE 'visit' END, (g % 5) * 100000000,
                  t, t + interval '30 days', t, t
           FROM (SELECT g, ('00000000-0000-7000-8001-' || lpad(to_hex(g % {OWNERS} + 1), 12, '0'))::uuid AS o,
                        (now() - make_interval(secs => g * 5))::timestamp AS t
                 FROM generate_series(1, {leads}) g) s;
         INSERT INTO follow_ups (id, lead_id, project_id, author_id, channel, purpose, content, happened_at,
                                 initiated_by, created_at, updated_at)
           SELECT gen_random_uuid(), id, project_id, owner_id, 'phone', 'care', '回访', last_interaction_at,
                  'salesperson', last_interaction_at, last_interaction_at
           FROM leads WHERE last_contact_channel IS NOT NULL;
         ANALYZE;"
    ))?;
    println!("seeded {leads} leads over {OWNERS} salespeople in {:.1?}", started.elapsed());
    Ok(pool)
}
