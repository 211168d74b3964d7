//! Notifications for staff (`GET /me/notifications`): a lead assigned to you, a report of
//! yours arrived, an appeal of yours decided. Produced from the change feed by the notifier
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
    }
}
