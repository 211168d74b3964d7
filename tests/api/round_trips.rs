//! Round trips per request: with `ANCHANG_SERVER_TIMING=true` every response says how many
//! statements it sent, and the hot reads are held to theirs. The session check costs at
//! most one statement of its own; on the lead page it costs none.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{site_with, Reply, Site};

/// The statements a response reports.
fn statements(reply: &Reply) -> u32 {
    let timing = reply.header("server-timing").unwrap_or_else(|| panic!("no Server-Timing: {:?}", reply.headers));
    timing
        .strip_prefix("db;desc=\"")
        .and_then(|rest| rest.strip_suffix(" statements\""))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected Server-Timing {timing:?}"))
}

async fn timed_site() -> Site {
    site_with(&[("ANCHANG_SERVER_TIMING", "true")]).await
}

#[tokio::test]
async fn the_lead_page_is_one_statement_for_salespeople_and_managers() {
    let site = timed_site().await;
    for n in 0..3 {
        site.lead(&site.wang, &format!("客户{n}"), &format!("1380013800{n}")).await;
    }

    let own = site.app.get("/leads?limit=2", &site.wang).await;
    let next = site
        .app
        .get(&format!("/leads?limit=2&cursor={}", own.body["next_cursor"].as_str().unwrap_or("")), &site.wang)
        .await;
    let managed = site.app.get("/leads?q=客户&sort=last_interaction_at", &site.manager).await;
    let empty = site.app.get("/leads", &site.li).await;

    assert_eq!((own.status, statements(&own)), (StatusCode::OK, 1), "session, scope, page and owner names");
    assert_eq!((next.status, statements(&next)), (StatusCode::OK, 1), "the next page too");
    assert_eq!((managed.status, statements(&managed)), (StatusCode::OK, 1), "a manager's filtered page");
    assert_eq!(own.body["items"][0]["owner_display_name"], "wang.li", "names come with the page");
    assert_eq!(statements(&empty), 3, "an empty page: the page, the session on its own, the page again");
}

#[tokio::test]
async fn other_reads_pay_one_statement_for_the_session() {
    let site = timed_site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    site.app
        .post(&format!("/leads/{lead}/follow-ups"), &site.wang, json!({"channel": "phone", "content": "约周六看房"}))
        .await;

    let me = site.app.get("/me", &site.wang).await;
    let one = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    let timeline = site.app.get(&format!("/leads/{lead}/follow-ups"), &site.wang).await;

    // Each count is the session plus the endpoint's own reads; a new statement on one of
    // these paths must be a decision, so the numbers are exact.
    assert_eq!((me.status, statements(&me)), (StatusCode::OK, 4), "session, account, memberships, projects");
    assert_eq!((one.status, statements(&one)), (StatusCode::OK, 3), "session, lead within its data scope, owner name");
    assert_eq!(
        (timeline.status, statements(&timeline)),
        (StatusCode::OK, 4),
        "session, lead within its data scope, follow-ups, author names"
    );
}

#[tokio::test]
async fn without_the_setting_no_response_says_what_it_cost() {
    let site = crate::helpers::site().await;
    let page = site.app.get("/leads", &site.wang).await;
    assert_eq!((page.status, page.header("server-timing")), (StatusCode::OK, None));
}

#[tokio::test]
async fn recording_a_follow_up_sends_only_what_the_write_needs() {
    let site = timed_site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;

    let recorded = site
        .app
        .post(
            &format!("/leads/{lead}/follow-ups"),
            &site.wang,
            crate::follow_ups::contact("phone", "salesperson", json!({})),
        )
        .await;

    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    // BEGIN; the lead locked and read within the data scope, with the session check, the
    // author's name and the project's cadence, protection and grading rules (one `SELECT …
    // FOR UPDATE` on PostgreSQL; on SQLite the transaction holds the write lock); the follow-up;
    // the lead's activity (answering its new version); regrading (the lead's facts with its
    // grade row and both counts; the grade); the audit event (waiting, on PostgreSQL;
    // chained at once on SQLite: head, event, head); COMMIT.
    // A first contact also moves the lead (new → contacted): its status move is kept, one
    // INSERT more; a later contact moves nothing.
    let on_sqlite = matches!(site.app.db().conn, anchang::db::AnyConnection::Sqlite(_));
    assert_eq!(statements(&recorded), if on_sqlite { 11 } else { 9 }, "with the status move");
    assert_eq!(recorded.body["author_display_name"], "wang.li", "the name as the lock read it");
    let again = site
        .app
        .post(
            &format!("/leads/{lead}/follow-ups"),
            &site.wang,
            crate::follow_ups::contact("phone", "salesperson", json!({})),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{:?}", again.body);
    assert_eq!(statements(&again), if on_sqlite { 10 } else { 8 }, "no move, no status row");
}

#[tokio::test]
async fn an_opening_refusal_is_answered_from_what_was_read() {
    let site = timed_site().await;
    let units = site.units().await;
    let opening = json!({"state": "open", "mode": "free", "max_units_per_lead": 1, "requires_subscription": false, "called_up_to": 0});
    let opened = site
        .app
        .call(reqwest::Method::PUT, &format!("/projects/{}/opening", site.project), Some(&site.manager), Some(opening))
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{:?}", opened.body);
    let (first, second) =
        (site.lead(&site.wang, "王女士", "13800138000").await, site.lead(&site.wang, "李先生", "13900139000").await);
    let reserve = |unit: &str, lead: uuid::Uuid| {
        let path = format!("/units/{}/reservations", units[unit]);
        let site = &site;
        async move { site.app.post(&path, &site.wang, json!({"lead_id": lead})).await }
    };

    let won = reserve("1201", first).await;
    let taken = reserve("1201", second).await;
    let over_limit = reserve("1202", first).await;

    assert_eq!(won.status, StatusCode::CREATED, "{:?}", won.body);
    assert_eq!((taken.status, taken.code()), (StatusCode::CONFLICT, "unit.not_available"));
    assert_eq!((over_limit.status, over_limit.code()), (StatusCode::CONFLICT, "lead.reservation_limit"));
    // Session; the unit within the caller's projects; the lead within their data scope; the
    // opening's settings; the lead's standing (queue number and units held) — and no
    // transaction.
    assert_eq!(statements(&taken), statements(&over_limit));
    assert_eq!(statements(&taken), 5, "refused from what was read");
    assert_eq!(statements(&won), 19, "those five, then the transaction that decides (with the lead's status move)");
}
