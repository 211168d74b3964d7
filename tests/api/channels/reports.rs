//! Channel reports (报备): what stands, what is refused and why, one winner between two
//! agents, expiry, masked phones, and who sees which report.

use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{items, site, Site};

/// The site with two channels of its project, an agent each: (site, 链家's agent, 我爱我家's agent).
async fn reporting_site() -> (Site, String, String) {
    let site = site().await;
    let lianjia = site.channel(&site.manager, "链家", &[site.project]).await;
    let woai = site.channel(&site.manager, "我爱我家", &[site.project]).await;
    let (_, zhang) = site.agent(&site.manager, "zhang.jj", lianjia).await;
    let (_, liu) = site.agent(&site.manager, "liu.jj", woai).await;
    (site, zhang, liu)
}

#[tokio::test]
async fn a_report_stands_for_the_projects_period_and_a_second_for_the_same_customer_is_refused() {
    let (site, zhang, liu) = reporting_site().await;
    let filed = site.report(&zhang, " 赵先生 ", "139 1234 6001").await;
    let again = site.report(&liu, "赵总", "+86 13912346001").await;
    let other = site.report(&liu, "钱女士", "13700137000").await;

    assert_eq!(filed.status, StatusCode::CREATED, "{:?}", filed.body);
    let id = filed.id("id");
    assert_eq!(filed.header("location"), Some(format!("/api/v1/channel-reports/{id}").as_str()));
    assert_eq!((filed.body["status"].clone(), filed.body["customer_name"].clone()), (json!("valid"), json!("赵先生")));
    assert_eq!(filed.body["phone"], "13912346001");
    let valid_until: chrono::DateTime<chrono::Utc> =
        filed.body["valid_until"].as_str().and_then(|t| t.parse().ok()).expect("a time");
    assert_eq!((valid_until - chrono::Utc::now()).num_hours(), 7 * 24 - 1, "report_valid_days: 7 by default");
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "report.already_reported"));
    assert_eq!(other.status, StatusCode::CREATED);
    // The refusal says nothing about the customer, and is kept for the agent to see.
    let refused_id = again.id("report_id");
    let kept = site.app.get(&format!("/channel-reports/{refused_id}"), &liu).await;
    assert_eq!(
        (kept.body["status"].clone(), kept.body["rejection_code"].clone()),
        (json!("rejected"), json!("report.already_reported"))
    );
    assert!(again.body.get("customer_name").is_none() && again.body.get("agent_id").is_none(), "{:?}", again.body);
    assert_eq!(site.app.audit_actions().iter().filter(|a| *a == "report.file").count(), 3);
}

#[tokio::test]
async fn a_customer_who_visited_or_is_a_salespersons_is_refused_and_a_lapsed_lead_is_not() {
    let (site, zhang, _) = reporting_site().await;
    let visited = site.lead(&site.wang, "孙先生", "13800138001").await;
    let follow_up = site
        .app
        .post(
            &format!("/leads/{visited}/follow-ups"),
            &site.wang,
            json!({"channel": "visit", "purpose": "push_progress", "content": "到访看样板间",
                   "happened_at": chrono::Utc::now() - chrono::Duration::hours(2), "initiated_by": "customer"}),
        )
        .await;
    assert_eq!(follow_up.status, StatusCode::CREATED, "{:?}", follow_up.body);
    site.lead(&site.li, "周女士", "13800138002").await;
    let lapsed = site.lead(&site.li, "吴先生", "13800138003").await;
    site.lapse(lapsed);

    let after_visit = site.report(&zhang, "孙", "13800138001").await;
    let protected = site.report(&zhang, "周", "13800138002").await;
    let pool = site.report(&zhang, "吴", "13800138003").await;
    let bad_phone = site.report(&zhang, "郑", "1380013800").await;

    assert_eq!((after_visit.status, after_visit.code()), (StatusCode::CONFLICT, "report.prior_visit"));
    assert_eq!((protected.status, protected.code()), (StatusCode::CONFLICT, "report.already_customer"));
    assert_eq!(pool.status, StatusCode::CREATED, "a lead whose protection lapsed may be reported: {:?}", pool.body);
    assert_eq!((bad_phone.status, bad_phone.code()), (StatusCode::UNPROCESSABLE_ENTITY, "lead.invalid_phone"));
    let history = site.app.get("/channel-reports?status=rejected", &zhang).await;
    assert_eq!(items(&history).len(), 2, "refusals are kept as rejected reports");
}

#[tokio::test]
async fn two_agents_reporting_one_phone_at_once_get_one_valid_report() {
    let (site, zhang, liu) = reporting_site().await;
    for round in 0..3 {
        let phone = format!("1390000{round:04}");
        let replies = join_all([&zhang, &liu, &zhang, &liu].map(|agent| site.report(agent, "同一人", &phone))).await;
        let won = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
        let lost: Vec<_> =
            replies.iter().filter(|r| r.status == StatusCode::CONFLICT).map(|r| r.code().to_owned()).collect();
        assert_eq!(
            won,
            1,
            "round {round}: {:?}",
            replies.iter().map(|r| (r.status, r.body.clone())).collect::<Vec<_>>()
        );
        assert_eq!(lost, vec!["report.already_reported"; 3], "round {round}");
    }
    let valid =
        site.app.get(&format!("/channel-reports?project_id={}&status=valid", site.project), &site.manager).await;
    assert_eq!(items(&valid).len(), 3);
}

#[tokio::test]
async fn an_expired_report_reads_expired_wins_nothing_and_frees_the_customer() {
    let (site, zhang, liu) = reporting_site().await;
    let first = site.report(&zhang, "赵先生", "13912346001").await.id("id");
    site.app.lapse_report(first);

    let read = site.app.get(&format!("/channel-reports/{first}"), &zhang).await;
    let expired = site.app.get("/channel-reports?status=expired", &zhang).await;
    let valid = site.app.get("/channel-reports?status=valid", &zhang).await;
    let second = site.report(&liu, "赵先生", "13912346001").await;

    assert_eq!(read.body["status"], "expired");
    assert_eq!(items(&expired).len(), 1);
    assert!(items(&valid).is_empty());
    assert_eq!(second.status, StatusCode::CREATED, "the lapsed report no longer holds the phone: {:?}", second.body);
    assert_eq!(site.app.get(&format!("/channel-reports/{first}"), &zhang).await.body["status"], "expired");
}

#[tokio::test]
async fn in_masked_mode_reports_carry_three_and_four_digits_and_match_by_them() {
    let (site, zhang, liu) = reporting_site().await;
    let mode = site
        .app
        .call(
            Method::PUT,
            &format!("/projects/{}/protection-rules", site.project),
            Some(&site.manager),
            Some(json!({"report_phone_mode": "masked"})),
        )
        .await;
    assert_eq!(mode.status, StatusCode::OK, "{:?}", mode.body);
    site.lead(&site.wang, "李先生", "13800138009").await;

    let masked = site.report(&zhang, "赵先生", "139****6001").await;
    let whole_number = site.report(&liu, "赵", "13955556001").await;
    let too_short = site.report(&liu, "钱", "139***6001").await;
    let held_lead = site.report(&liu, "李", "138****8009").await;
    let seen_by_manager = site.app.get(&format!("/channel-reports/{}", masked.id("id")), &site.manager).await;

    assert_eq!(masked.status, StatusCode::CREATED, "{:?}", masked.body);
    assert_eq!(
        (masked.body["phone"].clone(), masked.body["phone_mode"].clone()),
        (json!("139****6001"), json!("masked"))
    );
    assert_eq!(
        (whole_number.status, whole_number.code()),
        (StatusCode::CONFLICT, "report.already_reported"),
        "same 3 + 4 digits"
    );
    assert_eq!((too_short.status, too_short.code()), (StatusCode::UNPROCESSABLE_ENTITY, "lead.invalid_phone"));
    assert_eq!((held_lead.status, held_lead.code()), (StatusCode::CONFLICT, "report.already_customer"));
    assert_eq!(seen_by_manager.body["phone"], "139****6001", "only the mask was ever stored");
}

#[tokio::test]
async fn each_reader_sees_the_reports_they_should_and_phones_as_they_may() {
    let (site, zhang, liu) = reporting_site().await;
    let (_, desk) = site.app.sign_in_new("qian.t", "receptionist", &[site.project]).await;
    let zhangs = site.report(&zhang, "赵先生", "13912346001").await.id("id");
    site.report(&liu, "钱女士", "13700137000").await;
    let other_project = site.app.create_project(&site.admin, "西溪花园").await;
    let (_, far_manager) = site.app.sign_in_new("chen.m", "manager", &[other_project]).await;

    let own = site.app.get("/channel-reports", &zhang).await;
    let anothers = site.app.get(&format!("/channel-reports/{zhangs}"), &liu).await;
    let managers = site.app.get("/channel-reports", &site.manager).await;
    let desks = site.app.get("/channel-reports", &desk).await;
    let desk_one = site.app.get(&format!("/channel-reports/{zhangs}"), &desk).await;
    let by_sales = site.app.get("/channel-reports", &site.wang).await;
    let sales_one = site.app.get(&format!("/channel-reports/{zhangs}"), &site.wang).await;
    let far = site.app.get(&format!("/channel-reports/{zhangs}"), &far_manager).await;
    let filed_by_sales = site.report(&site.wang, "冯", "13600136000").await;
    let elsewhere = site
        .app
        .post(
            "/channel-reports",
            &zhang,
            json!({"project_id": other_project, "customer_name": "冯", "phone": "13600136000"}),
        )
        .await;

    assert_eq!(items(&own).len(), 1, "an agent sees their own");
    assert_eq!(anothers.status, StatusCode::NOT_FOUND, "another agent's report does not exist for them");
    assert_eq!(items(&managers).len(), 2);
    assert_eq!(items(&managers)[1]["phone"], "13912346001", "managers see the whole number");
    assert_eq!(items(&desks).len(), 2);
    assert_eq!(desk_one.body["phone"], "139****6001", "the desk sees the mask");
    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "report.forbidden"));
    assert_eq!(sales_one.status, StatusCode::NOT_FOUND);
    assert_eq!(far.status, StatusCode::NOT_FOUND);
    assert_eq!((filed_by_sales.status, filed_by_sales.code()), (StatusCode::FORBIDDEN, "report.agents_only"));
    assert_eq!(elsewhere.body["errors"][0]["field"], "project_id", "{:?}", elsewhere.body);
}

#[tokio::test]
async fn a_suspended_channel_files_nothing_new() {
    let (site, zhang, _) = reporting_site().await;
    let channel = items(&site.app.get("/channels?q=链家", &site.manager).await)[0]["id"]
        .as_str()
        .map(str::to_owned)
        .expect("an id");
    let suspended = site
        .app
        .patch(&format!("/channels/{channel}"), &site.manager, json!({"version": 1, "status": "suspended"}))
        .await;
    assert_eq!(suspended.status, StatusCode::OK);
    let refused = site.report(&zhang, "赵先生", "13912346001").await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "report.channel_suspended"));
}

#[tokio::test]
async fn the_desk_lists_who_is_expected_on_a_day_of_the_project() {
    let (site, zhang, liu) = reporting_site().await;
    let (_, desk) = site.app.sign_in_new("qian.t", "receptionist", &[site.project]).await;
    // A day a week ahead (a visit must not be expected in the past): 10:00 and 23:30 in
    // Shanghai that day; 00:30 in Shanghai is already the next day.
    let day = (chrono::Utc::now() + chrono::Duration::days(7)).date_naive();
    for (agent, phone, at) in [
        (&zhang, "13912346001", format!("{day}T02:00:00Z")),
        (&liu, "13912346002", format!("{day}T15:30:00Z")),
        (&zhang, "13912346003", format!("{day}T16:30:00Z")),
    ] {
        let body =
            json!({"project_id": site.project, "customer_name": "客户", "phone": phone, "expected_visit_at": at});
        assert_eq!(site.app.post("/channel-reports", agent, body).await.status, StatusCode::CREATED);
    }
    let on_the_day = format!("/channel-reports?project_id={}&expected_on={day}", site.project);
    let day = site.app.get(&on_the_day, &desk).await;
    let without_project = site.app.get("/channel-reports?expected_on=2026-12-05", &desk).await;

    let phones: Vec<&str> = items(&day).iter().filter_map(|r| r["phone"].as_str()).collect();
    assert_eq!(phones, vec!["139****6002", "139****6001"], "newest first, masked for the desk");
    assert_eq!(without_project.body["errors"][0]["field"], "expected_on");
}
