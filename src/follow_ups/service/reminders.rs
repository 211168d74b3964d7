//! What the reminder scans (the scheduled `overdue_scan` and `care_reminders` jobs) ask of
//! a project's leads: planned follow-ups whose day ended, leads nobody contacted, and the
//! birthdays of buyers who consented to be contacted. Windows keep each scan to what became
//! true lately; the scans remember what they told.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::follow_ups::calendar;
use crate::schema::leads;
use crate::words::LeadStatus;

/// A live lead, its owner and the moment a reminder is about.
#[derive(Debug, Clone, Queryable)]
pub struct LeadMoment {
    pub lead_id: Id,
    pub owner_id: Id,
    pub at: NaiveDateTime,
}

/// A buyer's birthday today, and the channel their marketing consent came through.
#[derive(Debug, Clone)]
pub struct Birthday {
    pub lead_id: Id,
    pub owner_id: Id,
    pub on: NaiveDate,
    pub consent_channel: Option<String>,
}

/// Statuses no follow-up is owed for.
const CLOSED: [LeadStatus; 2] = [LeadStatus::Lost, LeadStatus::Signed];

/// Live leads of the project whose planned follow-up fell in `[from, to)`.
pub fn planned_between(
    conn: &mut Conn,
    project: Id,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<LeadMoment>> {
    leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::deleted_at.is_null())
        .filter(leads::status.ne_all(CLOSED))
        .filter(leads::next_follow_up_at.ge(from))
        .filter(leads::next_follow_up_at.lt(to))
        .select((leads::id, leads::owner_id, leads::next_follow_up_at.assume_not_null()))
        .load(conn)
}

/// Live leads of the project last contacted in `[from, to)`.
pub fn last_contacted_between(
    conn: &mut Conn,
    project: Id,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<LeadMoment>> {
    leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::deleted_at.is_null())
        .filter(leads::status.ne_all(CLOSED))
        .filter(leads::last_interaction_at.ge(from))
        .filter(leads::last_interaction_at.lt(to))
        .select((leads::id, leads::owner_id, leads::last_interaction_at))
        .load(conn)
}

/// The project's buyers whose birthday is `today` (28 February for those born on the 29th
/// in other years) and who consented to marketing contact; signed buyers included, whose
/// care is the point.
pub fn consenting_birthdays(conn: &mut Conn, project: Id, today: NaiveDate) -> QueryResult<Vec<Birthday>> {
    let rows: Vec<(Id, Id, Option<NaiveDate>, Option<String>)> = leads::table
        .filter(leads::project_id.eq(project))
        .filter(leads::deleted_at.is_null())
        .filter(leads::marketing_consent.eq(true))
        .filter(leads::birthday.is_not_null())
        .select((leads::id, leads::owner_id, leads::birthday, leads::consent_channel))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(lead_id, owner_id, birthday, consent_channel)| {
            let on = calendar::birthday_within(birthday?, today, 1)?;
            Some(Birthday { lead_id, owner_id, on, consent_channel })
        })
        .collect())
}
