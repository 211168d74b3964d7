//! Scheduled work inside the server: the nightly regrade, the audit trail's daily signed
//! checkpoint, forgetting webhook deliveries past retention, expiring channel reports, and
//! the reminder scans (overdue follow-ups, neglected leads, overdue payments, birthdays). Every replica runs the
//! scheduler (`runner`); a job due is taken by one conditional UPDATE of its row (a lease),
//! so exactly one replica runs it, and a replica that dies mid-run leaves a lease that lapses.
//! `GET /jobs` (admins) shows each job's last run, duration and outcome; `POST
//! /jobs/{name}/run` makes one due now.

pub mod dto;
pub mod handlers;
mod model;
pub mod runner;
pub mod schedule;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// A scheduled job.
    pub enum Job {
        /// Recomputes every lead's grade from its rules (recency changes overnight), daily at
        /// 02:00 China Standard Time; `anchang regrade` runs the same by hand.
        NightlyRegrade = "nightly_regrade",
        /// Logs the audit trail's signed checkpoint (keep it: `audit verify` checks the chain
        /// still reaches it), daily at 00:05 China Standard Time.
        AuditCheckpoint = "audit_checkpoint",
        /// Forgets webhook deliveries (and their attempts) finished more than 30 days ago,
        /// daily at 03:00 China Standard Time.
        WebhookRetention = "webhook_retention",
        /// Marks channel reports whose protection window ran out `expired` and tells their
        /// agents (`report.expired`), every 10 minutes.
        ReportExpiry = "report_expiry",
        /// Tells owners of follow-ups whose planned day ended, managers of leads nobody
        /// contacted for the overdue days, managers and finance of overdue instalments;
        /// hourly, each project from its morning (`ANCHANG_REMINDER_HOUR`).
        OverdueScan = "overdue_scan",
        /// Tells owners of today's birthdays of buyers who consented to contact; hourly, each
        /// project from its morning.
        CareReminders = "care_reminders",
        /// Tells the project's managers (and the assignee) of complaints whose deadline to
        /// acknowledge or to resolve passed, each once; every 10 minutes.
        ComplaintDeadlines = "complaint_deadlines",
    }
}
