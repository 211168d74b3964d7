//! Grading a whole project: after new rules, on request, and nightly from
//! `anchang regrade` (recency decays by the day). Leads go in batches of 1,000 by id,
//! each batch in its own short transaction, so memory stays flat and writers are never
//! blocked for long.

use diesel::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

use super::{evaluate, grade_batch, Graded};
use crate::audit::Who;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::grading::dto::{Distribution, GradeMove, PreviewRequest, PreviewResult, RecomputeResult};
use crate::grading::model::{current_rules, CurrentRules, LeadFacts};
use crate::grading::GradeCause;
use crate::schema::{leads, projects};
use crate::scope;
use crate::words::Grade;

const BATCH: i64 = 1_000;

/// Calls `each` with every live lead of the project, a batch at a time.
fn for_each_batch(
    conn: &mut Conn,
    project_id: Id,
    mut each: impl FnMut(&mut Conn, &[LeadFacts]) -> ApiResult<()>,
) -> ApiResult<()> {
    db::with_custom_plans(conn, |conn| {
        let mut after: Option<Id> = None;
        loop {
            let mut query = leads::table
                .filter(leads::project_id.eq(project_id))
                .filter(leads::deleted_at.is_null())
                .order(leads::id.asc())
                .limit(BATCH)
                .select(LeadFacts::as_select())
                .into_boxed();
            if let Some(last) = after {
                query = query.filter(leads::id.gt(last));
            }
            let rows: Vec<LeadFacts> = query.load(conn)?;
            let Some(last) = rows.last().map(|r| r.id) else { return Ok(()) };
            each(conn, &rows)?;
            if (rows.len() as i64) < BATCH {
                return Ok(());
            }
            after = Some(last);
        }
    })
}

fn moves_of(counts: BTreeMap<(Option<Grade>, Grade), usize>) -> Vec<GradeMove> {
    counts.into_iter().map(|((from, to), count)| GradeMove { from, to, count }).collect()
}

fn tally(graded: &[Graded], counts: &mut BTreeMap<(Option<Grade>, Grade), usize>) -> usize {
    let mut moved = 0;
    for g in graded.iter().filter(|g| g.before != Some(g.after)) {
        *counts.entry((g.before, g.after)).or_default() += 1;
        moved += 1;
    }
    moved
}

/// Grades every live lead of a project under its current rules.
pub(crate) fn recompute_project(
    conn: &mut Conn,
    project_id: Id,
    cause: GradeCause,
    who: &Who<'_>,
) -> ApiResult<RecomputeResult> {
    let rules = current_rules(conn, project_id)?;
    recompute_under(conn, project_id, &rules, cause, who)
}

pub(crate) fn recompute_under(
    conn: &mut Conn,
    project_id: Id,
    rules: &CurrentRules,
    cause: GradeCause,
    who: &Who<'_>,
) -> ApiResult<RecomputeResult> {
    let mut result = RecomputeResult::default();
    let mut counts = BTreeMap::new();
    for_each_batch(conn, project_id, |conn, rows| {
        let now = db::now();
        let graded = db::transaction(conn, |conn| grade_batch(conn, rows, rules, cause, who, now))?;
        result.checked += graded.len();
        result.moved += tally(&graded, &mut counts);
        Ok(())
    })?;
    result.moves = moves_of(counts);
    Ok(result)
}

/// `POST /projects/{id}/grading/recompute` (managers).
pub fn recompute(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<RecomputeResult> {
    scope::require_project_manager(conn, actor, project_id)?;
    recompute_project(conn, Id(project_id), GradeCause::Recompute, &Who::from(actor))
}

/// `anchang regrade [--project ID]`: one project, or every project; the system acts.
pub fn recompute_all(conn: &mut Conn, project: Option<Uuid>) -> ApiResult<Vec<(Uuid, RecomputeResult)>> {
    let ids: Vec<Id> = match project {
        Some(id) => {
            let exists: bool = diesel::select(diesel::dsl::exists(projects::table.find(Id(id)))).get_result(conn)?;
            if !exists {
                return Err(ApiError::not_found("project.not_found", "No such project."));
            }
            vec![Id(id)]
        }
        None => projects::table.select(projects::id).order(projects::id.asc()).load(conn)?,
    };
    ids.into_iter().map(|id| Ok((id.0, recompute_project(conn, id, GradeCause::Recompute, &Who::system())?))).collect()
}

/// `POST /projects/{id}/grading-rules/preview`: the distribution under rules on trial.
pub fn preview(conn: &mut Conn, actor: &Actor, project_id: Uuid, input: PreviewRequest) -> ApiResult<PreviewResult> {
    scope::require_project_manager(conn, actor, project_id)?;
    let problems = input.rules.problems();
    if !problems.is_empty() {
        return Err(ApiError::validation(
            problems
                .into_iter()
                .map(|e| crate::error::FieldError::new(format!("rules.{}", e.field), e.message))
                .collect(),
        ));
    }
    let saved = current_rules(conn, Id(project_id))?;
    let trial = CurrentRules { version: saved.version, rules: input.rules, saved: None };
    let mut result = PreviewResult {
        total: 0,
        current: Distribution::default(),
        proposed: Distribution::default(),
        would_move: 0,
        moves: Vec::new(),
    };
    let mut counts = BTreeMap::new();
    for_each_batch(conn, Id(project_id), |conn, rows| {
        let graded = evaluate(conn, rows, &trial, db::now())?;
        for g in &graded {
            result.total += 1;
            if let Some(before) = g.before {
                result.current.add(before);
            }
            result.proposed.add(g.after);
        }
        result.would_move += tally(&graded, &mut counts);
        Ok(())
    })?;
    result.moves = moves_of(counts);
    Ok(result)
}
