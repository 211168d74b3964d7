//! Diesel structs of the tables channels own: `channels`, `channel_projects`,
//! `channel_reports` and `report_appeals`.

mod appeals;
mod registry;
mod reports;

pub use appeals::*;
pub use registry::*;
pub use reports::*;
