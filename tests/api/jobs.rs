//! Scheduled jobs: one replica runs each, admins see how the last run went and can make one
//! due now.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{site_with, Site};

const RULES: anchang::reminders::Rules = anchang::reminders::Rules { neglect_days: 30, morning_hour: 0 };

pub async fn job(site: &Site, name: &str) -> Value {
    let jobs = site.app.get("/jobs", &site.admin).await;
    assert_eq!(jobs.status, StatusCode::OK, "{:?}", jobs.body);
    jobs.body.as_array().into_iter().flatten().find(|j| j["name"] == name).cloned().unwrap_or(Value::Null)
}

/// Waits (at most 20 s) until the job has run `runs` times.
pub async fn ran(site: &Site, name: &str, runs: i64) -> Value {
    for _ in 0..400 {
        let found = job(site, name).await;
        if found["runs"].as_i64().unwrap_or(0) >= runs && !found["running"].as_bool().unwrap_or(true) {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{name} never ran: {:?}", job(site, name).await);
}

/// Makes the job due now and waits until the scheduler has run it once more; answers it.
pub async fn run_job(site: &Site, name: &str) -> Value {
    let runs = job(site, name).await["runs"].as_i64().unwrap_or(0);
    let asked = site.app.post(&format!("/jobs/{name}/run"), &site.admin, json!({})).await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    let done = ran(site, name, runs + 1).await;
    assert_eq!(done["last_outcome"], "ok", "{done:?}");
    done
}

#[tokio::test]
async fn the_scheduler_runs_due_jobs_and_admins_see_how_they_went() {
    let site = site_with(&[("ANCHANG_JOBS_POLL_MS", "50")]).await;
    site.lead(&site.wang, "赵先生", "13800008881").await;

    let checkpoint = ran(&site, "audit_checkpoint", 1).await;
    assert_eq!(checkpoint["last_outcome"], "ok", "{checkpoint:?}");
    let text = checkpoint["last_summary"]["checkpoint"].as_str().unwrap_or_default().to_owned();
    assert!(
        text.split(':').count() == 3 && text.split(':').next().is_some_and(|seq| seq.parse::<i64>().is_ok()),
        "{text}"
    );
    let verified = site.app.get(&format!("/audit/verify?checkpoint={text}"), &site.admin).await;
    assert_eq!(verified.body["ok"], true, "the logged checkpoint verifies: {:?}", verified.body);
    assert!(
        checkpoint["next_due_at"].is_string() && checkpoint["schedule"].as_str().is_some_and(|s| s.contains("00:05"))
    );

    let regrade = job(&site, "nightly_regrade").await;
    assert_eq!(regrade["runs"], 0, "not due until 02:00 China time");
    let asked = site.app.post("/jobs/nightly_regrade/run", &site.admin, json!({})).await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    let regraded = ran(&site, "nightly_regrade", 1).await;
    assert_eq!(regraded["last_outcome"], "ok");
    assert!(regraded["last_summary"]["checked"].as_i64().is_some_and(|n| n >= 1), "{regraded:?}");
    assert!(regraded["last_duration_ms"].is_i64() && regraded["last_finished_at"].is_string());
    assert!(site.app.audit_actions().contains(&"job.run".to_owned()));
}

#[tokio::test]
async fn jobs_are_for_admins() {
    let site = site_with(&[("ANCHANG_JOBS", "false")]).await;
    let by_manager = site.app.get("/jobs", &site.manager).await;
    let run_by_manager = site.app.post("/jobs/nightly_regrade/run", &site.manager, json!({})).await;
    let unknown = site.app.post("/jobs/make_coffee/run", &site.admin, json!({})).await;
    assert_eq!((by_manager.status, by_manager.code()), (StatusCode::FORBIDDEN, "job.admin_only"));
    assert_eq!(run_by_manager.code(), "job.admin_only");
    assert_eq!((unknown.status, unknown.code()), (StatusCode::NOT_FOUND, "job.not_found"));
    let listed = site.app.get("/jobs", &site.admin).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(7), "every job, run or not");
}

#[tokio::test]
async fn two_replicas_never_run_one_job_at_once() {
    // This app's scheduler is off: the two "replicas" below are the only runners.
    let site = site_with(&[("ANCHANG_JOBS", "false")]).await;
    assert_eq!(site.app.post("/jobs/webhook_retention/run", &site.admin, json!({})).await.status, StatusCode::OK);

    let runs: Vec<bool> = std::thread::scope(|scope| {
        let replicas: Vec<_> = ["replica-a", "replica-b"]
            .into_iter()
            .map(|owner| {
                let pool = site.app.pool.clone();
                scope.spawn(move || {
                    let mut pooled = pool.get().expect("a connection");
                    anchang::jobs::service::run_if_due(
                        &mut pooled.conn,
                        anchang::jobs::Job::WebhookRetention,
                        owner,
                        RULES,
                    )
                    .expect("ran or skipped")
                    .is_some()
                })
            })
            .collect();
        replicas.into_iter().map(|r| r.join().expect("joined")).collect()
    });

    assert_eq!(runs.iter().filter(|ran| **ran).count(), 1, "{runs:?}");
    let retention = job(&site, "webhook_retention").await;
    assert_eq!((retention["runs"].as_i64(), retention["last_outcome"].as_str()), (Some(1), Some("ok")));
    assert_eq!(retention["last_summary"]["deliveries_forgotten"], 0);
}
