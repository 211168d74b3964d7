//! Request and response bodies of channels, one file per resource.

mod appeals;
mod registry;
mod reports;

pub use appeals::*;
pub use registry::*;
pub use reports::*;
