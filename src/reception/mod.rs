//! Reception (前台): the front desk of a project. The walk-in rotation (轮排) lives here;
//! the visit register (来访登记) and the server's verdict on whose customer a walk-in is
//! (判客) join it.

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
