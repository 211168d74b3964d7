//! Diesel structs of the tables reception owns: `rotation_entries` and `visits`.

mod rotation;
mod visits;

pub use rotation::*;
pub use visits::*;
