//! The verdicts (判客): new, returning, pool and reported, each decided from the database;
//! masked-phone arrivals; an expired report that never wins; referrals; and the visit
//! counted once as the lead's follow-up.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use super::receiver;
use crate::helpers::{items, site, Site};

fn lead_path(id: uuid::Uuid) -> String {
    format!("/leads/{id}")
}

#[tokio::test]
async fn a_new_visitor_becomes_a_lead_of_the_next_on_duty_who_goes_to_the_end() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.wang, &site.li]).await;

    let nameless = site.visit(&desk, json!({"phone": "13912346001", "came_with": "walk_in"})).await;
    let visit = site
        .visit(&desk, json!({"phone": "139 1234 6001", "name": "赵先生", "party_size": 2, "came_with": "walk_in"}))
        .await;
    let next = site.next_in_rotation().await;

    assert_eq!(nameless.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", nameless.body);
    assert_eq!(nameless.body["errors"][0]["field"], "name");
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    assert_eq!((visit.body["verdict"].as_str(), visit.body["first_visit"].as_bool()), (Some("new"), Some(true)));
    assert_eq!(receiver(&visit), json!(site.wang_id));
    assert_eq!(visit.body["assigned_to"]["display_name"], "wang.li");
    assert_eq!(visit.body["phone"], "139****6001", "the register shows masked phones");
    assert_eq!(next, json!(site.li_id), "the receiver went to the end of the queue");
    let lead = site.app.get(&lead_path(visit.id("lead_id")), &site.wang).await;
    assert_eq!(lead.status, StatusCode::OK, "{:?}", lead.body);
    assert_eq!(
        (lead.body["owner_id"].clone(), lead.body["visit_count"].clone(), lead.body["status"].clone()),
        (json!(site.wang_id), json!(1), json!("visited")),
        "the visit counts once, as the lead's visit follow-up"
    );
    assert_eq!(lead.body["source_channel"], "walk_in");
    let follow_ups = site.app.get(&format!("/leads/{}/follow-ups", visit.id("lead_id")), &site.wang).await;
    assert_eq!(follow_ups.body["items"].as_array().map(Vec::len), Some(1), "{:?}", follow_ups.body);
    assert_eq!(follow_ups.body["items"][0]["channel"], "visit");
    assert_eq!(
        follow_ups.body["items"][0]["author_id"],
        json!(site.wang_id),
        "the receiver's follow-up, not the desk's"
    );
    let desk_reads_lead = site.app.get(&lead_path(visit.id("lead_id")), &desk).await;
    assert_eq!(desk_reads_lead.status, StatusCode::FORBIDDEN, "the desk sees no lead profile");
    let actions = site.app.audit_actions();
    for action in ["visit.register", "lead.create", "follow_up.create"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn a_protected_lead_goes_to_its_owner_as_a_return_visit_taking_no_turn() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    let lead = site.lead(&site.li, "钱女士", "13800138001").await;
    site.on_duty(&[&site.wang, &site.li]).await;

    let first = site.visit(&desk, json!({"phone": "13800138001", "came_with": "appointment"})).await;
    let second = site.visit(&desk, json!({"phone": "13800138001", "came_with": "walk_in"})).await;
    let next = site.next_in_rotation().await;

    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!((first.body["verdict"].as_str(), receiver(&first)), (Some("returning"), json!(site.li_id)));
    assert_eq!(first.body["lead_id"], json!(lead));
    assert_eq!((second.status, second.body["verdict"].as_str()), (StatusCode::CREATED, Some("returning")));
    assert_eq!((first.body["first_visit"].as_bool(), second.body["first_visit"].as_bool()), (Some(true), Some(false)));
    assert_eq!(next, json!(site.wang_id), "a return visit consumes no turn");
    let seen = site.app.get(&lead_path(lead), &site.li).await;
    assert_eq!(seen.body["visit_count"], 2);
}

#[tokio::test]
async fn a_lapsed_lead_goes_through_the_rotation_as_a_change_of_owner() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    let lead = site.lead(&site.li, "孙先生", "13800138002").await;
    let other = site.lead(&site.li, "周女士", "13800138003").await;
    site.lapse(lead);
    site.lapse(other);
    site.on_duty(&[&site.wang]).await;

    let visit = site.visit(&desk, json!({"phone": "13800138002", "came_with": "walk_in"})).await;
    // A salesperson registering a lapsed lead does not keep it: the rotation decides.
    let by_li = site.visit(&site.li, json!({"phone": "13800138003", "came_with": "walk_in"})).await;
    assert_eq!(by_li.body["verdict"], "pool", "{:?}", by_li.body);
    assert_eq!(receiver(&by_li), json!(site.wang_id), "the next on duty, not the registrant");

    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    assert_eq!((visit.body["verdict"].as_str(), receiver(&visit)), (Some("pool"), json!(site.wang_id)));
    let seen = site.app.get(&lead_path(lead), &site.wang).await;
    assert_eq!(seen.body["owner_id"], json!(site.wang_id), "{:?}", seen.body);
    assert_eq!(site.app.get(&lead_path(lead), &site.li).await.status, StatusCode::NOT_FOUND);
    assert!(site.app.audit_actions().iter().any(|a| a == "lead.assign"));
}

/// A site with a channel serving the project and one of its agents.
async fn channel_site() -> (Site, String, uuid::Uuid) {
    let site = site().await;
    let channel = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.agent", channel).await;
    (site, agent, channel)
}

#[tokio::test]
async fn a_reported_buyer_is_the_channels_and_the_report_arrives() {
    let (site, agent, channel) = channel_site().await;
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.li, &site.wang]).await;
    let report = site.report(&agent, "赵先生", "13912346001").await;
    assert_eq!(report.status, StatusCode::CREATED, "{:?}", report.body);

    let visit = site.visit(&desk, json!({"phone": "13912346001", "came_with": "channel_report"})).await;

    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    assert_eq!((visit.body["verdict"].as_str(), receiver(&visit)), (Some("reported"), json!(site.li_id)));
    assert_eq!(visit.body["report_id"], report.body["id"]);
    assert_eq!(visit.body["name"], "赵先生", "the name comes from the report");
    let lead = site.app.get(&lead_path(visit.id("lead_id")), &site.li).await;
    assert_eq!(
        (lead.body["source_channel"].clone(), lead.body["channel_id"].clone(), lead.body["report_id"].clone()),
        (json!("broker"), json!(channel), report.body["id"].clone())
    );
    assert!(lead.body["channel_protected_until"].is_string(), "{:?}", lead.body);
    let seen_by_agent = site.app.get(&format!("/channel-reports/{}", report.id("id")), &agent).await;
    assert_eq!(seen_by_agent.body["status"], "arrived");
    assert!(seen_by_agent.body["arrived_at"].is_string());

    // Weeks later the owner's protection lapsed and the visit is out of the prior-visit
    // window, but the channel's protection holds: another report is refused.
    site.lapse(visit.id("lead_id"));
    {
        use anchang::schema::follow_ups;
        let long_ago = anchang::db::now() - chrono::Duration::days(40);
        diesel::update(follow_ups::table.filter(follow_ups::lead_id.eq(anchang::db::Id(visit.id("lead_id")))))
            .set(follow_ups::happened_at.eq(long_ago))
            .execute(&mut site.app.db().conn)
            .expect("the visit moved back");
    }
    let (_, other_agent) = site.agent(&site.manager, "liu.agent", channel).await;
    let poach = site.report(&other_agent, "赵", "13912346001").await;
    assert_eq!((poach.status, poach.body["code"].as_str()), (StatusCode::CONFLICT, Some("report.already_customer")));
    let actions = site.app.audit_actions();
    for action in ["report.arrive", "lead.attribute"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn in_masked_mode_an_arrival_matches_by_three_and_four_digits() {
    let (site, agent, _) = channel_site().await;
    let (_, desk) = site.desk().await;
    site.set_rules(json!({"report_phone_mode": "masked"})).await;
    site.on_duty(&[&site.wang]).await;
    let report = site.report(&agent, "赵先生", "139****6001").await;
    assert_eq!(report.status, StatusCode::CREATED, "{:?}", report.body);

    let other_number = site.visit(&desk, json!({"phone": "13812346001", "name": "甲", "came_with": "walk_in"})).await;
    let visit = site.visit(&desk, json!({"phone": "13955556001", "came_with": "channel_report"})).await;

    assert_eq!(other_number.body["verdict"], "new", "{:?}", other_number.body);
    assert_eq!(visit.body["verdict"], "reported", "{:?}", visit.body);
    assert_eq!(visit.body["report_id"], report.body["id"]);
}

#[tokio::test]
async fn an_expired_report_never_wins_and_a_visit_before_a_report_refuses_it() {
    let (site, agent, _) = channel_site().await;
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.wang]).await;
    let report = site.report(&agent, "赵先生", "13912346001").await;
    site.app.lapse_report(report.id("id"));

    let visit =
        site.visit(&desk, json!({"phone": "13912346001", "name": "赵先生", "came_with": "channel_report"})).await;
    let late_report = site.report(&agent, "赵先生", "13912346001").await;

    assert_eq!(visit.body["verdict"], "new", "{:?}", visit.body);
    assert_eq!(visit.body["report_id"], json!(null));
    let lead = site.app.get(&lead_path(visit.id("lead_id")), &site.wang).await;
    assert_eq!(lead.body["source_channel"], "walk_in", "no channel claims a buyer it did not bring in time");
    assert_eq!(
        (late_report.status, late_report.body["code"].as_str()),
        (StatusCode::CONFLICT, Some("report.prior_visit")),
        "the customer visited before this report: the classic 截客"
    );
}

#[tokio::test]
async fn a_referral_names_a_signed_buyer_of_the_project() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    site.on_duty(&[&site.wang]).await;
    let buyer = site.lead(&site.li, "老业主", "13800138005").await;
    let not_yet = site
        .visit(
            &desk,
            json!({"phone": "13900001111", "name": "新朋友", "came_with": "referral", "referrer_phone": "13800138005"}),
        )
        .await;
    {
        use anchang::schema::leads;
        diesel::update(leads::table.filter(leads::id.eq(anchang::db::Id(buyer))))
            .set(leads::status.eq("signed"))
            .execute(&mut site.app.db().conn)
            .expect("the buyer signed");
    }
    let missing = site.visit(&desk, json!({"phone": "13900001111", "name": "新朋友", "came_with": "referral"})).await;
    let referred = site
        .visit(
            &desk,
            json!({"phone": "13900001111", "name": "新朋友", "came_with": "referral", "referrer_phone": "13800138005"}),
        )
        .await;

    assert_eq!(not_yet.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", not_yet.body);
    assert_eq!(not_yet.body["errors"][0]["field"], "referrer_phone");
    assert_eq!(missing.body["errors"][0]["field"], "referrer_phone", "{:?}", missing.body);
    assert_eq!(referred.status, StatusCode::CREATED, "{:?}", referred.body);
    assert_eq!(referred.body["referrer_lead_id"], json!(buyer));
    let lead = site.app.get(&lead_path(referred.id("lead_id")), &site.wang).await;
    assert_eq!(
        (lead.body["source_channel"].clone(), lead.body["referrer_lead_id"].clone()),
        (json!("referral"), json!(buyer))
    );
    let referrals = format!("/leads/{buyer}/referrals");
    let by_buyers_owner = site.app.get(&referrals, &site.li).await;
    let by_wang = site.app.get(&referrals, &site.wang).await;
    let by_desk = site.app.get(&referrals, &desk).await;
    assert_eq!(by_buyers_owner.status, StatusCode::OK, "{:?}", by_buyers_owner.body);
    assert_eq!(items(&by_buyers_owner).len(), 1, "{:?}", by_buyers_owner.body);
    let referral = &items(&by_buyers_owner)[0];
    assert_eq!(
        (referral["lead_id"].clone(), referral["phone"].clone(), referral["owner_display_name"].clone()),
        (referred.body["lead_id"].clone(), json!("139****1111"), json!("wang.li")),
        "another salesperson's buyer: masked"
    );
    assert_eq!(by_wang.status, StatusCode::NOT_FOUND, "the referrer is li's lead");
    assert_eq!(by_desk.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field() {
    let site = site().await;
    let (_, desk) = site.desk().await;
    let future = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let cases = [
        (json!({"phone": "12345", "name": "甲", "came_with": "walk_in"}), "phone"),
        (json!({"phone": "13912346001", "name": "  ", "came_with": "walk_in"}), "name"),
        (json!({"phone": "13912346001", "name": "甲", "came_with": "walk_in", "arrived_at": future}), "arrived_at"),
        (
            json!({"phone": "13912346001", "name": "甲", "came_with": "walk_in", "report_id": uuid::Uuid::now_v7()}),
            "report_id",
        ),
        (json!({"phone": "13912346001", "name": "甲", "came_with": "walk_in", "party_size": 0}), "party_size"),
    ];
    for (body, field) in cases {
        let reply = site.visit(&desk, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {:?}", reply.body);
        assert_eq!(reply.body["errors"][0]["field"], field, "{body}: {:?}", reply.body);
    }
}
