//! Survey templates (managers) and invitations (the buyer's salesperson, managers).

use chrono::Duration;
use uuid::Uuid;

use crate::aftersales::dto::{
    CreateSurveyTemplateRequest, InviteToSurveyRequest, SurveyInvitationView, SurveyTemplateView,
};
use crate::aftersales::model::surveys::{Invitation, TemplateRow};
use crate::aftersales::surveys::{question_problems, Question};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::scope::{self, LeadRights};

/// Where links point and how long they live.
#[derive(Debug, Clone)]
pub struct LinkRules {
    /// `ANCHANG_PUBLIC_BASE_URL`, without a trailing slash.
    pub base_url: String,
    /// `ANCHANG_SURVEY_LINK_DAYS`.
    pub days: i64,
}

fn to_json<T: serde::Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|e| ApiError::internal(anyhow::anyhow!(e)))
}

/// The template as stored, read back.
fn view(row: TemplateRow) -> ApiResult<SurveyTemplateView> {
    let touchpoints = row.touchpoints().map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    let questions = row.questions().map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    Ok(SurveyTemplateView {
        id: row.id.0,
        project_id: row.project_id.0,
        name: row.name,
        touchpoints,
        questions,
        created_by: row.created_by.0,
        created_at: row.created_at.and_utc(),
    })
}

/// `POST /projects/{id}/survey-templates` (managers).
pub fn create_template(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: CreateSurveyTemplateRequest,
) -> ApiResult<SurveyTemplateView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let name = input.name.trim().to_owned();
    let mut problems = question_problems(&input.questions);
    if name.is_empty() {
        problems.push(FieldError::new("name", "must not be blank"));
    }
    let mut touchpoints = input.touchpoints;
    touchpoints.sort();
    touchpoints.dedup();
    if touchpoints.is_empty() {
        problems.push(FieldError::new("touchpoints", "must name at least one touchpoint"));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let questions: Vec<Question> =
        input.questions.into_iter().map(|q| Question { text: q.text.trim().to_owned(), ..q }).collect();
    let row = TemplateRow {
        id: Id::new(),
        project_id: Id(project_id),
        name,
        touchpoints: to_json(&touchpoints)?,
        questions: to_json(&questions)?,
        created_by: Id(actor.id),
        created_at: db::now(),
    };
    db::transaction(conn, |conn| {
        if !row.insert_new(conn)? {
            return Err(ApiError::conflict(
                "survey.template_name_taken",
                "The project has a survey template of that name.",
            ));
        }
        let entry = Entry::new(AuditAction::SurveyTemplateCreate, row.id.0)
            .project(project_id)
            .set("name", &row.name)
            .set("touchpoints", &touchpoints)
            .set("questions", questions.len());
        audit::record(conn, actor.into(), entry)?;
        view(row.clone())
    })
}

/// `GET /projects/{id}/survey-templates`: anyone who works the project's buyers.
pub fn list_templates(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    page: PageQuery,
) -> ApiResult<Page<SurveyTemplateView>> {
    scope::require_lead_worker(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let after: Option<Uuid> = page.decode()?;
    let limit = page.limit();
    let rows = TemplateRow::page(conn, Id(project_id), after.map(Id), limit + 1)?;
    let page = Page::from_rows(rows, limit, |t| t.id.0, |t| t);
    Ok(Page { items: page.items.into_iter().map(view).collect::<ApiResult<_>>()?, next_cursor: page.next_cursor })
}

/// `POST /leads/{id}/survey-invitations`: the buyer's salesperson or a manager makes a
/// single-use link to one of the project's templates, for a touchpoint it is attached to.
pub fn invite(
    conn: &mut Conn,
    actor: &Actor,
    links: &LinkRules,
    lead_id: Uuid,
    input: InviteToSurveyRequest,
) -> ApiResult<SurveyInvitationView> {
    let lead = scope::require_lead(conn, actor, lead_id, LeadRights::Owner)?;
    let template =
        TemplateRow::find(conn, Id(input.template_id))?.filter(|t| t.project_id == lead.project_id).ok_or_else(
            || ApiError::validation(vec![FieldError::new("template_id", "must be a template of the lead's project")]),
        )?;
    if !template.touchpoints().map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?.contains(&input.touchpoint) {
        return Err(ApiError::validation(vec![FieldError::new(
            "touchpoint",
            "is not one the template is attached to",
        )]));
    }
    let (token, token_hash) = crate::crypto::random_token();
    let now = db::now();
    let invitation = Invitation {
        id: Id::new(),
        project_id: lead.project_id,
        lead_id: lead.id,
        template_id: template.id,
        touchpoint: input.touchpoint,
        owner_id: lead.owner_id,
        token_hash,
        created_by: Id(actor.id),
        created_at: now,
        expires_at: now + Duration::days(links.days),
        answered_at: None,
        nps: None,
        answers: None,
    };
    db::transaction(conn, |conn| {
        invitation.insert(conn)?;
        let entry = Entry::new(AuditAction::SurveyInvite, invitation.id.0)
            .project(lead.project_id.0)
            .set("lead_id", lead.id.0)
            .set("template_id", template.id.0)
            .set("touchpoint", input.touchpoint)
            .set("expires_at", invitation.expires_at.and_utc());
        audit::record(conn, actor.into(), entry)
    })?;
    Ok(SurveyInvitationView {
        id: invitation.id.0,
        lead_id: lead.id.0,
        template_id: template.id.0,
        touchpoint: input.touchpoint,
        link: format!("{}/api/v1/public/surveys/{token}", links.base_url),
        token,
        expires_at: invitation.expires_at.and_utc(),
        created_at: now.and_utc(),
    })
}
