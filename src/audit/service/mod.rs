//! The query side of the audit trail: search and export for managers and admins, a
//! lead's history in words, and verification of the chain.

mod checkpoint;
mod history;
mod purge;
mod query;
mod verify;

pub use checkpoint::{log_checkpoints_daily, Checkpoint};
pub use history::lead_history;
pub use purge::{purge_before, PurgeResult};
pub use query::{export, list, EXPORT_LIMIT};
pub use verify::{seal_pending, verify};
