//! The query side of the audit trail: search and export for managers and admins,
//! verification of the chain, signed checkpoints and retention. (A lead's history in words
//! is the lead's: `leads::service::history`.)

mod checkpoint;
mod purge;
mod query;
mod verify;

pub use checkpoint::Checkpoint;
pub use purge::{purge_before, PurgeResult};
pub use query::{export, list, EXPORT_LIMIT};
pub use verify::{seal_unhashed, verify, verify_for};
