//! The reporting view over the rows the domain modules keep when things happen, and the
//! two tables analytics owns (`channel_costs`, `segments`).

pub mod cohort;
pub mod costs;
mod facts;
pub mod members;
pub mod moves;
pub mod quality;
pub mod segments;
pub mod value;

pub use facts::*;
