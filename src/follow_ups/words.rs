//! The closed word sets of follow-ups.

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
