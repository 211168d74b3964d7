//! Database-level arrangements for what no request can set: the columns only time or
//! other flows write. A test states the situation it needs (`LeadFacts`) instead of
//! spelling an UPDATE, and the API does the rest.

use anchang::db::{Id, Manager};
use anchang::schema::leads;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::r2d2::PooledConnection;
use uuid::Uuid;

use super::app::TestApp;

/// Columns of a lead to set directly; fields left `None` are not touched.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = leads)]
pub struct LeadFacts<'a> {
    /// The grade grading would have given (`Some(None)` clears it).
    pub grade: Option<Option<&'a str>>,
    /// The planned next follow-up (`Some(None)` clears it).
    pub next_follow_up_at: Option<Option<NaiveDateTime>>,
    /// The last contact, as follow-ups record it.
    pub last_interaction_at: Option<NaiveDateTime>,
    /// The end of the owner's protection, as follow-ups extend it.
    pub protected_until: Option<NaiveDateTime>,
    /// When it was registered, as if days ago.
    pub created_at: Option<NaiveDateTime>,
}

impl TestApp {
    /// A connection to the app's database, for looking behind the API.
    pub fn db(&self) -> PooledConnection<Manager> {
        self.pool.get().expect("a connection to the test database")
    }

    /// A connection after every recorded audit event is sealed into `audit_events`, as the
    /// API's own readers of the trail do: what a look at that table needs.
    pub fn sealed_db(&self) -> PooledConnection<Manager> {
        let mut pooled = self.db();
        anchang::audit::seal::seal_waiting(&mut pooled.conn).expect("sealing the audit trail");
        pooled
    }

    /// Lets a channel report's validity run out, as if days had passed without a visit.
    pub fn lapse_report(&self, report: Uuid) {
        use anchang::schema::channel_reports;
        let past = anchang::db::now() - chrono::Duration::minutes(1);
        diesel::update(channel_reports::table.filter(channel_reports::id.eq(Id(report))))
            .set(channel_reports::valid_until.eq(past))
            .execute(&mut self.db().conn)
            .expect("report arranged");
    }

    /// Moves a reservation back to `at`, as if it had been made then: what a test of a
    /// deal's fixed calendar needs, since a signing or a payment is never dated before it.
    pub fn backdate_reservation(&self, reservation: Uuid, at: NaiveDateTime) {
        use anchang::schema::reservations;
        diesel::update(reservations::table.filter(reservations::id.eq(Id(reservation))))
            .set(reservations::reserved_at.eq(at))
            .execute(&mut self.db().conn)
            .expect("reservation arranged");
    }

    /// Moves a complaint `hours` into the past, as if received then: its deadlines with it.
    pub fn backdate_complaint(&self, complaint: Uuid, hours: i64) {
        use anchang::schema::complaints;
        let mut db = self.db();
        let case = anchang::aftersales::model::Complaint::find(&mut db.conn, Id(complaint))
            .expect("the complaint read")
            .expect("the complaint");
        let back = chrono::Duration::hours(hours);
        diesel::update(complaints::table.filter(complaints::id.eq(Id(complaint))))
            .set((
                complaints::received_at.eq(case.received_at - back),
                complaints::acknowledge_due_at.eq(case.acknowledge_due_at - back),
                complaints::resolve_due_at.eq(case.resolve_due_at - back),
            ))
            .execute(&mut db.conn)
            .expect("complaint arranged");
    }

    /// Sets a lead's columns as `facts` says.
    pub fn set_lead(&self, lead: Uuid, facts: LeadFacts<'_>) {
        use anchang::schema::lead_status_moves;
        let mut db = self.db();
        diesel::update(leads::table.filter(leads::id.eq(Id(lead))))
            .set(&facts)
            .execute(&mut db.conn)
            .expect("lead arranged");
        // Registered earlier: so was its registration move.
        if let Some(registered) = facts.created_at {
            diesel::update(
                lead_status_moves::table
                    .filter(lead_status_moves::lead_id.eq(Id(lead)))
                    .filter(lead_status_moves::from_status.is_null()),
            )
            .set(lead_status_moves::moved_at.eq(registered))
            .execute(&mut db.conn)
            .expect("registration arranged");
        }
    }
}
