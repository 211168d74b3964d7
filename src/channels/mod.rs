//! Channels (渠道): the broker agencies, independent agents and referral programmes that
//! bring buyers to a project, and the accounts of their people (channel agents). The
//! reports those agents file (报备) and their appeals (申诉) live here too.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// What kind of channel it is.
    pub enum ChannelKind {
        /// A broker agency (中介公司) with its own agents.
        Agency = "agency",
        /// An independent agent (独立经纪人 / 全民经纪人).
        Agent = "agent",
        /// A referral programme (老带新): buyers bringing buyers.
        Referral = "referral",
    }
}

crate::text_enum! {
    /// Whether a channel may file reports.
    pub enum ChannelStatus {
        /// Cooperating: its agents file reports.
        Active = "active",
        /// Cooperation paused (停止合作): its agents sign in but file nothing new; what they
        /// filed keeps its course.
        Suspended = "suspended",
    }
}
