//! Diesel structs of the tables deals own: `deals`, `deal_dues`, `deal_payments`,
//! `deal_changes` and `commissions`.

mod commissions;
mod deals;
pub mod deliveries;
mod payments;

pub use commissions::*;
pub use deals::*;
pub use payments::*;
