//! Request and response bodies of booking, by part.

mod intents;
mod inventory;

pub use intents::*;
pub use inventory::*;
