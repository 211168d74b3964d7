//! The kinds of entity the audit trail's events are about.

crate::text_enum! {
    /// What an event is about.
    pub enum EntityType {
        /// An appeal (申诉) of a channel report.
        Appeal = "appeal",
        /// The audit trail itself.
        Audit = "audit",
        /// A channel (渠道).
        Channel = "channel",
        /// A commission (结佣) a deal earned a channel.
        Commission = "commission",
        /// A complaint (客诉) after the sale.
        Complaint = "complaint",
        /// A deal (签约).
        Deal = "deal",
        /// An event of the change feed.
        Event = "event",
        /// A follow-up (跟进).
        FollowUp = "follow_up",
        /// An integration client (OAuth 2.0 client credentials).
        IntegrationClient = "integration_client",
        /// A scheduled job.
        Job = "job",
        /// A person's notifications.
        Notification = "notification",
        /// A lead (客户).
        Lead = "lead",
        /// An objection in the library.
        Objection = "objection",
        /// A project (楼盘).
        Project = "project",
        /// A channel report (报备).
        Report = "report",
        /// A reservation (认购).
        Reservation = "reservation",
        /// A segment (客群): saved criteria over a project's buyers.
        Segment = "segment",
        /// A subscription (认筹).
        Subscription = "subscription",
        /// A survey invitation and its answer.
        Survey = "survey",
        /// A survey template.
        SurveyTemplate = "survey_template",
        /// A unit (房源).
        Unit = "unit",
        /// A staff account.
        User = "user",
        /// A visit to the sales office (来访).
        Visit = "visit",
        /// A webhook endpoint.
        WebhookEndpoint = "webhook_endpoint",
    }
}
