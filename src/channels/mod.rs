//! Channels (渠道): the broker agencies, independent agents and referral programmes that
//! bring buyers to a project, and the accounts of their people (channel agents). The
//! reports those agents file (报备) and their appeals (申诉) live here too.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod reported_phone;
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

crate::text_enum! {
    /// Where a report (报备) stands.
    pub enum ReportStatus {
        /// Filed and waiting for the customer's visit until `valid_until`.
        Valid = "valid",
        /// The customer visited while the report was valid: the lead is the channel's.
        Arrived = "arrived",
        /// `valid_until` passed without a visit; it never wins a verdict.
        Expired = "expired",
        /// Refused when filed (`rejection_code` says why); kept so the agent can appeal.
        Rejected = "rejected",
        /// The reported customer signed (for commissions).
        Deal = "deal",
    }
}

crate::text_enum! {
    /// Why a report was refused: the error code the agent was answered with.
    pub enum ReportRefusal {
        /// Another valid report holds this customer.
        AlreadyReported = "report.already_reported",
        /// A salesperson holds the customer under protection.
        AlreadyCustomer = "report.already_customer",
        /// The customer visited before the report was filed (截客).
        PriorVisit = "report.prior_visit",
    }
}

impl ChannelKind {
    /// The source a lead brought by such a channel has: a referral programme's, or a
    /// broker's (分销).
    pub fn source_channel(self) -> crate::words::SourceChannel {
        match self {
            ChannelKind::Referral => crate::words::SourceChannel::Referral,
            ChannelKind::Agency | ChannelKind::Agent => crate::words::SourceChannel::Broker,
        }
    }
}

crate::text_enum! {
    /// Where an appeal (申诉) stands.
    pub enum AppealStatus {
        /// Filed, waiting for a manager's decision.
        Open = "open",
        /// The manager agreed: the buyer's attribution moved to the report's channel.
        Upheld = "upheld",
        /// The manager disagreed: nothing changed.
        Rejected = "rejected",
    }
}

crate::text_enum! {
    /// A manager's decision on an appeal.
    pub enum AppealDecision {
        /// The agent is right: the buyer is the channel's.
        Upheld = "upheld",
        /// The agent is not.
        Rejected = "rejected",
    }
}

crate::text_enum! {
    /// How a commission rule counts what a channel earns on a deal.
    pub enum CommissionKind {
        /// A share of the deal price, `value` in basis points (100 = 1 %), rounded down to the fen.
        Percent = "percent",
        /// A fixed amount per deal, `value` in fen (for a referral programme, the reward per
        /// referred deal).
        Fixed = "fixed",
    }
}

crate::text_enum! {
    /// When an accrued commission becomes payable.
    pub enum CommissionMilestone {
        /// At signing.
        Signed = "signed",
        /// Once the collections of the deal reach `milestone_percent` % of its price.
        CollectedPercent = "collected_percent",
    }
}
