//! `channel_costs`: what a project spent on a channel in a month.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{self, Conn, Id};
use crate::schema::channel_costs;

/// A month's spend on a source channel or a channel partner.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = channel_costs)]
pub struct ChannelCost {
    pub project_id: Id,
    /// The first day of the month.
    pub month: NaiveDate,
    /// `source:<source_channel>` or `partner:<channel id>`.
    pub spent_on: String,
    pub source_channel: Option<String>,
    pub channel_id: Option<Id>,
    pub amount_fen: i64,
    pub version: i32,
    pub updated_by: Id,
    pub updated_at: NaiveDateTime,
}

impl ChannelCost {
    /// Records the spend: a new row, or the amount of the month's row replaced (its
    /// version up). Two managers saving at once both succeed, the later one standing.
    pub fn save(&self, conn: &mut Conn) -> QueryResult<ChannelCost> {
        if db::insert_or_ignore!(conn, channel_costs::table, self)? == 0 {
            diesel::update(channel_costs::table.find((self.project_id, self.month, self.spent_on.clone())))
                .set((
                    channel_costs::amount_fen.eq(self.amount_fen),
                    channel_costs::version.eq(channel_costs::version + 1),
                    channel_costs::updated_by.eq(self.updated_by),
                    channel_costs::updated_at.eq(self.updated_at),
                ))
                .execute(conn)?;
        }
        channel_costs::table
            .find((self.project_id, self.month, self.spent_on.clone()))
            .select(ChannelCost::as_select())
            .first(conn)
    }

    /// The project's spend in the months from `first` to `last` (first days), oldest first.
    pub fn in_months(conn: &mut Conn, project: Id, first: NaiveDate, last: NaiveDate) -> QueryResult<Vec<ChannelCost>> {
        channel_costs::table
            .filter(channel_costs::project_id.eq(project))
            .filter(channel_costs::month.ge(first))
            .filter(channel_costs::month.le(last))
            .order((channel_costs::month.asc(), channel_costs::spent_on.asc()))
            .select(ChannelCost::as_select())
            .load(conn)
    }
}
