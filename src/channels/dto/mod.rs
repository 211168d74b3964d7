//! Request and response bodies of channels, one file per resource.

mod appeals;
mod commission_rules;
mod registry;
mod reports;

pub use appeals::*;
pub use commission_rules::*;
pub use registry::*;
pub use reports::*;
