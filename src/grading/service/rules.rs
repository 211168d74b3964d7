//! `GET/PUT /projects/{id}/grading-rules`: each save is a new version, and the project's
//! leads are graded again under it at once.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use super::recompute::recompute_under;
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::grading::dto::{RulesView, SavedRules};
use crate::grading::model::{current_rules, CurrentRules, RulesVersion};
use crate::grading::rules::GradingRules;
use crate::grading::GradeCause;
use crate::schema::grading_rules;
use crate::scope;

fn view(current: &CurrentRules) -> RulesView {
    RulesView {
        version: current.version,
        rules: current.rules.clone(),
        created_at: current.saved.as_ref().map(|s| s.created_at.and_utc()),
        created_by: current.saved.as_ref().and_then(|s| s.created_by.map(Uuid::from)),
    }
}

/// The project's rules, for anyone in the project.
pub fn find_rules(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<RulesView> {
    scope::require_project(conn, actor, project_id)?;
    Ok(view(&current_rules(conn, Id(project_id))?))
}

/// Saves a new version (managers) and grades the project's leads under it.
pub fn save_rules(conn: &mut Conn, actor: &Actor, project_id: Uuid, rules: GradingRules) -> ApiResult<SavedRules> {
    scope::require_project_manager(conn, actor, project_id)?;
    let problems = rules.problems();
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let saved = db::transaction(conn, |conn| {
        let previous = current_rules(conn, Id(project_id))?;
        let row = RulesVersion {
            project_id: Id(project_id),
            version: previous.version + 1,
            rules: serde_json::to_string(&rules).map_err(ApiError::internal)?,
            created_by: Some(Id(actor.id)),
            created_at: db::now(),
        };
        match diesel::insert_into(grading_rules::table).values(&row).execute(conn) {
            Ok(_) => {}
            // Another manager saved the same version a moment ago.
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                return Err(ApiError::conflict(
                    "grading.rules_changed",
                    "The rules changed meanwhile; reload and save again.",
                ));
            }
            Err(other) => return Err(other.into()),
        }
        let entry = Entry::new(AuditAction::GradingRulesSave, project_id)
            .project(project_id)
            .change("version", previous.version, row.version)
            .change("rules", &previous.rules, &rules);
        audit::record(conn, actor.into(), entry)?;
        Ok(CurrentRules { version: row.version, rules: rules.clone(), saved: Some(row) })
    })?;
    let recompute = recompute_under(conn, Id(project_id), &saved, GradeCause::RulesChange, &Who::from(actor))?;
    Ok(SavedRules { rules: view(&saved), recompute })
}
