//! The reporting view over the rows the domain modules keep when things happen, and the
//! one table analytics owns (`channel_costs`).

pub mod cohort;
pub mod costs;
mod facts;
pub mod moves;
pub mod quality;

pub use facts::*;
