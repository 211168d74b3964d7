//! Projects (楼盘: one development on sale) and who works in them.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// How channel agents report a customer's phone (报备号码).
    pub enum ReportPhoneMode {
        /// The whole number: reports match a visit by the phone itself.
        Full = "full",
        /// First 3 and last 4 digits (`138****8000`): what agents may see of a buyer who is
        /// not yet theirs; a visit matches when those digits agree.
        Masked = "masked",
    }
}
