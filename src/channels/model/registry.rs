//! Diesel structs of channels and the projects they serve.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

use crate::channels::{ChannelKind, ChannelStatus};
use crate::db::{Conn, Id};
use crate::schema::{channel_projects, channels};

/// A stored channel.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = channels)]
pub struct Channel {
    pub id: Id,
    pub name: String,
    pub kind: ChannelKind,
    pub contact: Option<String>,
    pub status: ChannelStatus,
    pub version: i32,
    pub created_by: Option<Id>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A channel about to be created.
#[derive(Debug, Insertable)]
#[diesel(table_name = channels)]
pub struct NewChannel<'a> {
    pub id: Id,
    pub name: &'a str,
    pub kind: ChannelKind,
    pub contact: Option<&'a str>,
    pub status: ChannelStatus,
    pub version: i32,
    pub created_by: Option<Id>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a channel; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = channels)]
pub struct ChannelChangeset {
    pub name: Option<String>,
    pub kind: Option<ChannelKind>,
    pub contact: Option<Option<String>>,
    pub status: Option<ChannelStatus>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = channel_projects)]
struct NewChannelProject {
    channel_id: Id,
    project_id: Id,
    created_at: NaiveDateTime,
}

impl Channel {
    /// The channel with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Channel>> {
        channels::table.find(id).select(Channel::as_select()).first(conn).optional()
    }

    /// Applies `changes` when the stored version is still `expected_version`, bumping it.
    pub fn update_if_version(
        conn: &mut Conn,
        id: Id,
        expected_version: i32,
        changes: &ChannelChangeset,
    ) -> QueryResult<bool> {
        let updated =
            diesel::update(channels::table.filter(channels::id.eq(id)).filter(channels::version.eq(expected_version)))
                .set((changes, channels::version.eq(channels::version + 1), channels::updated_at.eq(crate::db::now())))
                .execute(conn)?;
        Ok(updated == 1)
    }
}

impl NewChannel<'_> {
    /// Inserts the channel.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(channels::table).values(self).execute(conn).map(|_| ())
    }
}

/// Makes the channel serve exactly these projects.
pub fn set_projects(conn: &mut Conn, channel_id: Id, projects: &[Uuid]) -> QueryResult<()> {
    let ids: Vec<Id> = projects.iter().copied().map(Id).collect();
    diesel::delete(
        channel_projects::table
            .filter(channel_projects::channel_id.eq(channel_id))
            .filter(channel_projects::project_id.ne_all(ids.clone())),
    )
    .execute(conn)?;
    let now = crate::db::now();
    for project_id in ids {
        let row = NewChannelProject { channel_id, project_id, created_at: now };
        crate::db::insert_or_ignore!(conn, channel_projects::table, &row)?;
    }
    Ok(())
}

/// The projects each of these channels serves, in one query.
pub fn project_ids_of(conn: &mut Conn, channel_ids: &[Id]) -> QueryResult<HashMap<Id, Vec<Uuid>>> {
    let rows: Vec<(Id, Id)> = channel_projects::table
        .filter(channel_projects::channel_id.eq_any(channel_ids))
        .select((channel_projects::channel_id, channel_projects::project_id))
        .order((channel_projects::channel_id, channel_projects::created_at, channel_projects::project_id))
        .load(conn)?;
    let mut by_channel: HashMap<Id, Vec<Uuid>> = HashMap::new();
    for (channel, project) in rows {
        by_channel.entry(channel).or_default().push(project.0);
    }
    Ok(by_channel)
}
