//! What the reports answer, by report.

mod daily;
mod funnel;
mod lost;
mod quality;

pub use daily::*;
pub use funnel::*;
pub use lost::*;
pub use quality::*;

crate::text_enum! {
    /// A report's representation.
    pub enum ReportFormat {
        /// JSON (the default).
        Json = "json",
        /// CSV with a header row.
        Csv = "csv",
    }
}
