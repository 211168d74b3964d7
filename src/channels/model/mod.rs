//! Diesel structs of the tables channels own: `channels`, `channel_projects` and
//! `channel_reports`.

mod registry;
mod reports;

pub use registry::*;
pub use reports::*;
