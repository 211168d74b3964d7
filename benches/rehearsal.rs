//! The opening rehearsal at full size: 20,000 customers × 3 intents over 2,000 units must
//! run well under a second (it runs on every heat-map request). Pure computation, no
//! database.
//!
//! ```sh
//! cargo bench --bench rehearsal
//! ```

use anchang::booking::rehearsal::{rehearse, Customer};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use uuid::Uuid;

fn main() {
    let units: Vec<Uuid> = (0..2_000).map(|_| Uuid::now_v7()).collect();
    let available: HashSet<Uuid> = units.iter().copied().collect();
    // Popular units attract most first choices, as on a real opening.
    let customers: Vec<Customer> = (0..20_000_usize)
        .map(|i| Customer {
            lead_id: Uuid::now_v7(),
            intents: vec![units[(i * i) % 200], units[(i * 7) % 2_000], units[(i * 13 + 5) % 2_000]],
        })
        .collect();
    let mut timings = Vec::new();
    let mut served = 0;
    for _ in 0..20 {
        let started = Instant::now();
        let result = rehearse(&customers, &available);
        timings.push(started.elapsed());
        served = result.served();
    }
    timings.sort();
    let mean = timings.iter().sum::<Duration>() / timings.len() as u32;
    println!(
        "rehearsal, 20,000 customers × 3 intents, 2,000 units: mean {mean:.2?}, worst {:.2?}, {served} served",
        timings[timings.len() - 1]
    );
    assert!(timings[timings.len() - 1] < Duration::from_secs(1), "well under a second");
}
