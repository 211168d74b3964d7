//! Who receives a visitor when the rotation cannot say (nobody on duty, rotation off), a
//! manager's assignment, concurrent walk-ins through the rotation, the register's readers
//! and a manager's same-day correction.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;
use std::collections::HashSet;

use super::receiver;
use crate::helpers::{items, site};

#[tokio::test]
async fn with_nobody_on_duty_a_visit_waits_for_a_manager_to_assign_it() {
    let site = site().await;
    let (_, desk) = site.desk().await;

    let waiting = site.visit(&desk, json!({"phone": "13912346001", "name": "赵先生", "came_with": "walk_in"})).await;
    let path = format!("/visits/{}/assign", waiting.id("id"));
    let by_sales = site.app.post(&path, &site.wang, json!({"user_id": site.wang_id})).await;
    let by_desk = site.app.post(&path, &desk, json!({"user_id": site.wang_id})).await;
    let (desk_id, _) = (site.app.get("/me", &desk).await.id("id"), ());
    let to_the_desk = site.app.post(&path, &site.manager, json!({"user_id": desk_id})).await;
    let unassigned = site.app.get(&format!("/projects/{}/visits?assigned=false", site.project), &site.manager).await;
    let assigned = site.app.post(&path, &site.manager, json!({"user_id": site.li_id})).await;
    let again = site.app.post(&path, &site.manager, json!({"user_id": site.wang_id})).await;

    assert_eq!(waiting.status, StatusCode::CREATED, "{:?}", waiting.body);
    assert_eq!((waiting.body["verdict"].as_str(), receiver(&waiting)), (Some("new"), json!(null)));
    assert_eq!(waiting.body["lead_id"], json!(null), "no lead before someone receives the buyer");
    assert_eq!(by_sales.status, StatusCode::NOT_FOUND, "a visit a salesperson cannot see does not exist for them");
    assert_eq!(by_desk.status, StatusCode::FORBIDDEN);
    assert_eq!(to_the_desk.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", to_the_desk.body);
    assert_eq!(items(&unassigned).len(), 1, "{:?}", unassigned.body);
    assert_eq!(assigned.status, StatusCode::OK, "{:?}", assigned.body);
    assert_eq!(receiver(&assigned), json!(site.li_id));
    let lead = site.app.get(&format!("/leads/{}", assigned.id("lead_id")), &site.li).await;
    assert_eq!((lead.body["owner_id"].clone(), lead.body["visit_count"].clone()), (json!(site.li_id), json!(1)));
    assert_eq!((again.status, again.body["code"].as_str()), (StatusCode::CONFLICT, Some("visit.already_assigned")));
    assert!(site.app.audit_actions().iter().any(|a| a == "visit.assign"));
}

#[tokio::test]
async fn a_waiting_buyer_registered_meanwhile_goes_with_their_lead() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    let waiting = site.visit(&desk, json!({"phone": "13912346001", "name": "赵先生", "came_with": "walk_in"})).await;
    let lead = site.lead(&site.wang, "赵先生", "13912346001").await;
    let path = format!("/visits/{}/assign", waiting.id("id"));

    let to_li = site.app.post(&path, &site.manager, json!({"user_id": site.li_id})).await;
    let to_wang = site.app.post(&path, &site.manager, json!({"user_id": site.wang_id})).await;

    assert_eq!((to_li.status, to_li.body["code"].as_str()), (StatusCode::CONFLICT, Some("visit.lead_protected")));
    assert_eq!(to_wang.status, StatusCode::OK, "{:?}", to_wang.body);
    assert_eq!(to_wang.body["lead_id"], json!(lead), "no second lead for one phone");
    let seen = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    assert_eq!(seen.body["visit_count"], 1);
}

#[tokio::test]
async fn with_rotation_off_a_salesperson_keeps_their_walk_in_and_the_desk_waits() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    site.set_rules(json!({"rotation_enabled": false})).await;
    site.on_duty(&[&site.li]).await;

    let own = site.visit(&site.wang, json!({"phone": "13912346001", "name": "赵先生", "came_with": "walk_in"})).await;
    let at_desk = site.visit(&desk, json!({"phone": "13912346002", "name": "钱女士", "came_with": "walk_in"})).await;

    assert_eq!(receiver(&own), json!(site.wang_id), "{:?}", own.body);
    assert_eq!(receiver(&at_desk), json!(null), "{:?}", at_desk.body);
}

#[tokio::test]
async fn concurrent_walk_ins_get_different_salespeople_in_queue_order() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    let manager_id = site.app.get("/me", &site.manager).await.id("id");
    site.on_duty(&[&site.wang, &site.li, &site.manager]).await;

    let phones = ["13911110001", "13911110002", "13911110003"];
    let replies = join_all(
        phones
            .iter()
            .map(|phone| site.visit(&desk, json!({"phone": phone, "name": "来访客户", "came_with": "walk_in"}))),
    )
    .await;
    let twice = join_all(
        (0..2).map(|_| site.visit(&desk, json!({"phone": "13911110009", "name": "同一人", "came_with": "walk_in"}))),
    )
    .await;

    let receivers: HashSet<String> = replies.iter().map(|r| receiver(r).to_string()).collect();
    assert!(
        replies.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        replies.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    assert_eq!(
        receivers,
        [site.wang_id, site.li_id, manager_id].iter().map(|id| json!(id).to_string()).collect::<HashSet<_>>(),
        "three walk-ins, three people: nobody served twice, nobody skipped"
    );
    let rotation = site.app.get(&format!("/projects/{}/rotation", site.project), &site.manager).await;
    let served: Vec<i64> =
        rotation.body["queue"].as_array().into_iter().flatten().filter_map(|e| e["served_today"].as_i64()).collect();
    assert_eq!(served.iter().sum::<i64>(), 4, "{:?}", rotation.body);
    let verdicts: HashSet<String> =
        twice.iter().map(|r| r.body["verdict"].as_str().unwrap_or_default().to_owned()).collect();
    assert_eq!(
        verdicts,
        ["new", "returning"].map(str::to_owned).into(),
        "one phone registered twice at once: one lead"
    );
}

#[tokio::test]
async fn the_register_is_the_desks_and_managers_and_a_salespersons_own() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    let channel = site.channel(&site.manager, "链家", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.agent", channel).await;
    let (_, stranger) = site.app.sign_in_new("zhao.other", "sales", &[]).await;
    site.on_duty(&[&site.wang]).await;
    let to_wang = site.visit(&desk, json!({"phone": "13912346001", "name": "赵先生", "came_with": "walk_in"})).await;
    site.app.post(&format!("/projects/{}/rotation/check-out", site.project), &site.wang, json!({})).await;
    let waiting = site.visit(&desk, json!({"phone": "13912346002", "name": "钱女士", "came_with": "walk_in"})).await;
    let list = format!("/projects/{}/visits", site.project);

    let by_desk = site.app.get(&list, &desk).await;
    let by_wang = site.app.get(&list, &site.wang).await;
    let by_li = site.app.get(&list, &site.li).await;
    let by_agent = site.app.get(&list, &agent).await;
    let agent_visit = site.visit(&agent, json!({"phone": "13912346003", "name": "孙", "came_with": "walk_in"})).await;
    let by_stranger = site.app.get(&list, &stranger).await;
    let li_reads_wangs = site.app.get(&format!("/visits/{}", to_wang.id("id")), &site.li).await;
    let wang_reads_own = site.app.get(&format!("/visits/{}", to_wang.id("id")), &site.wang).await;
    let agent_reads = site.app.get(&format!("/visits/{}", to_wang.id("id")), &agent).await;
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).date_naive();
    let of_yesterday = site.app.get(&format!("{list}?date={yesterday}"), &site.manager).await;
    let bad_range = site.app.get(&format!("{list}?from=2026-12-01"), &site.manager).await;
    let too_long = site.app.get(&format!("{list}?from=2026-10-01&to=2026-12-01"), &site.manager).await;

    assert_eq!(items(&by_desk).len(), 2, "{:?}", by_desk.body);
    assert!(items(&by_desk).iter().all(|v| v["phone"].as_str().is_some_and(|p| p.contains("****"))));
    assert_eq!(items(&by_desk)[0]["id"], waiting.body["id"], "latest arrival first");
    assert_eq!(items(&by_wang).len(), 1, "{:?}", by_wang.body);
    assert_eq!(items(&by_li).len(), 0);
    assert_eq!(by_agent.status, StatusCode::FORBIDDEN);
    assert_eq!(
        (agent_visit.status, agent_visit.body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("visit.forbidden"))
    );
    assert_eq!(by_stranger.status, StatusCode::NOT_FOUND);
    assert_eq!(li_reads_wangs.status, StatusCode::NOT_FOUND);
    assert_eq!(wang_reads_own.status, StatusCode::OK);
    assert_eq!(agent_reads.status, StatusCode::NOT_FOUND);
    assert_eq!(items(&of_yesterday).len(), 0, "{:?}", of_yesterday.body);
    assert_eq!(bad_range.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_manager_corrects_a_visit_the_same_day_guarded_by_its_version() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    let waiting = site.visit(&desk, json!({"phone": "13912346001", "name": "赵先生", "came_with": "walk_in"})).await;
    let path = format!("/visits/{}", waiting.id("id"));

    let by_desk = site.app.patch(&path, &desk, json!({"version": 1, "party_size": 3})).await;
    let corrected = site
        .app
        .patch(&path, &site.manager, json!({"version": 1, "party_size": 3, "name": "赵总", "note": "一家三口"}))
        .await;
    let stale = site.app.patch(&path, &site.manager, json!({"version": 1, "party_size": 4})).await;

    assert_eq!(by_desk.status, StatusCode::FORBIDDEN);
    assert_eq!(corrected.status, StatusCode::OK, "{:?}", corrected.body);
    assert_eq!(
        (corrected.body["party_size"].clone(), corrected.body["name"].clone(), corrected.body["version"].clone()),
        (json!(3), json!("赵总"), json!(2))
    );
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert!(site.app.audit_actions().iter().any(|a| a == "visit.update"));

    site.on_duty(&[&site.wang]).await;
    let received = site.visit(&desk, json!({"phone": "13912346002", "name": "钱女士", "came_with": "walk_in"})).await;
    let rename = format!("/visits/{}", received.id("id"));
    let renamed = site.app.patch(&rename, &site.manager, json!({"version": 1, "name": "钱总"})).await;
    assert_eq!(renamed.status, StatusCode::UNPROCESSABLE_ENTITY, "the name is the lead's now: {:?}", renamed.body);
    {
        use anchang::schema::visits;
        use diesel::prelude::*;
        let two_days_ago = anchang::db::now() - chrono::Duration::days(2);
        diesel::update(visits::table.filter(visits::id.eq(anchang::db::Id(received.id("id")))))
            .set(visits::created_at.eq(two_days_ago))
            .execute(&mut site.app.db().conn)
            .expect("the visit moved back");
    }
    let closed = site.app.patch(&rename, &site.manager, json!({"version": 1, "party_size": 2})).await;
    assert_eq!((closed.status, closed.body["code"].as_str()), (StatusCode::CONFLICT, Some("visit.day_closed")));
}

#[tokio::test]
async fn visits_and_follow_ups_of_one_lead_at_once_all_land() {
    // On PostgreSQL the desk holds the project row while it locks the lead, and a follow-up
    // holds the lead while its insert checks the project key: the desk's lock must not
    // block that check, or the two deadlock.
    let site = site().await;
    let (_, desk) = site.desk().await;
    let lead = site.lead(&site.wang, "赵先生", "13912346001").await;
    let visits = (0..4).map(|_| site.visit(&desk, json!({"phone": "13912346001", "came_with": "walk_in"})));
    let calls =
        (0..4).map(|_| site.follow_up(&site.wang, lead, crate::follow_ups::contact("phone", "customer", json!({}))));
    let (visits, calls) = futures_util::future::join(join_all(visits), join_all(calls)).await;

    for reply in visits.iter().chain(calls.iter()) {
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    }
    let seen = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    assert_eq!((seen.body["visit_count"].clone(), seen.body["call_count"].clone()), (json!(4), json!(4)));
}
