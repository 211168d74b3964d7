//! Reception (前台): the front desk of a project. The walk-in rotation (轮排), and the visit
//! register (来访登记) with the server's verdict on whose customer each visitor is (判客).

pub mod dto;
pub mod handlers;
pub mod model;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// Where a salesperson stands in the day's rotation.
    pub enum DutyState {
        /// Checked in and waiting for a walk-in, in queue order.
        OnDuty = "on_duty",
        /// Checked out (away from the floor): skipped by the rotation until they check in.
        Away = "away",
    }
}

crate::text_enum! {
    /// How the visitor says they came. The desk's word, not the verdict: a visitor who says
    /// a broker sent them is `reported` only if a valid report matches.
    pub enum CameWith {
        /// Walked in (自然到访).
        WalkIn = "walk_in",
        /// Brought or sent by a channel that reported them (渠道带客).
        ChannelReport = "channel_report",
        /// Brought by a buyer of the project (老带新); `referrer_phone` names them.
        Referral = "referral",
        /// Came for an appointment.
        Appointment = "appointment",
    }
}

crate::text_enum! {
    /// The server's verdict on whose customer a visitor is (判客).
    pub enum Verdict {
        /// New to the project: a lead is created for the salesperson the rotation chose.
        New = "new",
        /// A lead under protection: its owner receives them (复访), taking no turn.
        Returning = "returning",
        /// A lead whose protection lapsed: it goes through the rotation to a new owner.
        Pool = "pool",
        /// A valid channel report matches: the lead is the channel's, the salesperson the
        /// rotation's.
        Reported = "reported",
    }
}
