//! Request and response bodies of channels, one file per resource.

mod registry;
mod reports;

pub use registry::*;
pub use reports::*;
