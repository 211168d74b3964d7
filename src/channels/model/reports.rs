//! Diesel structs and statements of channel reports, and the facts about a reported
//! customer a report depends on (earlier visits, a protected lead), read from the leads'
//! and follow-ups' tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::channels::reported_phone::ReportedPhone;
use crate::channels::{ReportRefusal, ReportStatus};
use crate::db::{Conn, Id};
use crate::projects::ReportPhoneMode;
use crate::schema::{channel_reports, follow_ups, leads};
use crate::words::Channel as ContactChannel;

/// A stored report.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = channel_reports)]
pub struct Report {
    pub id: Id,
    pub project_id: Id,
    pub channel_id: Id,
    pub agent_id: Id,
    pub customer_name: String,
    pub phone: Option<String>,
    pub phone_mask: String,
    pub phone_key: String,
    pub phone_mode: ReportPhoneMode,
    pub expected_visit_at: Option<NaiveDateTime>,
    pub note: Option<String>,
    pub status: ReportStatus,
    pub rejection_code: Option<ReportRefusal>,
    pub valid_until: NaiveDateTime,
    pub arrived_at: Option<NaiveDateTime>,
    pub lead_id: Option<Id>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Report {
    /// The status as of `now`: a valid report past `valid_until` has expired, whether or
    /// not a writer has marked it yet.
    pub fn status_at(&self, now: NaiveDateTime) -> ReportStatus {
        match self.status {
            ReportStatus::Valid if self.valid_until <= now => ReportStatus::Expired,
            status => status,
        }
    }

    /// The report with this id.
    pub fn find(conn: &mut Conn, id: Id) -> QueryResult<Option<Report>> {
        channel_reports::table.find(id).select(Report::as_select()).first(conn).optional()
    }
}

/// A report about to be filed.
#[derive(Debug, Insertable)]
#[diesel(table_name = channel_reports)]
pub struct NewReport<'a> {
    pub id: Id,
    pub project_id: Id,
    pub channel_id: Id,
    pub agent_id: Id,
    pub customer_name: &'a str,
    pub phone: Option<&'a str>,
    pub phone_mask: &'a str,
    pub phone_key: &'a str,
    pub phone_mode: ReportPhoneMode,
    pub expected_visit_at: Option<NaiveDateTime>,
    pub note: Option<&'a str>,
    pub status: ReportStatus,
    pub rejection_code: Option<ReportRefusal>,
    pub valid_until: NaiveDateTime,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NewReport<'_> {
    /// Files the report as valid unless another valid report holds its key (the partial
    /// unique index decides, also between two filings at the same moment): whether it did.
    pub fn insert_valid(&self, conn: &mut Conn) -> QueryResult<bool> {
        debug_assert_eq!(self.status, ReportStatus::Valid);
        Ok(crate::db::insert_or_ignore!(conn, channel_reports::table, self)? == 1)
    }

    /// Keeps a refused report.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(channel_reports::table).values(self).execute(conn).map(|_| ())
    }
}

/// Valid reports whose window ran out by `now`, oldest first: of one project and phone key
/// (what a new filing of that key must expire first), or of every project.
pub fn lapsed(conn: &mut Conn, of: Option<(Id, &str)>, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<Report>> {
    let mut query = channel_reports::table
        .filter(channel_reports::status.eq(ReportStatus::Valid))
        .filter(channel_reports::valid_until.le(now))
        .order((channel_reports::valid_until.asc(), channel_reports::id.asc()))
        .limit(limit)
        .select(Report::as_select())
        .into_boxed();
    if let Some((project_id, key)) = of {
        query = query
            .filter(channel_reports::project_id.eq(project_id))
            .filter(channel_reports::phone_key.eq(key.to_owned()));
    }
    query.load(conn)
}

/// Marks the report `expired` if it is still valid (so that the index lets a new one in);
/// whether this call did — of two expiring it at once, one does.
pub fn mark_expired(conn: &mut Conn, id: Id, now: NaiveDateTime) -> QueryResult<bool> {
    let marked = diesel::update(
        channel_reports::table
            .filter(channel_reports::id.eq(id))
            .filter(channel_reports::status.eq(ReportStatus::Valid)),
    )
    .set((
        channel_reports::status.eq(ReportStatus::Expired),
        channel_reports::version.eq(channel_reports::version + 1),
        channel_reports::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(marked == 1)
}

/// Whether a valid report of the project (in either mode) is for this customer: the same
/// whole number, or — where either side knows only the mask — the same mask.
pub fn held_by_a_valid_report(
    conn: &mut Conn,
    project_id: Id,
    phone: &ReportedPhone,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let valid = channel_reports::table
        .filter(channel_reports::project_id.eq(project_id))
        .filter(channel_reports::status.eq(ReportStatus::Valid))
        .filter(channel_reports::valid_until.gt(now))
        .filter(channel_reports::phone_mask.eq(phone.mask.clone()));
    let held = match &phone.full {
        Some(full) => diesel::select(diesel::dsl::exists(
            valid.filter(channel_reports::phone.eq(full.clone()).or(channel_reports::phone.is_null())),
        ))
        .get_result(conn)?,
        None => diesel::select(diesel::dsl::exists(valid)).get_result(conn)?,
    };
    Ok(held)
}

/// Whether a live lead of the project with this phone (every number with the mask's
/// digits, in masked mode) had a visit since `since`.
pub fn visited_since(
    conn: &mut Conn,
    project_id: Id,
    phone: &ReportedPhone,
    since: NaiveDateTime,
) -> QueryResult<bool> {
    let visits = follow_ups::table
        .inner_join(leads::table)
        .filter(leads::project_id.eq(project_id))
        .filter(leads::deleted_at.is_null())
        .filter(follow_ups::channel.eq(ContactChannel::Visit))
        .filter(follow_ups::happened_at.ge(since));
    match &phone.full {
        Some(full) => {
            diesel::select(diesel::dsl::exists(visits.filter(leads::phone.eq(full.clone())))).get_result(conn)
        }
        None => {
            diesel::select(diesel::dsl::exists(visits.filter(leads::phone.like(phone.like_pattern())))).get_result(conn)
        }
    }
}

/// Whether a live lead of the project with this phone (or the mask's digits) is still
/// protected for its owner, or for the channel that brought them.
pub fn protected_lead(conn: &mut Conn, project_id: Id, phone: &ReportedPhone, now: NaiveDateTime) -> QueryResult<bool> {
    let protected = leads::table
        .filter(leads::project_id.eq(project_id))
        .filter(leads::deleted_at.is_null())
        .filter(leads::protected_until.gt(now).or(leads::channel_protected_until.gt(now)));
    match &phone.full {
        Some(full) => {
            diesel::select(diesel::dsl::exists(protected.filter(leads::phone.eq(full.clone())))).get_result(conn)
        }
        None => diesel::select(diesel::dsl::exists(protected.filter(leads::phone.like(phone.like_pattern()))))
            .get_result(conn),
    }
}
