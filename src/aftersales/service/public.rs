//! The buyer's side of a survey: `GET/POST /public/surveys/{token}`, the only data endpoint
//! without an account. It shows the project's name and the questions — nothing of the
//! buyer or their salesperson — and takes one answer per link.

use crate::aftersales::dto::{AnswerSurveyRequest, PublicSurveyView, SurveyAnswered};
use crate::aftersales::model::surveys::{Invitation, TemplateRow};
use crate::aftersales::surveys::{check_answers, Question};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::db::{self, Conn};
use crate::error::{ApiError, ApiResult};

fn link_not_found() -> ApiError {
    ApiError::not_found("survey.not_found", "No such survey link.")
}

/// The open invitation behind a link: 404 for a token never given, 410 once it expired, 409
/// once answered.
fn open_invitation(conn: &mut Conn, token: &str) -> ApiResult<Invitation> {
    let invitation = Invitation::by_token_hash(conn, &crate::crypto::token_hash(token))?.ok_or_else(link_not_found)?;
    if invitation.answered_at.is_some() {
        return Err(answered());
    }
    if invitation.expires_at <= db::now() {
        return Err(ApiError::gone("survey.expired", "This survey link has expired."));
    }
    Ok(invitation)
}

fn answered() -> ApiError {
    ApiError::conflict("survey.already_answered", "This survey was already answered; thank you.")
}

fn questions_of(template: &TemplateRow) -> ApiResult<Vec<Question>> {
    template.questions().map_err(|e| ApiError::internal(anyhow::anyhow!(e)))
}

/// The survey a link opens.
pub fn find_public(conn: &mut Conn, token: &str) -> ApiResult<PublicSurveyView> {
    let invitation = open_invitation(conn, token)?;
    let template = TemplateRow::find(conn, invitation.template_id)?.ok_or_else(link_not_found)?;
    let project_name = crate::projects::model::name_of(conn, invitation.project_id)?.ok_or_else(link_not_found)?;
    Ok(PublicSurveyView {
        project_name,
        touchpoint: invitation.touchpoint,
        questions: questions_of(&template)?,
        expires_at: invitation.expires_at.and_utc(),
    })
}

/// Takes the buyer's answers, once.
pub fn answer_public(conn: &mut Conn, token: &str, input: AnswerSurveyRequest) -> ApiResult<SurveyAnswered> {
    let invitation = open_invitation(conn, token)?;
    let template = TemplateRow::find(conn, invitation.template_id)?.ok_or_else(link_not_found)?;
    let answered_now = check_answers(&questions_of(&template)?, &input.answers).map_err(ApiError::validation)?;
    let kept = serde_json::to_string(&answered_now.answers).map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    let now = db::now();
    db::transaction(conn, |conn| {
        if !invitation.answer(conn, answered_now.nps, &kept, now)? {
            // Answered or expired since it was read: say which.
            return Err(open_invitation(conn, token).err().unwrap_or_else(answered));
        }
        // The answers stay out of the trail (free text is the buyer's own words).
        let entry = Entry::new(AuditAction::SurveyAnswer, invitation.id.0)
            .project(invitation.project_id.0)
            .set("lead_id", invitation.lead_id.0)
            .set("touchpoint", invitation.touchpoint)
            .set("nps", answered_now.nps);
        audit::record(conn, Who::system(), entry)?;
        Ok(SurveyAnswered { answered_at: now.and_utc() })
    })
}
