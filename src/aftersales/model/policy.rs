//! `complaint_policies`: a project's hours per severity, once a manager sets them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::aftersales::deadlines::{Hours, Policy};
use crate::db::{Conn, Id};
use crate::schema::complaint_policies;

/// A stored policy.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = complaint_policies)]
pub struct PolicyRow {
    pub project_id: Id,
    pub critical_acknowledge_hours: i32,
    pub critical_resolve_hours: i32,
    pub high_acknowledge_hours: i32,
    pub high_resolve_hours: i32,
    pub normal_acknowledge_hours: i32,
    pub normal_resolve_hours: i32,
    pub low_acknowledge_hours: i32,
    pub low_resolve_hours: i32,
    pub version: i32,
    pub updated_by: Id,
    pub updated_at: NaiveDateTime,
}

impl PolicyRow {
    /// The hours it sets.
    pub fn policy(&self) -> Policy {
        let hours = |acknowledge, resolve| Hours { acknowledge, resolve };
        Policy {
            critical: hours(self.critical_acknowledge_hours, self.critical_resolve_hours),
            high: hours(self.high_acknowledge_hours, self.high_resolve_hours),
            normal: hours(self.normal_acknowledge_hours, self.normal_resolve_hours),
            low: hours(self.low_acknowledge_hours, self.low_resolve_hours),
        }
    }

    /// A row of these hours.
    pub fn of(project_id: Id, policy: &Policy, version: i32, updated_by: Id, updated_at: NaiveDateTime) -> Self {
        PolicyRow {
            project_id,
            critical_acknowledge_hours: policy.critical.acknowledge,
            critical_resolve_hours: policy.critical.resolve,
            high_acknowledge_hours: policy.high.acknowledge,
            high_resolve_hours: policy.high.resolve,
            normal_acknowledge_hours: policy.normal.acknowledge,
            normal_resolve_hours: policy.normal.resolve,
            low_acknowledge_hours: policy.low.acknowledge,
            low_resolve_hours: policy.low.resolve,
            version,
            updated_by,
            updated_at,
        }
    }

    /// The project's stored policy, if a manager ever set one.
    pub fn find(conn: &mut Conn, project_id: Id) -> QueryResult<Option<PolicyRow>> {
        complaint_policies::table.find(project_id).select(PolicyRow::as_select()).first(conn).optional()
    }

    /// Stores the policy: the project's first, or over the one before (a racing first save
    /// becomes a replacement).
    pub fn store(&self, conn: &mut Conn) -> QueryResult<()> {
        if crate::db::insert_or_ignore!(conn, complaint_policies::table, self)? == 0 {
            diesel::update(complaint_policies::table.find(self.project_id)).set(self).execute(conn)?;
        }
        Ok(())
    }
}

/// The policy the project follows now: its own, or the default.
pub fn policy_of(conn: &mut Conn, project_id: Id) -> QueryResult<Policy> {
    Ok(PolicyRow::find(conn, project_id)?.map_or(Policy::DEFAULT, |row| row.policy()))
}
