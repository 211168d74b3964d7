//! Objection library rules: everyone in the project reads and uses entries; managers
//! write them. Entries are soft-deleted so the trail keeps what was said.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::dto::{CreateObjectionRequest, ListObjectionsQuery, ObjectionView, UpdateObjectionRequest};
use super::model::{Objection, ObjectionEdit};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{Page, PageQuery};
use crate::labels;
use crate::schema::objections;
use crate::scope;

fn not_found() -> ApiError {
    ApiError::not_found("objection.not_found", "No such objection.")
}

fn view(o: Objection) -> ObjectionView {
    ObjectionView {
        id: o.id.0,
        project_id: o.project_id.0,
        category: o.category,
        objection: o.objection,
        answer: o.answer,
        tags: labels::read(&o.tags),
        usage_count: o.usage_count,
        created_by: o.created_by.0,
        version: o.version,
        created_at: o.created_at.and_utc(),
        updated_at: o.updated_at.and_utc(),
    }
}

/// Trims text fields and cleans tags; blank text is a field error.
fn cleaned(edit: ObjectionEdit, tags: Option<&[String]>) -> ApiResult<ObjectionEdit> {
    let mut errors = Vec::new();
    let mut text = |field: &str, value: String| {
        let value = value.trim().to_owned();
        if value.is_empty() {
            errors.push(FieldError::new(field, "must not be blank"));
        }
        value
    };
    let objection = text("objection", edit.objection);
    let answer = text("answer", edit.answer);
    let tags = match tags {
        Some(tags) => labels::clean("tags", tags, &mut errors),
        None => edit.tags,
    };
    if errors.is_empty() {
        Ok(ObjectionEdit { category: edit.category, objection, answer, tags })
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The live entry, if the actor is in its project; 404 otherwise.
fn visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Objection> {
    let objection = Objection::find_live(conn, Id(id))?.ok_or_else(not_found)?;
    scope::require_project(conn, actor, objection.project_id.0).map_err(|_| not_found())?;
    Ok(objection)
}

/// Where the previous page stopped: most used first, then newest.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    uses: i32,
    id: Uuid,
}

/// `GET /projects/{id}/objections`.
pub fn list(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    filter: ListObjectionsQuery,
    page: PageQuery,
) -> ApiResult<Page<ObjectionView>> {
    scope::require_project(conn, actor, project_id)?;
    let mut query = objections::table
        .filter(objections::project_id.eq(Id(project_id)))
        .filter(objections::deleted_at.is_null())
        .select(Objection::as_select())
        .order((objections::usage_count.desc(), objections::id.desc()))
        .into_boxed();
    if let Some(category) = filter.category {
        query = query.filter(objections::category.eq(category));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = db::like_pattern(q);
        query = query.filter(
            db::lower(objections::objection)
                .like(pattern.clone())
                .escape('\\')
                .or(db::lower(objections::answer).like(pattern.clone()).escape('\\'))
                .or(db::lower(objections::tags).like(pattern).escape('\\')),
        );
    }
    if let Some(Cursor { uses, id }) = page.decode()? {
        query = query.filter(db::keyset!(< (objections::usage_count, uses), (objections::id, Id(id))));
    }
    let limit = page.limit();
    let rows: Vec<Objection> = query.limit(limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, limit, |o| Cursor { uses: o.usage_count, id: o.id.0 }, view))
}

/// `POST /projects/{id}/objections` (managers).
pub fn create(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: CreateObjectionRequest,
) -> ApiResult<ObjectionView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let draft =
        ObjectionEdit { category: input.category, objection: input.objection, answer: input.answer, tags: "[]".into() };
    let edit = cleaned(draft, Some(&input.tags))?;
    let now = db::now();
    let objection = Objection {
        id: Id::new(),
        project_id: Id(project_id),
        category: edit.category,
        objection: edit.objection,
        answer: edit.answer,
        tags: edit.tags,
        usage_count: 0,
        created_by: Id(actor.id),
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    db::transaction(conn, |conn| {
        diesel::insert_into(objections::table).values(&objection).execute(conn)?;
        let entry = Entry::new(AuditAction::ObjectionCreate, objection.id.0)
            .project(project_id)
            .set("category", objection.category)
            .set("objection", &objection.objection);
        audit::record(conn, actor.into(), entry)?;
        Ok(view(objection))
    })
}

/// 403 unless the actor manages the entry's project ([`visible`] already answered 404 to
/// anyone outside it).
fn require_writer(conn: &mut Conn, actor: &Actor, objection: &Objection) -> ApiResult<()> {
    scope::require_project_manager(conn, actor, objection.project_id.0)
}

/// `PATCH /objections/{id}` (managers), guarded by `version`.
pub fn update(conn: &mut Conn, actor: &Actor, id: Uuid, input: UpdateObjectionRequest) -> ApiResult<ObjectionView> {
    let current = visible(conn, actor, id)?;
    require_writer(conn, actor, &current)?;
    let before = current.edit();
    let draft = ObjectionEdit {
        category: input.category.unwrap_or(before.category),
        objection: input.objection.unwrap_or_else(|| before.objection.clone()),
        answer: input.answer.unwrap_or_else(|| before.answer.clone()),
        tags: before.tags.clone(),
    };
    let after = cleaned(draft, input.tags.as_deref())?;
    let stale =
        || ApiError::precondition_failed("objection.version_conflict", "The entry changed since you read it; reload.");
    if current.version != input.version {
        return Err(stale());
    }
    db::transaction(conn, |conn| {
        let updated = diesel::update(
            objections::table.filter(objections::id.eq(current.id)).filter(objections::version.eq(input.version)),
        )
        .set((&after, objections::version.eq(objections::version + 1), objections::updated_at.eq(db::now())))
        .execute(conn)?;
        if updated == 0 {
            return Err(stale());
        }
        let entry = Entry::new(AuditAction::ObjectionUpdate, id)
            .project(current.project_id.0)
            .change("category", before.category, after.category)
            .change("objection", &before.objection, &after.objection)
            .change("answer", &before.answer, &after.answer)
            .change("tags", labels::read(&before.tags), labels::read(&after.tags));
        audit::record(conn, actor.into(), entry)?;
        Objection::find_live(conn, current.id)?.map(view).ok_or_else(not_found)
    })
}

/// `DELETE /objections/{id}` (managers): gone from the library, kept in the database.
pub fn delete(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<()> {
    let current = visible(conn, actor, id)?;
    require_writer(conn, actor, &current)?;
    db::transaction(conn, |conn| {
        let now = db::now();
        let deleted = diesel::update(
            objections::table.filter(objections::id.eq(current.id)).filter(objections::deleted_at.is_null()),
        )
        .set((
            objections::deleted_at.eq(now),
            objections::updated_at.eq(now),
            objections::version.eq(objections::version + 1),
        ))
        .execute(conn)?;
        if deleted == 0 {
            return Err(not_found());
        }
        audit::record(conn, actor.into(), Entry::new(AuditAction::ObjectionDelete, id).project(current.project_id.0))
            .map_err(Into::into)
    })
}

/// `GET /objections/{id}`: any member of the entry's project.
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<ObjectionView> {
    visible(conn, actor, id).map(view)
}

/// `POST /objections/{id}/used`: a salesperson used the answer; counted atomically so
/// that a busy opening day loses no count.
pub fn record_use(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<ObjectionView> {
    let current = visible(conn, actor, id)?;
    db::transaction(conn, |conn| {
        diesel::update(objections::table.filter(objections::id.eq(current.id)))
            .set(objections::usage_count.eq(objections::usage_count + 1))
            .execute(conn)?;
        audit::record(conn, actor.into(), Entry::new(AuditAction::ObjectionUse, id).project(current.project_id.0))?;
        Objection::find_live(conn, current.id)?.map(view).ok_or_else(not_found)
    })
}
