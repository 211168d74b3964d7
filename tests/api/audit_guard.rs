//! The chain's bookkeeping row cannot be rewound or re-anchored, and what a superuser can
//! still do behind the guards' back is found: a forged purge, an anchor moved without one,
//! and — with a checkpoint kept outside the database — the newest events cut off.

use reqwest::StatusCode;

use crate::audit::tamper;
use crate::helpers::{site, Site};

/// A site with a few leads' worth of events; returns it and the head's position.
async fn recorded_site() -> (Site, i64) {
    let site = site().await;
    for (name, phone) in [("王女士", "13800138000"), ("李先生", "13900139000"), ("赵女士", "13700137000")] {
        site.lead(&site.wang, name, phone).await;
    }
    let head = site.app.get("/audit/verify", &site.admin).await.body["checked"].as_i64().unwrap_or(0);
    assert!(head >= 6, "enough events to tamper with: {head}");
    (site, head)
}

async fn verify(site: &Site, checkpoint: Option<&str>) -> serde_json::Value {
    let path = match checkpoint {
        Some(checkpoint) => format!("/audit/verify?checkpoint={checkpoint}"),
        None => "/audit/verify".to_owned(),
    };
    let reply = site.app.get(&path, &site.admin).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

fn checkpoint(site: &Site) -> String {
    let (ok, out) = site.app.cli(&["audit", "checkpoint"]);
    assert!(ok, "{out}");
    out.trim().to_owned()
}

const REWIND_HEAD: &str = "UPDATE audit_chain SET last_seq = last_seq - 2, \
     last_hash = (SELECT hash FROM audit_events e WHERE e.seq = audit_chain.last_seq - 2)";

#[tokio::test]
async fn the_chains_head_and_anchor_cannot_be_rewound_or_moved() {
    let (site, head) = recorded_site().await;

    let attempts = [
        REWIND_HEAD.to_owned(),
        "UPDATE audit_chain SET last_seq = last_seq + 5".to_owned(),
        "UPDATE audit_chain SET anchor_seq = 3, anchor_hash = (SELECT hash FROM audit_events WHERE seq = 3)".to_owned(),
        "DELETE FROM audit_events WHERE seq <= 3".to_owned(),
        format!("DELETE FROM audit_events WHERE seq >= {}", head - 1),
        "DELETE FROM audit_chain".to_owned(),
        "INSERT INTO audit_chain (id, last_seq, last_hash) VALUES (2, 0, '')".to_owned(),
    ];

    for sql in &attempts {
        assert!(tamper(&site, sql, false).is_err(), "refused: {sql}");
    }
    let body = verify(&site, None).await;
    assert_eq!((body["ok"].as_bool(), body["checked"].as_i64()), (Some(true), Some(head)), "{body:?}");
}

#[tokio::test]
async fn a_forged_purge_gets_past_the_guard_but_not_past_verify() {
    let (site, head) = recorded_site().await;
    let forged = head + 1;
    // A purge event made up without the application's key: the guard cannot tell, the chain can.
    let steps = [
        format!(
            "INSERT INTO audit_events (seq, id, occurred_at, action, entity_type, changes, prev_hash, hash) \
             SELECT {forged}, '{}', occurred_at, 'audit.purge', 'audit', \
                    '{{\"anchor_seq\":3,\"anchor_hash\":\"' || (SELECT hash FROM audit_events WHERE seq = 3) || '\"}}', \
                    hash, '{}' FROM audit_events WHERE seq = {head}",
            uuid::Uuid::new_v4(),
            "f".repeat(64)
        ),
        format!("UPDATE audit_chain SET last_seq = {forged}, last_hash = '{}'", "f".repeat(64)),
        "UPDATE audit_chain SET anchor_seq = 3, anchor_hash = (SELECT hash FROM audit_events WHERE seq = 3)".to_owned(),
        "DELETE FROM audit_events WHERE seq <= 3".to_owned(),
    ];
    for sql in &steps {
        tamper(&site, sql, false).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    let body = verify(&site, None).await;
    assert_eq!((body["ok"].as_bool(), body["first_bad_seq"].as_i64()), (Some(false), Some(forged)), "{body:?}");
}

#[tokio::test]
async fn an_anchor_moved_behind_the_guards_back_is_found() {
    let (site, _) = recorded_site().await;

    tamper(
        &site,
        "UPDATE audit_chain SET anchor_seq = 3, anchor_hash = (SELECT hash FROM audit_events WHERE seq = 3)",
        true,
    )
    .expect("a superuser can");
    tamper(&site, "DELETE FROM audit_events WHERE seq <= 3", true).expect("a superuser can");

    let body = verify(&site, None).await;
    assert_eq!((body["ok"].as_bool(), body["first_bad_seq"].as_i64()), (Some(false), Some(3)), "{body:?}");
}

#[tokio::test]
async fn a_checkpoint_finds_the_newest_events_cut_off_and_the_head_rewound() {
    let (site, head) = recorded_site().await;
    let taken = checkpoint(&site);
    assert!(taken.starts_with(&format!("{head}:")), "{taken}");
    site.lead(&site.wang, "钱先生", "13600136000").await;
    assert_eq!(verify(&site, Some(&taken)).await["ok"], true, "a chain that grew still reaches it");
    let (cli_ok, out) = site.app.cli(&["audit", "verify", "--checkpoint", &taken]);
    assert!(cli_ok, "{out}");

    // Behind the guards' back: the newest events go and the head is rewound to match.
    tamper(&site, &format!("DELETE FROM audit_events WHERE seq > {}", head - 2), true).expect("a superuser can");
    tamper(
        &site,
        &format!(
            "UPDATE audit_chain SET last_seq = {0}, last_hash = (SELECT hash FROM audit_events WHERE seq = {0})",
            head - 2
        ),
        true,
    )
    .expect("a superuser can");

    assert_eq!(verify(&site, None).await["ok"], true, "without a checkpoint the cut cannot be seen");
    let body = verify(&site, Some(&taken)).await;
    assert_eq!((body["ok"].as_bool(), body["first_bad_seq"].as_i64()), (Some(false), Some(head - 1)), "{body:?}");
    let (cli_ok, out) = site.app.cli(&["audit", "verify", "--checkpoint", &taken]);
    assert!(!cli_ok, "{out}");
}

#[tokio::test]
async fn a_checkpoint_this_deployment_did_not_sign_is_refused() {
    let (site, head) = recorded_site().await;
    let taken = checkpoint(&site);
    let moved = taken.replacen(&format!("{head}:"), &format!("{}:", head + 100), 1);

    let refused = site.app.get(&format!("/audit/verify?checkpoint={moved}"), &site.admin).await;
    let malformed = site.app.get("/audit/verify?checkpoint=12:zz", &site.admin).await;
    let by_sales = site.app.get(&format!("/audit/verify?checkpoint={taken}"), &site.wang).await;
    let (cli_ok, _) = site.app.cli(&["audit", "verify", "--checkpoint", &moved]);

    assert_eq!((refused.status, refused.code()), (StatusCode::UNPROCESSABLE_ENTITY, "audit.checkpoint_invalid"));
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert!(!cli_ok);
}

#[tokio::test]
async fn a_purge_moves_the_anchor_through_the_guard_and_still_verifies_against_old_checkpoints() {
    let (site, _) = recorded_site().await;
    let before = checkpoint(&site);
    let purged = {
        let mut pooled = site.app.db();
        anchang::audit::service::purge_before(&mut pooled.conn, anchang::db::now() + chrono::Duration::seconds(1))
            .expect("the guard lets a purge through")
    };
    let after = checkpoint(&site);

    assert!(purged.purged > 0);
    assert_eq!(verify(&site, None).await["ok"], true);
    assert_eq!(verify(&site, Some(&before)).await["ok"], true, "an anchored checkpoint was purged by retention");
    assert_eq!(verify(&site, Some(&after)).await["ok"], true);
}
