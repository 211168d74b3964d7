//! Request and response bodies of reception, one file per resource.

mod rotation;
mod visits;

pub use rotation::*;
pub use visits::*;
