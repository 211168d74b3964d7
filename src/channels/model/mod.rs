//! Diesel structs of the tables channels own: `channels`, `channel_projects`,
//! `channel_reports`, `report_appeals` and `commission_rules`.

mod appeals;
mod commission_rules;
mod registry;
mod reports;

pub use appeals::*;
pub use commission_rules::*;
pub use registry::*;
pub use reports::*;
