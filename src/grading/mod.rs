//! Grading: an explainable sincerity score that sets each lead's A/B/C/D grade, with
//! versioned rules per project, a manual override beside it, and the grade's history.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod rules;
pub mod score;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// Why a grade was computed again.
    pub enum GradeCause {
        /// The lead was registered.
        Created = "created",
        /// A follow-up changed counters or recency.
        FollowUp = "follow_up",
        /// Budget, down payment or decision facts were edited.
        ProfileChange = "profile_change",
        /// The lead's unit intents changed.
        IntentChange = "intent_change",
        /// A subscription deposit was paid or refunded.
        Subscription = "subscription",
        /// The project's rules changed.
        RulesChange = "rules_change",
        /// A scheduled or requested recomputation (recency decays daily).
        Recompute = "recompute",
        /// A person set or cleared an override.
        Override = "override",
    }
}

crate::text_enum! {
    /// Where the effective grade comes from.
    pub enum GradeSource {
        /// The score under the project's rules.
        Auto = "auto",
        /// A person's override with a reason.
        Manual = "manual",
    }
}
