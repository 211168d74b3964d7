//! What the integration tests share: the running app (`app`), its database
//! (`database`), the sales office fixture (`site`), database-level arrangements
//! (`builders`), the log switch (`log`), a fake WeChat (`fake_wechat`) and a webhook
//! receiver (`receiver`).

mod app;
mod builders;
mod database;
pub mod fake_wechat;
mod log;
pub mod receiver;
mod site;

pub use app::*;
pub use builders::LeadFacts;
pub use database::TestDatabase;
pub use site::{items, names, site, site_with, Site};
