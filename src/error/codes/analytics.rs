//! Error codes of the director's numbers: reports, channel costs and segments.

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
    "analytics.forbidden" 403
        "Reports are for the project's managers, and for salespeople their own numbers."
        "报表仅供项目经理查看，置业顾问只能查看自己的数据。";
    "analytics.unknown_channel" 422
        "No such channel serves this project."
        "该渠道不存在或未服务于本项目。";
    "segment.name_taken" 409
        "The project has a segment of that name."
        "本项目已有同名客群。";
    "segment.not_found" 404
        "No such segment."
        "客群不存在。";
    "segment.version_conflict" 412
        "The segment changed since you read it; reload."
        "客群已被他人修改，请刷新后重试。";
};
