//! Request and response bodies of service after the sale.

mod care;
mod complaints;
mod policy;
mod surveys;

pub use care::*;
pub use complaints::*;
pub use policy::*;
pub use surveys::*;
