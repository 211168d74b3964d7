//! `segments`: a project's saved criteria (客群), the one other table analytics owns.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{self, Conn, Id};
use crate::schema::segments;

/// A stored segment; `criteria` is the JSON of [`crate::leads::criteria::LeadCriteria`].
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = segments)]
pub struct Segment {
    pub id: Id,
    pub project_id: Id,
    pub name: String,
    pub description: Option<String>,
    pub criteria: String,
    pub created_by: Id,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

/// What a manager may change.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = segments, treat_none_as_null = true)]
pub struct SegmentEdit {
    pub name: String,
    pub description: Option<String>,
    pub criteria: String,
}

impl Segment {
    /// Stores a new segment.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<usize> {
        diesel::insert_into(segments::table).values(self).execute(conn)
    }

    /// A live segment of the project.
    pub fn find_live(conn: &mut Conn, project: Id, id: Id) -> QueryResult<Option<Segment>> {
        segments::table
            .filter(segments::id.eq(id))
            .filter(segments::project_id.eq(project))
            .filter(segments::deleted_at.is_null())
            .select(Segment::as_select())
            .first(conn)
            .optional()
    }

    /// Up to `rows` of the project's live segments by name (then id), after `after`.
    pub fn page_of_project(
        conn: &mut Conn,
        project: Id,
        after: Option<(String, Id)>,
        rows: i64,
    ) -> QueryResult<Vec<Segment>> {
        let mut query = segments::table
            .filter(segments::project_id.eq(project))
            .filter(segments::deleted_at.is_null())
            .order((segments::name.asc(), segments::id.asc()))
            .select(Segment::as_select())
            .into_boxed();
        if let Some((name, id)) = after {
            query = query.filter(db::keyset!(> (segments::name, name), (segments::id, id)));
        }
        query.limit(rows).load(conn)
    }

    /// Replaces the editable part if the segment is still at `version`; `false` when it
    /// moved on (or is gone). The name's unique index decides between two managers.
    pub fn replace(conn: &mut Conn, id: Id, version: i32, edit: &SegmentEdit) -> QueryResult<bool> {
        let updated = diesel::update(
            segments::table
                .filter(segments::id.eq(id))
                .filter(segments::version.eq(version))
                .filter(segments::deleted_at.is_null()),
        )
        .set((edit, segments::version.eq(segments::version + 1), segments::updated_at.eq(db::now())))
        .execute(conn)?;
        Ok(updated == 1)
    }

    /// Marks the segment deleted; `false` when it already was.
    pub fn delete(conn: &mut Conn, id: Id) -> QueryResult<bool> {
        let now = db::now();
        let deleted =
            diesel::update(segments::table.filter(segments::id.eq(id)).filter(segments::deleted_at.is_null()))
                .set((segments::deleted_at.eq(now), segments::updated_at.eq(now)))
                .execute(conn)?;
        Ok(deleted == 1)
    }
}
