//! Service after the sale (售后): complaints (客诉) handled to deadlines and satisfaction
//! surveys, so that a buyer who signed stays the start of the referrals the next project
//! lives on. A complaint moves `open → acknowledged → in_progress → resolved → closed` (and
//! back to `in_progress` when reopened); each severity has hours to acknowledge and to
//! resolve, per project, and a deadline passed is told to the project's managers once. A
//! survey is a template of questions sent as a single-use link the buyer answers without an
//! account. Care rules say which days a buyer is cared for (the agenda shows them).

pub mod deadlines;
pub mod dto;
pub mod handlers;
pub mod lifecycle;
pub mod model;
pub mod service;
pub mod surveys;

pub use handlers::configure;

crate::text_enum! {
    /// What a complaint is about.
    pub enum ComplaintCategory {
        /// 房屋质量: cracks, leaks, finishes.
        Quality = "quality",
        /// 交付: the handover, its date, its paperwork.
        Delivery = "delivery",
        /// 服务: how the buyer was treated.
        Service = "service",
        /// 合同: terms, amounts, what was promised.
        Contract = "contract",
        /// 物业: the property manager.
        PropertyManagement = "property_management",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// How serious a complaint is: it sets the deadlines.
    pub enum Severity {
        /// Can wait its turn.
        Low = "low",
        /// The usual.
        Normal = "normal",
        /// Hurts the buyer now.
        High = "high",
        /// Safety, money, or about to reach the press (舆情).
        Critical = "critical",
    }
}

crate::text_enum! {
    /// Where a complaint stands.
    pub enum ComplaintStatus {
        /// Received, nobody has answered the buyer yet.
        Open = "open",
        /// Someone told the buyer it is being looked at (响应).
        Acknowledged = "acknowledged",
        /// Being worked on (a reopened complaint comes back here).
        InProgress = "in_progress",
        /// Solved, with a root cause and what was done; waiting for the buyer's word.
        Resolved = "resolved",
        /// The buyer's satisfaction recorded; done.
        Closed = "closed",
    }
}

crate::text_enum! {
    /// Why it went wrong, as found when resolving (for the 改进 of 一站式投诉处理).
    pub enum RootCause {
        /// 设计.
        Design = "design",
        /// 施工.
        Construction = "construction",
        /// 材料.
        Material = "material",
        /// 服务.
        Service = "service",
        /// 沟通.
        Communication = "communication",
        /// 合同条款.
        ContractTerms = "contract_terms",
        /// 物业.
        PropertyManagement = "property_management",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// How a complaint reached us.
    pub enum ComplaintChannel {
        /// At the sales office or the service desk.
        InPerson = "in_person",
        /// A phone call (a call centre's included).
        Phone = "phone",
        /// WeChat.
        Wechat = "wechat",
        /// 12345, the housing bureau, another authority.
        Hotline = "hotline",
        /// Social media, the press.
        Online = "online",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// Which deadline.
    pub enum Deadline {
        /// To acknowledge the complaint.
        Acknowledge = "acknowledge",
        /// To resolve it.
        Resolve = "resolve",
    }
}

crate::text_enum! {
    /// Where in the buyer's path a survey is sent.
    pub enum Touchpoint {
        /// After a visit to the sales office.
        Visit = "visit",
        /// After signing.
        Signing = "signing",
        /// After the handover of the home (交付).
        Delivery = "delivery",
        /// After a complaint was closed.
        ComplaintClosed = "complaint_closed",
    }
}

crate::text_enum! {
    /// What a survey question asks for.
    pub enum QuestionKind {
        /// "How likely are you to recommend…", 0–10 (Net Promoter Score).
        Nps = "nps",
        /// A rating from 1 to 5 (CSAT).
        Rating = "rating",
        /// Free text.
        Text = "text",
    }
}
