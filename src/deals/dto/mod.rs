//! Request and response bodies of deals, one file per resource.

mod commissions;
mod deals;
mod deliveries;
mod money;

pub use commissions::*;
pub use deals::*;
pub use deliveries::*;
pub use money::*;
