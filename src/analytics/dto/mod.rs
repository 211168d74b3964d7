//! What the reports answer, by report.

mod daily;
mod funnel;
mod lost;
mod pyramid;
mod quality;
mod satisfaction;
mod segments;

pub use daily::*;
pub use funnel::*;
pub use lost::*;
pub use pyramid::*;
pub use quality::*;
pub use satisfaction::*;
pub use segments::*;

crate::text_enum! {
    /// A report's representation.
    pub enum ReportFormat {
        /// JSON (the default).
        Json = "json",
        /// CSV with a header row.
        Csv = "csv",
    }
}
