//! Error codes of the director's numbers: reports and channel costs.

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
};
