//! The lead list: filters, orders and keyset pages that stay stable while leads are added.

use reqwest::StatusCode;
use serde_json::json;
use std::collections::HashSet;
use uuid::Uuid;

use crate::helpers::{items, names, site, LeadFacts, Reply, Site};

/// Sets columns only other flows write (grade, next follow-up) straight in the database.
fn set_grade_and_follow_up(site: &Site, lead: Uuid, grade: &str, days_ahead: Option<i64>) {
    let next = days_ahead.map(|d| anchang::db::now() + chrono::Duration::days(d));
    let facts = LeadFacts { grade: Some(Some(grade)), next_follow_up_at: Some(next), ..LeadFacts::default() };
    site.app.set_lead(lead, facts);
}

/// The names 王丽 sees with this query string.
async fn listed(site: &Site, query: &str) -> Vec<String> {
    names(&site.app.get(&format!("/leads?{query}"), &site.wang).await)
}

/// Every page of a list, following `next_cursor`; the ids in order.
async fn walk(
    site: &Site,
    query: &str,
    token: &str,
    on_each_page: impl Fn(usize) -> Option<(String, String)>,
) -> Vec<String> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for page in 0.. {
        let path = match &cursor {
            None => format!("/leads?{query}"),
            Some(c) => format!("/leads?{query}&cursor={c}"),
        };
        let reply = site.app.get(&path, token).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        seen.extend(items(&reply).iter().filter_map(|l| l["id"].as_str().map(str::to_owned)));
        if let Some((name, phone)) = on_each_page(page) {
            site.lead(token, &name, &phone).await;
        }
        cursor = reply.body["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    seen
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let site = site().await;
    let wang = site
        .register(&site.wang, "王女士", "13800138000", json!({"tags": ["多孩家庭"], "source_channel": "referral"}))
        .await
        .id("id");
    let li = site.lead(&site.wang, "李先生", "13900131234").await;
    site.lead(&site.wang, "王老先生", "13700137000").await;
    set_grade_and_follow_up(&site, wang, "A", Some(1));
    set_grade_and_follow_up(&site, li, "C", Some(10));
    let soon = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%dT%H:%M:%SZ");

    assert_eq!(listed(&site, "q=王").await, vec!["王老先生", "王女士"]);
    assert_eq!(listed(&site, "q=138%200013%208000").await, vec!["王女士"]);
    assert_eq!(listed(&site, "q=1234").await, vec!["李先生"]);
    assert_eq!(listed(&site, "tag=多孩家庭").await, vec!["王女士"]);
    assert!(listed(&site, "tag=多孩").await.is_empty(), "tags match whole");
    assert_eq!(listed(&site, "source_channel=referral").await, vec!["王女士"]);
    assert_eq!(listed(&site, "grade=C").await, vec!["李先生"]);
    assert_eq!(listed(&site, &format!("next_follow_up_before={soon}")).await, vec!["王女士"]);
    assert_eq!(listed(&site, &format!("project_id={}&status=new", site.project)).await.len(), 3);
    assert!(listed(&site, "created_to=2020-01-01T00:00:00Z").await.is_empty());
    assert_eq!(listed(&site, "created_from=2020-01-01T00:00:00Z").await.len(), 3);
    assert_eq!(listed(&site, "sort=next_follow_up_at").await, vec!["王女士", "李先生", "王老先生"], "no date last");

    let bad_sort = site.app.get("/leads?sort=name", &site.wang).await;
    let bad_cursor = site.app.get("/leads?cursor=bm90LW91cnM", &site.wang).await;
    let too_big = site.app.get("/leads?limit=101", &site.wang).await;
    for refused in [bad_sort, bad_cursor, too_big] {
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    }
}

#[tokio::test]
async fn a_name_search_finds_surnames_given_names_and_full_names_but_nothing_else() {
    let site = site().await;
    for (name, phone) in [
        ("王小明", "13800000001"),
        ("王芳", "13800000002"),
        ("李明", "13800000003"),
        ("欧阳明月", "13800000004"),
        ("O'Brien \\ Co", "13800000005"),
        ("100% 满意", "13800000006"),
    ] {
        site.lead(&site.wang, name, phone).await;
    }
    let search = |q: &str| {
        let encoded: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        let site = &site;
        async move { listed(site, &format!("q={encoded}")).await }
    };

    assert_eq!(search("王").await, vec!["王芳", "王小明"], "a surname");
    assert_eq!(search("明").await, vec!["欧阳明月", "李明", "王小明"], "one character anywhere");
    assert_eq!(search("小明").await, vec!["王小明"], "a given name");
    assert_eq!(search("王小明").await, vec!["王小明"], "the full name");
    assert_eq!(search("欧阳明月").await, vec!["欧阳明月"], "four characters");
    assert!(search("王明").await.is_empty(), "characters of a name, not in that order");
    assert!(search("明小王").await.is_empty());
    assert_eq!(search("o'b").await, vec!["O'Brien \\ Co"], "case and a quote");
    assert_eq!(search("\\ co").await, vec!["O'Brien \\ Co"], "a backslash is a character");
    assert_eq!(search("0%").await, vec!["100% 满意"], "% is a character, not a wildcard");
    assert!(search("1_0").await.is_empty(), "_ is a character, not a wildcard");
    assert!(search("'; DROP TABLE leads; --").await.is_empty());
    assert_eq!(listed(&site, "").await.len(), 6, "nothing was dropped");
}

#[tokio::test]
async fn pages_neither_repeat_nor_skip_while_leads_are_added() {
    let site = site().await;
    let mut expected = HashSet::new();
    for i in 0..7 {
        expected.insert(site.lead(&site.wang, &format!("客户{i}"), &format!("1380000000{i}")).await.to_string());
    }

    let newest_first = walk(&site, "limit=3", &site.wang, |page| {
        (page < 2).then(|| (format!("新客户{page}"), format!("1390000000{page}")))
    })
    .await;
    let by_follow_up = walk(&site, "limit=2&sort=next_follow_up_at", &site.wang, |_| None).await;

    assert_eq!(newest_first.len(), 7, "leads added meanwhile are newer than the cursor: {newest_first:?}");
    assert_eq!(newest_first.iter().cloned().collect::<HashSet<_>>(), expected);
    assert_eq!(by_follow_up.len(), 9);
    assert_eq!(by_follow_up.iter().collect::<HashSet<_>>().len(), 9, "no repeats");
}

#[tokio::test]
async fn the_page_checks_the_session_in_its_own_statement_with_leads_on_it_or_none() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    let manager_login = site.app.login("zhou.jl", crate::helpers::PASSWORD).await;
    let manager_refresh = json!({"refresh_token": manager_login.body["refresh_token"]});
    let manager = manager_login.body["access_token"].as_str().expect("token").to_owned();
    assert_eq!(names(&site.app.get("/leads", &site.wang).await), vec!["王女士"]);
    let empty = site.app.get("/leads", &site.li).await;
    assert_eq!((empty.status, items(&empty).len()), (StatusCode::OK, 0), "an empty page is still an answer");

    site.app.post(&format!("/users/{}/freeze", site.wang_id), &site.admin, json!({})).await;
    site.app.post(&format!("/users/{}/freeze", site.li_id), &site.admin, json!({})).await;
    site.app.call(reqwest::Method::POST, "/auth/logout", None, Some(manager_refresh)).await;

    for (who, token) in [("frozen, with leads", &site.wang), ("frozen, without", &site.li), ("signed out", &manager)] {
        let page = site.app.get("/leads", token).await;
        assert_eq!((page.status, page.code()), (StatusCode::UNAUTHORIZED, "auth.token_revoked"), "{who}");
    }
    assert_eq!(items(&site.app.get("/leads", &site.manager).await).len(), 1, "the manager's other session lives");
}

#[tokio::test]
async fn every_page_names_each_leads_owner() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    site.lead(&site.wang, "王先生", "13800138001").await;
    site.lead(&site.li, "李先生", "13900131234").await;
    let owners = |reply: &Reply| -> Vec<(String, String)> {
        items(reply)
            .iter()
            .map(|l| {
                (l["name"].as_str().unwrap_or("").to_owned(), l["owner_display_name"].as_str().unwrap_or("").to_owned())
            })
            .collect()
    };

    // A salesperson's pages hold their own leads only: the first page (its own statement on
    // PostgreSQL), a later one and a filtered one (the general statement) read the name once.
    let first = site.app.get("/leads?limit=1", &site.wang).await;
    let cursor = first.body["next_cursor"].as_str().unwrap_or("").to_owned();
    let next = site.app.get(&format!("/leads?limit=1&cursor={cursor}"), &site.wang).await;
    let filtered = site.app.get("/leads?q=王", &site.wang).await;
    assert_eq!(owners(&first), vec![("王先生".to_owned(), "wang.li".to_owned())]);
    assert_eq!(owners(&next), vec![("王女士".to_owned(), "wang.li".to_owned())]);
    assert_eq!(owners(&filtered).len(), 2);
    assert!(owners(&filtered).iter().all(|(_, owner)| owner == "wang.li"), "{:?}", owners(&filtered));
    assert_eq!(owners(&site.app.get("/leads", &site.li).await), vec![("李先生".to_owned(), "li.na".to_owned())]);

    // A manager's page mixes owners: each lead carries its own owner's name.
    let managed = site.app.get("/leads", &site.manager).await;
    let mut seen = owners(&managed);
    seen.sort();
    let expected = [("李先生", "li.na"), ("王先生", "wang.li"), ("王女士", "wang.li")];
    assert_eq!(seen, expected.map(|(n, o)| (n.to_owned(), o.to_owned())).to_vec());
}
