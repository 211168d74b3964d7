//! Error codes of the change feed, webhooks and integration clients.

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
    "event.forbidden" 403
        "Only admins, managers and integrations read the change feed."
        "只有管理员、经理和对接系统可以读取变更流。";
};
