//! Channel rules, split by resource: the registry of channels, and the reports their
//! agents file.

mod registry;
mod reports;

pub use registry::{create, find, list, update};
pub use reports::{file_report, find_report, list_reports};
