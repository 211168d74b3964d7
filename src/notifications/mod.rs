//! Notifications for staff (`GET /me/notifications`): a lead assigned to you, a report of
//! yours arrived or expired, an appeal of yours decided, a follow-up overdue, a birthday;
//! for managers a neglected lead, for managers and finance an overdue payment, for admins
//! a webhook endpoint turned off. Produced from the change feed by the notifier
//! (`service::notify_from_feed`), which every replica runs and which takes the feed's
//! position row for a moment, so one replica reads each event; a unique key makes a
//! notification once per person and event however often it is read.

pub mod dto;
pub mod handlers;
mod model;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// Why someone is told.
    pub enum NotificationKind {
        /// A lead became yours: registered for you, transferred, handed over, given by the
        /// desk or taken from the pool on your behalf.
        LeadAssigned = "lead_assigned",
        /// A buyer you reported arrived at the sales office (到访确认).
        ReportArrived = "report_arrived",
        /// A manager decided your appeal (申诉).
        AppealDecided = "appeal_decided",
        /// A buyer you reported did not arrive within the protection window.
        ReportExpired = "report_expired",
        /// The day you planned to follow a lead up ended without a follow-up.
        FollowUpOverdue = "follow_up_overdue",
        /// Managers: nobody contacted a lead of your project for the overdue days.
        LeadNeglected = "lead_neglected",
        /// Managers and finance: an instalment of a deal of your project is overdue.
        PaymentOverdue = "payment_overdue",
        /// A buyer of yours who consented to contact has a birthday today.
        CareReminder = "care_reminder",
        /// Admins: a webhook endpoint answered 410 or kept failing, and was turned off.
        WebhookEndpointDisabled = "webhook_endpoint_disabled",
        /// Managers: a high or critical complaint came in; the salesperson: a complaint of
        /// their buyer was filed by someone else.
        ComplaintFiled = "complaint_filed",
        /// A complaint was assigned to you.
        ComplaintAssigned = "complaint_assigned",
        /// Managers and the assignee: a complaint's deadline passed unmet.
        ComplaintBreached = "complaint_breached",
    }
}
