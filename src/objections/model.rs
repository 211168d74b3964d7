//! Diesel structs of the objection library.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ObjectionCategory;
use crate::db::{Conn, Id};
use crate::schema::objections;

/// A stored objection with its answer.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = objections)]
pub struct Objection {
    pub id: Id,
    pub project_id: Id,
    pub category: ObjectionCategory,
    pub objection: String,
    pub answer: String,
    pub tags: String,
    pub usage_count: i32,
    pub created_by: Id,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

/// What a manager may change.
#[derive(Debug, Clone, PartialEq, AsChangeset, serde::Serialize)]
#[diesel(table_name = objections)]
pub struct ObjectionEdit {
    pub category: ObjectionCategory,
    pub objection: String,
    pub answer: String,
    pub tags: String,
}

impl Objection {
    /// A live objection by id.
    pub fn find_live(conn: &mut Conn, id: Id) -> QueryResult<Option<Objection>> {
        objections::table
            .filter(objections::id.eq(id))
            .filter(objections::deleted_at.is_null())
            .select(Objection::as_select())
            .first(conn)
            .optional()
    }

    /// The editable part.
    pub fn edit(&self) -> ObjectionEdit {
        ObjectionEdit {
            category: self.category,
            objection: self.objection.clone(),
            answer: self.answer.clone(),
            tags: self.tags.clone(),
        }
    }
}
