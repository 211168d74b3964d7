//! The domain's closed word sets (lead statuses, grades, channels, contact purposes…), in one
//! low module so that every module above can name them without importing another's.

crate::text_enum! {
    /// Where a lead came from (渠道).
    pub enum SourceChannel {
        /// 自然到访: walked into the sales office.
        WalkIn = "walk_in",
        /// An online listing platform.
        OnlinePlatform = "online_platform",
        /// Own social media accounts.
        SelfMedia = "self_media",
        /// A live stream.
        LiveStream = "live_stream",
        /// 老带新: referred by an existing customer.
        Referral = "referral",
        /// A broker or agency (分销).
        Broker = "broker",
        /// An event.
        Event = "event",
        /// Outbound calling.
        ColdCall = "cold_call",
        /// Anything else.
        Other = "other",
    }
}

/// The channel a fact is credited to: how the buyer came, and the channel partner (an
/// agency, an agent, a referral programme) when one brought them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelCredit {
    pub source_channel: SourceChannel,
    pub channel_id: Option<crate::db::Id>,
}

crate::text_enum! {
    /// Where a lead stands on the path to a deal.
    pub enum LeadStatus {
        /// Registered, not yet contacted.
        New = "new",
        /// Contacted.
        Contacted = "contacted",
        /// Has visited the sales office.
        Visited = "visited",
        /// Paid a subscription deposit (认筹).
        Subscribed = "subscribed",
        /// Took a unit (认购).
        Reserved = "reserved",
        /// Signed the contract (签约).
        Signed = "signed",
        /// Gave up; `lost_reason` says why.
        Lost = "lost",
    }
}

impl LeadStatus {
    /// Statuses only their own flows (subscription, reservation, signing) may set.
    pub fn set_by_flow_only(self) -> bool {
        matches!(self, LeadStatus::Subscribed | LeadStatus::Reserved | LeadStatus::Signed)
    }
}

crate::text_enum! {
    /// Why a lead was lost.
    pub enum LostReason {
        /// Waiting for prices to drop.
        WaitingPriceDrop = "waiting_price_drop",
        /// Bought from a competitor.
        Competitor = "competitor",
        /// Over budget.
        Budget = "budget",
        /// The location does not suit.
        Location = "location",
        /// Could not get financing.
        Financing = "financing",
        /// The family disagreed.
        FamilyDisagreement = "family_disagreement",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// Why the buyer is buying.
    pub enum Purpose {
        /// First home to live in.
        SelfUse = "self_use",
        /// Trading up (改善).
        Upgrade = "upgrade",
        /// Investment.
        Investment = "investment",
        /// For the school district (学区).
        SchoolDistrict = "school_district",
        /// For elderly parents (养老).
        ElderlyCare = "elderly_care",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// The buyer's gender, as they state it.
    pub enum Gender {
        /// Male.
        Male = "male",
        /// Female.
        Female = "female",
        /// Not stated.
        Unknown = "unknown",
    }
}

crate::text_enum! {
    /// The buyer's age band.
    pub enum AgeBand {
        /// Under 25.
        Under25 = "under_25",
        /// 25 to 34.
        From25To34 = "25_34",
        /// 35 to 44.
        From35To44 = "35_44",
        /// 45 to 54.
        From45To54 = "45_54",
        /// 55 and over.
        From55 = "55_plus",
    }
}

crate::text_enum! {
    /// Sincerity grade: A (likely within a month) to D (vague or not qualified).
    pub enum Grade {
        /// High intent and purchasing power; likely within a month.
        A = "A",
        /// Likely within one to three months.
        B = "B",
        /// Longer, or purchasing power unconfirmed.
        C = "C",
        /// Vague or not qualified.
        D = "D",
    }
}

crate::text_enum! {
    /// A personal-data field that can be revealed in clear.
    pub enum RevealField {
        /// The phone number.
        Phone = "phone",
        /// The resident ID number.
        IdNumber = "id_number",
    }
}

// How buyers are reached: the words of follow-ups, kept here with the lead's other words
// because a lead's last contact is told in them.

crate::text_enum! {
    /// How the buyer was reached.
    pub enum Channel {
        /// A phone call.
        Phone = "phone",
        /// WeChat messages or a WeChat call.
        Wechat = "wechat",
        /// 到访: the buyer came to the sales office.
        Visit = "visit",
        /// 看样板房/现房: the buyer saw a show flat or a finished unit.
        ShowFlat = "show_flat",
        /// A text message.
        Sms = "sms",
        /// A video call.
        Video = "video",
        /// Anything else.
        Other = "other",
    }
}

impl Channel {
    /// Whether the buyer was on site (a visit or a show-flat viewing).
    pub fn is_on_site(self) -> bool {
        matches!(self, Channel::Visit | Channel::ShowFlat)
    }
}

crate::text_enum! {
    /// Why the salesperson made contact, or plans to.
    pub enum ContactPurpose {
        /// 挖掘需求: learn what the buyer needs.
        DiscoverNeeds = "discover_needs",
        /// 传递价值: show what the project offers.
        DeliverValue = "deliver_value",
        /// 推进: move towards a visit, subscription or deal.
        PushProgress = "push_progress",
        /// 解决疑虑: answer doubts and objections.
        ResolveDoubts = "resolve_doubts",
        /// 关怀: keep in touch (birthdays, holidays).
        Care = "care",
    }
}

crate::text_enum! {
    /// Who started the contact.
    pub enum InitiatedBy {
        /// The buyer called or came by themselves: a strong sign of intent.
        Customer = "customer",
        /// The salesperson reached out.
        Salesperson = "salesperson",
    }
}

// Booking: opening day and its reservations.

crate::text_enum! {
    /// Whether units can be taken.
    pub enum OpeningState {
        /// Before or after the opening: no reservations.
        Closed = "closed",
        /// Reservations are taken.
        Open = "open",
    }
}

crate::text_enum! {
    /// Who may choose when.
    pub enum OpeningMode {
        /// Anyone allowed may reserve at any time.
        Free = "free",
        /// Only leads whose queue number has been called (`called_up_to`).
        Ordered = "ordered",
    }
}

crate::text_enum! {
    /// Where a reservation stands.
    pub enum ReservationStatus {
        /// 认购: the unit is taken.
        Active = "active",
        /// Cancelled; the unit went back on sale.
        Cancelled = "cancelled",
        /// 签约: contract signed, unit sold.
        Signed = "signed",
    }
}
