//! Request and response bodies of booking, one file per resource.

mod intents;
mod opening;
mod reservations;
mod subscriptions;
mod units;

pub use intents::*;
pub use opening::*;
pub use reservations::*;
pub use subscriptions::*;
pub use units::*;
