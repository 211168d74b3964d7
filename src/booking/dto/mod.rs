//! Request and response bodies of booking, by part.

mod intents;
mod inventory;
mod opening;

pub use intents::*;
pub use inventory::*;
pub use opening::*;
