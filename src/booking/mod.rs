//! Booking: the inventory of units, pre-sale control (预销控) and subscriptions (认筹)
//! with their queue numbers — what a sales office needs before opening day (开盘).

pub mod dto;
pub mod handlers;
pub mod heatmap_svg;
pub mod lifecycle;
pub mod model;
pub mod rehearsal;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// Where a unit stands in the sale.
    pub enum UnitStatus {
        /// Free to reserve.
        Available = "available",
        /// Held back by a manager (预销控); cannot be reserved.
        Held = "held",
        /// Taken on opening day (认购).
        Reserved = "reserved",
        /// Contract signed (签约).
        Sold = "sold",
    }
}

crate::text_enum! {
    /// Where a subscription stands.
    pub enum SubscriptionStatus {
        /// Paid; the queue number counts.
        Active = "active",
        /// The deposit was refunded; the number is not given again.
        Refunded = "refunded",
    }
}
