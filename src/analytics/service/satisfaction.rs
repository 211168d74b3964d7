//! `GET /projects/{id}/analytics/satisfaction`: NPS, response rate and average ratings of
//! the survey invitations sent in a range, by touchpoint and by salesperson.

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::{month_to_date, reads_whole_project, share, ReportDays};
use crate::aftersales::model::surveys::{self, Invitation, TemplateRow};
use crate::aftersales::surveys::Nps;
use crate::aftersales::QuestionKind;
use crate::analytics::dto::{
    RatingAverage, SatisfactionFigures, SatisfactionQuery, SatisfactionReport, SatisfactionRow,
};
use crate::auth::model::display_names;
use crate::auth::Actor;
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult};

/// Which question keys are ratings, per template.
type RatingKeys = HashMap<Id, Vec<String>>;

fn figures(invitations: &[&Invitation], ratings: &RatingKeys) -> SatisfactionFigures {
    let answered: Vec<&&Invitation> = invitations.iter().filter(|i| i.answered_at.is_some()).collect();
    let nps = Nps::of(answered.iter().filter_map(|i| i.nps));
    let mut sums: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for invitation in &answered {
        let Some(answers) =
            invitation.answers.as_deref().and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok())
        else {
            continue;
        };
        for key in ratings.get(&invitation.template_id).into_iter().flatten() {
            if let Some(score) = answers[key.as_str()].as_i64() {
                let entry = sums.entry(key.clone()).or_default();
                *entry = (entry.0 + score, entry.1 + 1);
            }
        }
    }
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    SatisfactionFigures {
        invitations: count(invitations.len()),
        responses: count(answered.len()),
        response_rate: share(count(answered.len()), count(invitations.len())),
        promoters: nps.promoters,
        passives: nps.passives,
        detractors: nps.detractors,
        nps: nps.score(),
        ratings: sums
            .into_iter()
            .map(|(key, (sum, answers))| RatingAverage {
                key,
                average: ((sum as f64 / answers as f64) * 100.0).round() / 100.0,
                answers,
            })
            .collect(),
    }
}

/// The rating questions of the templates these invitations were sent with (one statement).
fn rating_keys(conn: &mut Conn, invitations: &[Invitation]) -> ApiResult<RatingKeys> {
    let mut ids: Vec<Id> = invitations.iter().map(|i| i.template_id).collect();
    ids.sort();
    ids.dedup();
    let mut keys = RatingKeys::new();
    for template in TemplateRow::find_many(conn, &ids)? {
        let questions = template.questions().map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
        let ratings = questions.into_iter().filter(|q| q.kind == QuestionKind::Rating).map(|q| q.key).collect();
        keys.insert(template.id, ratings);
    }
    Ok(keys)
}

/// `GET /projects/{id}/analytics/satisfaction`: managers the project's, a salesperson their
/// own buyers'.
pub fn satisfaction(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    query: SatisfactionQuery,
) -> ApiResult<SatisfactionReport> {
    let whole = reads_whole_project(conn, actor, project_id)?;
    let project = Id(project_id);
    let ReportDays { zone, from, to, start, end } = month_to_date(conn, project, query.from, query.to)?;
    let sent = surveys::sent_between(conn, project, start, end, query.touchpoint, (!whole).then_some(Id(actor.id)))?;
    let ratings = rating_keys(conn, &sent)?;
    let mut by_touchpoint: BTreeMap<&str, Vec<&Invitation>> = BTreeMap::new();
    let mut by_owner: BTreeMap<Id, Vec<&Invitation>> = BTreeMap::new();
    for invitation in &sent {
        by_touchpoint.entry(invitation.touchpoint.as_str()).or_default().push(invitation);
        by_owner.entry(invitation.owner_id).or_default().push(invitation);
    }
    let names = display_names(conn, by_owner.keys().copied())?;
    let all: Vec<&Invitation> = sent.iter().collect();
    Ok(SatisfactionReport {
        project_id,
        from,
        to,
        time_zone: zone.name().to_owned(),
        touchpoint: query.touchpoint,
        own_only: !whole,
        total: figures(&all, &ratings),
        by_touchpoint: by_touchpoint
            .into_iter()
            .map(|(key, invitations)| SatisfactionRow {
                key: key.to_owned(),
                name: key.to_owned(),
                figures: figures(&invitations, &ratings),
            })
            .collect(),
        by_salesperson: by_owner
            .into_iter()
            .map(|(owner, invitations)| SatisfactionRow {
                key: owner.0.to_string(),
                name: names.get(&owner).cloned().unwrap_or_default(),
                figures: figures(&invitations, &ratings),
            })
            .collect(),
    })
}

/// The report as CSV: the total, then a row per touchpoint and per salesperson.
pub fn satisfaction_csv(report: &SatisfactionReport) -> ApiResult<String> {
    let total = std::iter::once(("total", "all", "", &report.total));
    let touchpoints = report.by_touchpoint.iter().map(|r| ("touchpoint", r.key.as_str(), r.name.as_str(), &r.figures));
    let people = report.by_salesperson.iter().map(|r| ("salesperson", r.key.as_str(), r.name.as_str(), &r.figures));
    let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let rows = total.chain(touchpoints).chain(people).map(|(group, key, name, f)| {
        let ratings = f.ratings.iter().map(|r| format!("{}={}", r.key, r.average)).collect::<Vec<_>>().join(";");
        vec![
            group.to_owned(),
            key.to_owned(),
            name.to_owned(),
            f.invitations.to_string(),
            f.responses.to_string(),
            cell(f.response_rate),
            f.promoters.to_string(),
            f.passives.to_string(),
            f.detractors.to_string(),
            cell(f.nps),
            ratings,
        ]
    });
    super::export::table_csv(
        &[
            "group",
            "key",
            "name",
            "invitations",
            "responses",
            "response_rate",
            "promoters",
            "passives",
            "detractors",
            "nps",
            "ratings",
        ],
        rows,
    )
}
