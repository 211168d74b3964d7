//! Channels, their reports and appeals; the desk's visits and the walk-in rotation.

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
    "appeal.agents_only" 403
        "Only the report's agent appeals it."
        "只有报备的经纪人可以申诉。";
    "appeal.already_decided" 409
        "This appeal was already decided."
        "该申诉已处理。";
    "appeal.already_open" 409
        "This report already has an open appeal."
        "该报备已有待处理的申诉。";
    "appeal.forbidden" 403
        "Appeals are between a channel's agents and managers."
        "申诉仅限渠道经纪人和经理处理。";
    "appeal.no_lead" 409
        "No lead of the project has the reported phone: there is nothing to attribute."
        "项目中没有该报备手机号的客户，无法归属渠道。";
    "appeal.not_contestable" 409
        "Only a refused or expired report can be appealed."
        "只有被拒绝或已失效的报备可以申诉。";
    "appeal.not_found" 404
        "No such appeal."
        "申诉不存在。";
    "channel.manager_only" 403
        "Only admins and managers register channels."
        "只有管理员和经理可以登记渠道。";
    "channel.name_taken" 409
        "A channel with this name is already registered."
        "该渠道名称已被登记。";
    "channel.not_found" 404
        "No such channel."
        "渠道不存在。";
    "channel.not_yours" 403
        "This channel also serves a project you do not manage; ask an admin or that project's manager."
        "该渠道也服务于您不负责的项目，请联系管理员或该项目的经理。";
    "channel.version_conflict" 412
        "The channel changed since you read it; reload and try again."
        "渠道信息已被修改，请刷新后重试。";
    "report.agents_only" 403
        "Only channel agents file reports."
        "只有渠道经纪人可以报备。";
    "report.already_customer" 409
        "This customer is already held under protection, by a salesperson or a channel."
        "该客户已在保护期内（属于置业顾问或其他渠道）。";
    "report.already_reported" 409
        "Another valid report already holds this customer."
        "该客户已被其他有效报备占用。";
    "report.channel_suspended" 403
        "Your channel's cooperation is suspended: it files no new reports."
        "您所在渠道的合作已暂停，不能新增报备。";
    "report.forbidden" 403
        "Reports are for channel agents, the desk and managers."
        "报备仅供渠道经纪人、前台和经理查看。";
    "report.no_longer_valid" 409
        "The report stopped being valid while the visit was registered; register it again."
        "登记期间该报备已失效，请重新登记来访。";
    "report.not_found" 404
        "No such report."
        "报备不存在。";
    "report.prior_visit" 409
        "This customer visited the project before the report was filed."
        "该客户在报备之前已到访过本项目。";
    "rotation.not_checked_in" 409
        "You have not checked in to today's rotation."
        "您今天尚未签到轮排。";
    "rotation.not_on_duty" 409
        "That person is not on duty in today's rotation."
        "该置业顾问今天不在轮排值班中。";
    "rotation.not_on_the_floor" 403
        "Only the project's salespeople and managers take turns in its rotation."
        "只有本项目的置业顾问和经理可以参加轮排。";
    "visit.already_assigned" 409
        "This visit already went to a salesperson."
        "该来访已分配给置业顾问。";
    "visit.day_closed" 409
        "A visit is corrected the day it happened only."
        "来访登记只能在当天修改。";
    "visit.forbidden" 403
        "Channel agents file reports; the desk registers visits."
        "渠道经纪人只能报备，来访由前台登记。";
    "visit.lead_protected" 409
        "The visitor's lead is under its owner's protection again since the visit was registered."
        "该来访客户登记后已重新受原置业顾问保护。";
    "visit.not_found" 404
        "No such visit."
        "来访记录不存在。";
    "visit.version_conflict" 412
        "The visit changed since you read it; reload and try again."
        "来访记录已被修改，请刷新后重试。";
};
