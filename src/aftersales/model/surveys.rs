//! `survey_templates` and `survey_invitations` (each invitation keeps its buyer's answer).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::aftersales::surveys::Question;
use crate::aftersales::Touchpoint;
use crate::db::{Conn, Id};
use crate::schema::{survey_invitations, survey_templates};

/// A stored template; its touchpoints and questions are JSON text.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = survey_templates)]
pub struct TemplateRow {
    pub id: Id,
    pub project_id: Id,
    pub name: String,
    pub touchpoints: String,
    pub questions: String,
    pub created_by: Id,
    pub created_at: NaiveDateTime,
}

impl TemplateRow {
    /// Its questions, as stored.
    pub fn questions(&self) -> serde_json::Result<Vec<Question>> {
        serde_json::from_str(&self.questions)
    }

    /// Its touchpoints, as stored.
    pub fn touchpoints(&self) -> serde_json::Result<Vec<Touchpoint>> {
        serde_json::from_str(&self.touchpoints)
    }

    /// These templates (one statement).
    pub fn find_many(conn: &mut Conn, ids: &[Id]) -> QueryResult<Vec<TemplateRow>> {
        survey_templates::table
            .filter(survey_templates::id.eq_any(ids.to_vec()))
            .select(TemplateRow::as_select())
            .load(conn)
    }

    /// Stores a new template unless the project has one of that name: whether it did.
    pub fn insert_new(&self, conn: &mut Conn) -> QueryResult<bool> {
        Ok(crate::db::insert_or_ignore!(conn, survey_templates::table, self)? == 1)
    }

    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<TemplateRow>> {
        survey_templates::table.find(id).select(TemplateRow::as_select()).first(conn).optional()
    }

    /// A page of the project's templates, oldest first, after `after`.
    pub fn page(conn: &mut Conn, project: Id, after: Option<Id>, limit: i64) -> QueryResult<Vec<TemplateRow>> {
        let mut query = survey_templates::table
            .filter(survey_templates::project_id.eq(project))
            .order(survey_templates::id.asc())
            .select(TemplateRow::as_select())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(survey_templates::id.gt(after));
        }
        query.load(conn)
    }
}

/// A stored invitation; the token is kept only as its hash.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = survey_invitations)]
pub struct Invitation {
    pub id: Id,
    pub project_id: Id,
    pub lead_id: Id,
    pub template_id: Id,
    pub touchpoint: Touchpoint,
    /// The buyer's salesperson when invited: whom the answer counts for.
    pub owner_id: Id,
    pub token_hash: String,
    pub created_by: Id,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub answered_at: Option<NaiveDateTime>,
    pub nps: Option<i32>,
    /// The answers as a JSON object, once answered.
    pub answers: Option<String>,
}

impl Invitation {
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(survey_invitations::table).values(self).execute(conn).map(|_| ())
    }

    /// The invitation a link's token opens.
    pub fn by_token_hash(conn: &mut Conn, hash: &str) -> QueryResult<Option<Invitation>> {
        survey_invitations::table
            .filter(survey_invitations::token_hash.eq(hash))
            .select(Invitation::as_select())
            .first(conn)
            .optional()
    }

    /// Keeps the answer while the link is unanswered and unexpired: whether it did (a link
    /// answers once, however many submit it at once).
    pub fn answer(&self, conn: &mut Conn, nps: Option<i32>, answers: &str, now: NaiveDateTime) -> QueryResult<bool> {
        let changed = diesel::update(
            survey_invitations::table
                .filter(survey_invitations::id.eq(self.id))
                .filter(survey_invitations::answered_at.is_null())
                .filter(survey_invitations::expires_at.gt(now)),
        )
        .set((
            survey_invitations::answered_at.eq(now),
            survey_invitations::nps.eq(nps),
            survey_invitations::answers.eq(answers),
        ))
        .execute(conn)?;
        Ok(changed == 1)
    }
}

/// The project's invitations sent in `[start, end)` (of one touchpoint, and of one
/// salesperson's buyers, when named), answered or not: what satisfaction is counted over.
pub fn sent_between(
    conn: &mut Conn,
    project: Id,
    start: NaiveDateTime,
    end: NaiveDateTime,
    touchpoint: Option<Touchpoint>,
    only: Option<Id>,
) -> QueryResult<Vec<Invitation>> {
    let mut query = survey_invitations::table
        .filter(survey_invitations::project_id.eq(project))
        .filter(survey_invitations::created_at.ge(start))
        .filter(survey_invitations::created_at.lt(end))
        .select(Invitation::as_select())
        .into_boxed();
    if let Some(touchpoint) = touchpoint {
        query = query.filter(survey_invitations::touchpoint.eq(touchpoint));
    }
    if let Some(owner) = only {
        query = query.filter(survey_invitations::owner_id.eq(owner));
    }
    query.load(conn)
}
