//! Request and response bodies of service after the sale.

mod complaints;
mod policy;
mod surveys;

pub use complaints::*;
pub use policy::*;
pub use surveys::*;
