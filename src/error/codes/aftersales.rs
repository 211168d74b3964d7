//! Error codes of service after the sale: complaints and surveys.

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
    "complaint.forbidden" 403
        "Your role does not handle complaints."
        "您的角色不处理客诉。";
    "complaint.invalid_move" 409
        "The complaint cannot make this move from where it stands (or moved meanwhile); reload it."
        "客诉当前状态不允许此操作（或已被他人处理），请刷新后重试。";
    "complaint.not_allowed" 403
        "Only the project's managers or the case's assignee may do this."
        "仅项目经理或该客诉的处理人可执行此操作。";
    "complaint.not_found" 404
        "No such complaint."
        "客诉不存在。";
    "survey.already_answered" 409
        "This survey was already answered; thank you."
        "该问卷已提交，感谢您的反馈。";
    "survey.expired" 410
        "This survey link has expired."
        "该问卷链接已过期。";
    "survey.not_found" 404
        "No such survey link."
        "问卷链接不存在。";
    "survey.template_name_taken" 409
        "The project has a survey template of that name."
        "本项目已有同名问卷模板。";
};
