//! Events wait, signed, in `audit_pending` until the sealer chains them (on PostgreSQL;
//! SQLite's writers chain their own): a waiting event cannot be changed or dropped, one
//! slipped in without the application's key is never sealed and `audit verify` reports
//! it, a replayed one is not chained twice, the server seals without anyone reading, and
//! the guards find events through their indexes however small the trail was.

use std::time::{Duration, Instant};

use anchang::audit::chain::{sign_pending, Content};
use anchang::audit::AuditEvent;
use anchang::schema::{audit_events, audit_pending};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::audit::tamper;
use crate::helpers::{site, Site};

const FORGED_ID: &str = "00000000-0000-4000-8000-0000000000f0";

/// A waiting event as someone with database access but not the key would write it.
fn forge_waiting_event(site: &Site) {
    let sql = format!(
        "INSERT INTO audit_pending (id, occurred_at, action, entity_type, changes, signature) \
         VALUES ('{FORGED_ID}', '2026-12-01 10:00:00', 'lead.delete', 'lead', '{{}}', '{}')",
        "ab".repeat(32)
    );
    tamper(site, &sql, false).expect("anyone who can write to the table can add a row");
}

fn waiting(site: &Site) -> i64 {
    audit_pending::table.count().get_result(&mut site.app.db().conn).expect("count")
}

async fn verify(site: &Site) -> serde_json::Value {
    let reply = site.app.get("/audit/verify", &site.admin).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_waiting_event_cannot_be_changed_or_dropped_before_it_is_sealed() {
    let site = site().await;
    // The site's own events are sealed first (the sealer lets a wake-up's events gather for
    // a moment), so that the forged one is all that waits.
    drop(site.app.sealed_db());
    forge_waiting_event(&site);

    let attempts = [
        "UPDATE audit_pending SET action = 'lead.update'".to_owned(),
        format!("DELETE FROM audit_pending WHERE id = '{FORGED_ID}'"),
        "DELETE FROM audit_pending".to_owned(),
    ];

    for sql in &attempts {
        assert!(tamper(&site, sql, false).is_err(), "refused: {sql}");
    }
    assert_eq!(waiting(&site), 1);
}

#[tokio::test]
async fn an_event_slipped_in_without_the_key_is_never_sealed_and_verify_reports_it() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    forge_waiting_event(&site);

    let after = site.lead(&site.wang, "李先生", "13900139000").await;
    let body = verify(&site).await;

    assert_eq!(body["ok"], false, "{body:?}");
    assert!(body["problem"].as_str().is_some_and(|p| p.contains("waiting")), "{body:?}");
    assert_eq!(waiting(&site), 1, "only the forged event is left waiting");
    let actions = site.app.audit_actions();
    assert!(!actions.contains(&"lead.delete".to_owned()), "never chained: {actions:?}");
    let history = site.app.get(&format!("/leads/{after}/history"), &site.wang).await;
    assert_eq!(history.status, StatusCode::OK, "genuine events behind it are still sealed");
    assert!(!history.body["items"].as_array().is_some_and(Vec::is_empty), "{:?}", history.body);
}

#[tokio::test]
async fn an_event_replayed_into_the_waiting_table_is_not_chained_twice() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    let checked = verify(&site).await["checked"].as_i64();
    let mut pooled = site.app.sealed_db();
    let event: AuditEvent = audit_events::table
        .order(audit_events::seq.desc())
        .select(AuditEvent::as_select())
        .first(&mut pooled.conn)
        .expect("the newest event");
    // A copy of a genuine waiting event, as someone who saved one before it was sealed has.
    let signature = sign_pending(&Content { seq: 0, ..event.content() }).expect("the key is installed");
    diesel::insert_into(audit_pending::table)
        .values((
            audit_pending::id.eq(event.id),
            audit_pending::occurred_at.eq(event.occurred_at),
            audit_pending::actor_id.eq(event.actor_id),
            audit_pending::actor_role.eq(&event.actor_role),
            audit_pending::action.eq(&event.action),
            audit_pending::entity_type.eq(&event.entity_type),
            audit_pending::entity_id.eq(event.entity_id),
            audit_pending::project_id.eq(event.project_id),
            audit_pending::request_id.eq(&event.request_id),
            audit_pending::ip.eq(&event.ip),
            audit_pending::user_agent.eq(&event.user_agent),
            audit_pending::changes.eq(&event.changes),
            audit_pending::signature.eq(&signature),
        ))
        .execute(&mut pooled.conn)
        .expect("replayed");
    drop(pooled);

    let body = verify(&site).await;

    assert_eq!((body["ok"].as_bool(), body["checked"].as_i64()), (Some(true), checked), "{body:?}");
    assert_eq!(waiting(&site), 0, "the replay was removed");
}

#[tokio::test]
async fn the_server_seals_recorded_events_without_anyone_reading_the_trail() {
    let site = site().await;
    let before: i64 = audit_events::table.count().get_result(&mut site.app.db().conn).expect("count");

    site.lead(&site.wang, "王女士", "13800138000").await;

    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let recorded: i64 = audit_events::table.count().get_result(&mut site.app.db().conn).expect("count");
        if recorded > before && waiting(&site) == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the sealer left {} event(s) waiting", waiting(&site));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_guards_look_events_up_by_their_index_however_small_the_trail_was() {
    let site = site().await;
    let mut pooled = site.app.sealed_db();
    let anchang::db::AnyConnection::Pg(pg) = &mut pooled.conn else {
        return; // SQLite: writers chain their own events, and its triggers keep no plans
    };
    // A trail of a few events, analysed as autovacuum does on a fresh deployment: a guard's
    // lookup planned now (a sequential scan is the cheapest way through one page) and kept
    // for the connection's life would scan the whole trail for every event as it grows.
    // Seal one event and move the head as the sealer does, and count the scans.
    diesel::sql_query("ANALYZE audit_events").execute(pg).expect("statistics of the small trail");
    // In one transaction, rolled back. The backend's counts since its last report include
    // earlier work on this pooled connection; none is reported inside a transaction, so the
    // difference across these statements is theirs alone.
    let scans = pg.test_transaction::<_, diesel::result::Error, _>(|pg| {
        let before = scans_of_the_trail(pg)?;
        for sql in [
            format!(
                "INSERT INTO audit_pending (id, occurred_at, action, entity_type, changes, signature) \
                 VALUES ('{FORGED_ID}', now(), 'lead.delete', 'lead', '{{}}', 'x')"
            ),
            format!(
                "INSERT INTO audit_events (seq, id, occurred_at, action, entity_type, changes, hash) \
                 VALUES (1000000, '{FORGED_ID}', now(), 'lead.delete', 'lead', '{{}}', 'h')"
            ),
            format!("DELETE FROM audit_pending WHERE id = '{FORGED_ID}'"),
            "UPDATE audit_chain SET last_seq = 1000000, last_hash = 'h' WHERE id = 1".to_owned(),
        ] {
            diesel::sql_query(sql).execute(pg)?;
        }
        let after = scans_of_the_trail(pg)?;
        Ok((after.0 - before.0, after.1 - before.1))
    });
    assert_eq!(scans.0, 0, "no sequential scan of the trail: {scans:?}");
    assert!(scans.1 >= 2, "the event found by its id, the head's event by its seq: {scans:?}");
}

/// Sequential and index scans of this test's `audit_events` that this backend has not yet
/// reported, the current transaction's included.
fn scans_of_the_trail(pg: &mut diesel::PgConnection) -> QueryResult<(i64, i64)> {
    diesel::select((
        diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = 'audit_events'::regclass)",
        ),
        diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT idx_scan FROM pg_stat_xact_user_tables WHERE relid = 'audit_events'::regclass)",
        ),
    ))
    .get_result(pg)
}
