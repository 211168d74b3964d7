//! What the integration tests share: the running app (`app`), its database
//! (`database`), the sales office fixture (`site`), database-level arrangements
//! (`builders`) and the log switch (`log`).

mod app;
mod builders;
mod database;
mod log;
mod site;

pub use app::*;
pub use builders::LeadFacts;
pub use database::TestDatabase;
pub use site::{items, names, site, site_with, Site};
