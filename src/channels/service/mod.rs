//! Channel rules, split by resource: the registry of channels, the reports their agents
//! file, their appeals, their commission rules, and (for the desk) the arrival of a
//! reported buyer.

mod appeals;
pub mod arrivals;
mod commission_rules;
pub mod credit;
pub mod expiry;
mod registry;
mod reports;

pub use appeals::{decide, file_appeal, find_appeal, list_appeals};
pub use commission_rules::{list_rules, set_rule};
pub use registry::{create, find, list, update};
pub use reports::{file_report, find_report, list_reports};
