//! Request and response bodies of service after the sale.

mod complaints;
mod policy;

pub use complaints::*;
pub use policy::*;
