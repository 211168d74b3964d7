//! Error codes of the change feed, webhooks and integration clients.

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
    "event.forbidden" 403
        "Only admins, managers and integrations read the change feed."
        "只有管理员、经理和对接系统可以读取变更流。";
    "event.not_found" 404
        "No such event (or it is no longer kept)."
        "事件不存在（或已超过保留期限）。";
    "webhook.admin_only" 403
        "Only admins manage webhooks."
        "只有管理员可以管理 Webhook。";
    "webhook.not_found" 404
        "No such webhook endpoint."
        "Webhook 地址不存在。";
    "webhook.version_conflict" 412
        "The endpoint changed since you read it; reload."
        "该 Webhook 已被修改，请刷新后重试。";
};
