//! Diesel struct of commission rules: what a channel earns on a deal of a project.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::channels::{ChannelKind, ChannelStatus, CommissionKind, CommissionMilestone};
use crate::db::{Conn, Id};
use crate::schema::{channel_projects, channels, commission_rules};

/// A channel's commission rule for one project.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = commission_rules)]
pub struct CommissionRule {
    pub channel_id: Id,
    pub project_id: Id,
    pub kind: CommissionKind,
    /// Basis points for `percent`, fen for `fixed`.
    pub value: i64,
    pub milestone: CommissionMilestone,
    pub milestone_percent: Option<i32>,
    pub version: i32,
    pub updated_by: Option<Id>,
    pub updated_at: NaiveDateTime,
}

impl CommissionRule {
    /// The channel's rule for the project, if it has one.
    pub fn find(conn: &mut Conn, channel_id: Id, project_id: Id) -> QueryResult<Option<CommissionRule>> {
        commission_rules::table
            .find((channel_id, project_id))
            .select(CommissionRule::as_select())
            .first(conn)
            .optional()
    }

    /// Every rule of the channel, by project.
    pub fn of_channel(conn: &mut Conn, channel_id: Id) -> QueryResult<Vec<CommissionRule>> {
        commission_rules::table
            .filter(commission_rules::channel_id.eq(channel_id))
            .select(CommissionRule::as_select())
            .order(commission_rules::project_id)
            .load(conn)
    }

    /// Writes the rule, replacing the one before (its version goes up by one): the rule
    /// before, if any, and the rule as saved. Two first writes racing both succeed, one
    /// after the other: the loser's insert is ignored on the key, and it replaces the
    /// winner's rule behind the row's lock.
    pub fn save(&self, conn: &mut Conn) -> QueryResult<(Option<CommissionRule>, CommissionRule)> {
        let key = (self.channel_id, self.project_id);
        if crate::db::insert_or_ignore!(conn, commission_rules::table, self)? == 1 {
            return Ok((None, self.clone()));
        }
        crate::db::lock_rows!(conn, commission_rules::table.find(key).select(commission_rules::version))?;
        let before = CommissionRule::find(conn, self.channel_id, self.project_id)?;
        diesel::update(commission_rules::table.find(key))
            .set((
                commission_rules::kind.eq(self.kind),
                commission_rules::value.eq(self.value),
                commission_rules::milestone.eq(self.milestone),
                commission_rules::milestone_percent.eq(self.milestone_percent),
                commission_rules::version.eq(commission_rules::version + 1),
                commission_rules::updated_by.eq(self.updated_by),
                commission_rules::updated_at.eq(self.updated_at),
            ))
            .execute(conn)?;
        let saved =
            CommissionRule::find(conn, self.channel_id, self.project_id)?.ok_or(diesel::result::Error::NotFound)?;
        Ok((before, saved))
    }

    /// The rule of the project's referral programme (老带新), for a referred buyer who came
    /// through no channel: the earliest registered active referral channel serving the
    /// project that has a rule for it.
    pub fn referral_programme(conn: &mut Conn, project_id: Id) -> QueryResult<Option<CommissionRule>> {
        commission_rules::table
            .inner_join(channels::table.on(channels::id.eq(commission_rules::channel_id)))
            .filter(commission_rules::project_id.eq(project_id))
            .filter(channels::kind.eq(ChannelKind::Referral))
            .filter(channels::status.eq(ChannelStatus::Active))
            .filter(
                channels::id.eq_any(
                    channel_projects::table
                        .filter(channel_projects::project_id.eq(project_id))
                        .select(channel_projects::channel_id),
                ),
            )
            .order((channels::created_at, channels::id))
            .select(CommissionRule::as_select())
            .first(conn)
            .optional()
    }

    /// The amount this rule pays on a deal of `price_fen`, rounded down to the fen.
    pub fn amount_for(&self, price_fen: i64) -> i64 {
        commission_amount(self.kind, self.value, price_fen)
    }
}

/// What `kind` with `value` pays on a deal of `price_fen`: a percentage in basis points
/// rounded down to the fen, or the fixed amount.
pub fn commission_amount(kind: CommissionKind, value: i64, price_fen: i64) -> i64 {
    match kind {
        CommissionKind::Fixed => value,
        CommissionKind::Percent => {
            let exact = i128::from(price_fen) * i128::from(value) / 10_000;
            i64::try_from(exact).unwrap_or(i64::MAX)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_rounds_down_to_the_fen() {
        assert_eq!(commission_amount(CommissionKind::Percent, 150, 352_000_000), 5_280_000, "1.5 %");
        assert_eq!(commission_amount(CommissionKind::Percent, 1, 9_999), 0, "0.01 % of 99.99 yuan");
        assert_eq!(commission_amount(CommissionKind::Percent, 333, 100_001), 3_330, "3.33 % rounds down");
        assert_eq!(commission_amount(CommissionKind::Fixed, 2_000_000, 352_000_000), 2_000_000);
        assert_eq!(commission_amount(CommissionKind::Percent, 10_000, i64::MAX), i64::MAX, "no overflow");
    }
}
