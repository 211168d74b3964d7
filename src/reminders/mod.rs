//! Reminders found by scanning, not by a change: a planned follow-up whose day ended, a
//! lead nobody contacted for the overdue days (the managers' alert), an instalment past due
//! (managers and finance), a consenting buyer's birthday. The scheduled jobs `overdue_scan`
//! and `care_reminders` run the scans hourly; each project's day is cut in its own zone and
//! nothing is told before its morning (`ANCHANG_REMINDER_HOUR`, 08:00). Each reminder is
//! recorded once (`reminders_told`, whose key decides between replicas) as an audit event
//! with an event type, so it reaches the change feed, webhooks and the notifier like any
//! change.

mod model;
pub mod service;

crate::text_enum! {
    /// What a scan told, as remembered in `reminders_told`.
    pub enum Reminder {
        /// A planned follow-up's day ended without one (per lead and planned time).
        FollowUpOverdue = "follow_up_overdue",
        /// Nobody contacted the lead for the overdue days (per lead and last contact).
        LeadNeglected = "lead_neglected",
        /// A deal's instalment is overdue (per deal and oldest unpaid due date).
        PaymentOverdue = "payment_overdue",
        /// A buyer's birthday (per lead and year).
        Birthday = "birthday",
    }
}

/// What the scans need from the settings.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Days without a contact after which the managers hear of a lead (`ANCHANG_OVERDUE_DAYS`).
    pub neglect_days: i64,
    /// The local hour from which a project's reminders of the day are told (`ANCHANG_REMINDER_HOUR`).
    pub morning_hour: u32,
}
