//! Diesel structs and statements of complaints, their timeline and the projects' policies.

pub mod complaints;
pub mod policy;
pub mod steps;
pub mod surveys;

pub use complaints::{Complaint, Settled};
pub use policy::PolicyRow;
pub use steps::Step;
