//! The opening storm: 2,000 units, 200 concurrent clients, 20,000 reservation attempts
//! against the real server over HTTP. Reports reservations per second and checks that no
//! unit was booked twice and no lead got more than its one unit — on SQLite and on
//! PostgreSQL. As on a real opening day, each client is its own salesperson, with their own
//! token and their own buyers, under the default per-caller rate limit: a `429
//! rate_limit.exceeded` among the outcomes means the limit starves the opening.
//!
//! ```sh
//! cargo bench --bench opening_storm                       # both backends
//! ANCHANG_BENCH_BACKENDS=sqlite cargo bench --bench opening_storm
//! ```
//! PostgreSQL: `ANCHANG_BENCH_DATABASE_URL` (default the local server); a throwaway
//! database is created and dropped.

use anchang::config::Settings;
use anchang::db::Id;
use anchang::Application;
use diesel::prelude::*;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Instant;

mod support;

const UNITS: usize = 2_000;
const LEADS: usize = 4_000;
const CLIENTS: usize = 200;
const ATTEMPTS: usize = 20_000;
const ADMIN_PASSWORD: &str = "bench-admin-password";
const SALES_PASSWORD: &str = "bench-sales-password";

fn settings(dir: &std::path::Path, url: &str) -> anyhow::Result<Settings> {
    let vars: HashMap<&str, String> = HashMap::from([
        ("ANCHANG_DATA_DIR", dir.to_string_lossy().into_owned()),
        ("ANCHANG_PORT", "0".to_owned()),
        ("ANCHANG_ADMIN_PASSWORD", ADMIN_PASSWORD.to_owned()),
        ("ANCHANG_JWT_SECRET", "bench-jwt-secret-that-is-long-enough-0123456789".to_owned()),
        ("ANCHANG_DATA_KEY", "cd".repeat(32)),
        ("ANCHANG_DB_POOL_SIZE", "16".to_owned()),
        ("ANCHANG_LOG", "error".to_owned()),
        ("DATABASE_URL", url.to_owned()),
    ]);
    // The rate limit's knobs pass through, to measure the storm with the limit off.
    let passed_through = |name: &str| std::env::var(name).ok().filter(|_| name.starts_with("ANCHANG_RATE_LIMIT_"));
    Ok(Settings::from_lookup(&move |name| vars.get(name).cloned().or_else(|| passed_through(name)))?)
}

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: Option<&str>,
    body: Value,
) -> anyhow::Result<(u16, Value)> {
    let mut request = client.request(method, url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

async fn storm(name: &str, url: &str) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = Application::build(settings(dir.path(), url)?)?;
    let base = format!("http://127.0.0.1:{}/api/v1", app.port());
    let server = app.handle();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let post = reqwest::Method::POST;

    let (_, login) = call(
        &client,
        post.clone(),
        format!("{base}/auth/login"),
        None,
        json!({"username": "admin", "password": ADMIN_PASSWORD}),
    )
    .await?;
    let token = login["access_token"].as_str().unwrap_or_default().to_owned();
    let (_, project) = call(
        &client,
        post.clone(),
        format!("{base}/projects"),
        Some(&token),
        json!({"name": "开盘压测", "city": "杭州"}),
    )
    .await?;
    let project = project["id"].as_str().unwrap_or_default().to_owned();
    let units: Vec<Value> = (0..UNITS)
        .map(|i| json!({"building": format!("{}栋", i / 500 + 1), "floor": (i % 500) / 10 + 1, "room": format!("{}", i), "layout": "3房", "area_sqm": 100.0, "list_price_fen": 300_000_000}))
        .collect();
    call(&client, post.clone(), format!("{base}/projects/{project}/units/import"), Some(&token), Value::from(units))
        .await?;
    for chunk in 0..LEADS / 2_000 {
        let leads: Vec<Value> = (0..2_000)
            .map(|i| json!({"name": format!("客户{}", chunk * 2_000 + i), "phone": format!("137{:08}", chunk * 2_000 + i), "source_channel": "event"}))
            .collect();
        call(
            &client,
            post.clone(),
            format!("{base}/leads/import?project_id={project}"),
            Some(&token),
            Value::from(leads),
        )
        .await?;
    }
    call(
        &client,
        reqwest::Method::PUT,
        format!("{base}/projects/{project}/opening"),
        Some(&token),
        json!({"state": "open", "mode": "free", "max_units_per_lead": 1, "requires_subscription": false, "called_up_to": 0}),
    )
    .await?;

    // Ids straight from the database: listing 6,000 rows over HTTP is not what is measured.
    let pool = anchang::db::connect_lazy(
        &anchang::db::DatabaseUrl::parse(url).map_err(anyhow::Error::msg)?,
        &anchang::db::PoolOptions { max_size: 2, acquire_timeout: std::time::Duration::from_secs(30) },
    );
    let mut pooled = pool.get()?;
    let unit_ids: Vec<Id> = anchang::schema::units::table.select(anchang::schema::units::id).load(&mut pooled.conn)?;
    let lead_ids: Vec<Id> = anchang::schema::leads::table.select(anchang::schema::leads::id).load(&mut pooled.conn)?;

    // One salesperson per client, each owning an equal share of the buyers (assigned in the
    // database: a handover of 4,000 leads over HTTP is not what is measured).
    let mut sales = Vec::with_capacity(CLIENTS);
    let share = lead_ids.len() / CLIENTS;
    for client_no in 0..CLIENTS {
        let username = format!("sales{client_no}");
        let (_, user) = call(
            &client,
            post.clone(),
            format!("{base}/users"),
            Some(&token),
            json!({"username": username, "display_name": username, "role": "sales", "password": SALES_PASSWORD, "project_ids": [project]}),
        )
        .await?;
        let user_id: uuid::Uuid = user["id"].as_str().unwrap_or_default().parse()?;
        let (_, login) = call(
            &client,
            post.clone(),
            format!("{base}/auth/login"),
            None,
            json!({"username": username, "password": SALES_PASSWORD}),
        )
        .await?;
        let own = lead_ids[client_no * share..(client_no + 1) * share].to_vec();
        diesel::update(anchang::schema::leads::table.filter(anchang::schema::leads::id.eq_any(own.clone())))
            .set(anchang::schema::leads::owner_id.eq(Id(user_id)))
            .execute(&mut pooled.conn)?;
        sales.push((login["access_token"].as_str().unwrap_or_default().to_owned(), own));
    }
    drop(pooled);

    let started = Instant::now();
    let mut tasks = Vec::new();
    for (client_no, (token, lead_ids)) in sales.into_iter().enumerate() {
        let (client, base) = (client.clone(), base.clone());
        let unit_ids = unit_ids.clone();
        tasks.push(tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(client_no as u64);
            let mut outcomes: HashMap<String, usize> = HashMap::new();
            for _ in 0..ATTEMPTS / CLIENTS {
                let unit = unit_ids[rng.gen_range(0..unit_ids.len())];
                let lead = lead_ids[rng.gen_range(0..lead_ids.len())];
                let url = format!("{base}/units/{unit}/reservations");
                let outcome =
                    match call(&client, reqwest::Method::POST, url, Some(&token), json!({"lead_id": lead.0})).await {
                        Ok((201, _)) => "201".to_owned(),
                        Ok((status, body)) => format!("{status} {}", body["code"].as_str().unwrap_or("")),
                        Err(e) => format!("error {e}"),
                    };
                *outcomes.entry(outcome).or_default() += 1;
            }
            outcomes
        }));
    }
    let mut outcomes: HashMap<String, usize> = HashMap::new();
    for task in tasks {
        for (k, v) in task.await? {
            *outcomes.entry(k).or_default() += v;
        }
    }
    let elapsed = started.elapsed();
    let won = outcomes.get("201").copied().unwrap_or(0);

    let mut pooled = pool.get()?;
    use anchang::schema::{reservations, units};
    let live: Vec<(Id, Id)> = reservations::table
        .filter(reservations::status.eq_any(["active", "signed"]))
        .select((reservations::unit_id, reservations::lead_id))
        .load(&mut pooled.conn)?;
    let reserved_units: i64 = units::table.filter(units::status.eq("reserved")).count().get_result(&mut pooled.conn)?;
    let mut per_unit: HashMap<Id, usize> = HashMap::new();
    let mut per_lead: HashMap<Id, usize> = HashMap::new();
    for (unit, lead) in &live {
        *per_unit.entry(*unit).or_default() += 1;
        *per_lead.entry(*lead).or_default() += 1;
    }
    let double_units = per_unit.values().filter(|n| **n > 1).count();
    let double_leads = per_lead.values().filter(|n| **n > 1).count();
    println!("\n{name}: {ATTEMPTS} attempts by {CLIENTS} clients on {UNITS} units in {elapsed:.2?}");
    println!(
        "  {:.0} attempts/s, {:.0} reservations/s",
        ATTEMPTS as f64 / elapsed.as_secs_f64(),
        won as f64 / elapsed.as_secs_f64()
    );
    let mut sorted: Vec<_> = outcomes.into_iter().collect();
    sorted.sort();
    for (outcome, count) in sorted {
        println!("  {outcome}: {count}");
    }
    println!("  units reserved: {reserved_units}, live reservations: {}, double-booked units: {double_units}, leads over their limit: {double_leads}", live.len());
    drop(pooled);
    // Stop the server before its database goes away: its workers hold connections.
    server.stop(true).await;
    anyhow::ensure!(double_units == 0 && double_leads == 0, "double bookings");
    anyhow::ensure!(
        reserved_units as usize == live.len() && live.len() == won,
        "units, reservations and 201s disagree"
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    anchang::audit::chain::install_key(&[0xcd; 32]);
    let backends = std::env::var("ANCHANG_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".to_owned());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    if backends.contains("sqlite") {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}", dir.path().join("storm.db").display());
        runtime.block_on(storm("SQLite", &url))?;
    }
    if backends.contains("postgres") {
        support::with_database(0, |url, _| runtime.block_on(storm("PostgreSQL", url)))?;
    }
    Ok(())
}
