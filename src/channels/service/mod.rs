//! Channel rules, split by resource: the registry of channels, the reports their agents
//! file, and (for the desk) the arrival of a reported buyer.

pub mod arrivals;
mod registry;
mod reports;

pub use registry::{create, find, list, update};
pub use reports::{file_report, find_report, list_reports};
