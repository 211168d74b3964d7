//! What the reports answer, by report.

mod daily;
mod funnel;

pub use daily::*;
pub use funnel::*;

crate::text_enum! {
    /// A report's representation.
    pub enum ReportFormat {
        /// JSON (the default).
        Json = "json",
        /// CSV with a header row.
        Csv = "csv",
    }
}
