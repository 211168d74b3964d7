//! Error codes of the change feed, webhooks and integration clients.

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
    "client.admin_only" 403
        "Only admins manage integration clients."
        "只有管理员可以管理对接客户端。";
    "client.not_found" 404
        "No such integration client."
        "对接客户端不存在。";
    "client.revoked" 409
        "The client is revoked; make a new one."
        "该对接客户端已吊销，请新建一个。";
    "event.forbidden" 403
        "Only admins, managers and integrations read the change feed."
        "只有管理员、经理和对接系统可以读取变更流。";
    "event.not_found" 404
        "No such event (or it is no longer kept)."
        "事件不存在（或已超过保留期限）。";
    "job.admin_only" 403
        "Only admins see and run scheduled jobs."
        "只有管理员可以查看和运行定时任务。";
    "job.not_found" 404
        "No such job."
        "定时任务不存在。";
    "webhook.admin_only" 403
        "Only admins (and integration clients) manage webhooks."
        "只有管理员（以及对接客户端）可以管理 Webhook。";
    "webhook.not_found" 404
        "No such webhook endpoint."
        "Webhook 地址不存在。";
    "webhook.version_conflict" 412
        "The endpoint changed since you read it; reload."
        "该 Webhook 已被修改，请刷新后重试。";
};
