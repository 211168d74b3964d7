//! The published list of every error `code` the API answers with: its status and the
//! message a front end can show, in English and Chinese (zh-CN). Served at
//! `GET /api/v1/error-codes`, mirrored in the spec's description, and checked against
//! the codes the source raises by a test.

/// One error code of the registry.
#[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorCode {
    /// The stable machine-readable code, e.g. `lead.duplicate_phone`.
    pub code: &'static str,
    /// The HTTP status it is answered with.
    pub status: u16,
    /// The message in English.
    pub en: &'static str,
    /// The message in Chinese (zh-CN).
    pub zh: &'static str,
}

/// Writes the registry as a table: code, status, English, Chinese — one entry per row.
macro_rules! registry {
    ($($code:literal $status:literal $en:literal $zh:literal;)*) => {
        &[$(ErrorCode { code: $code, status: $status, en: $en, zh: $zh }),*]
    };
}

/// Every code, sorted by `code`.
#[rustfmt::skip]
pub const REGISTRY: &[ErrorCode] = registry! {
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
    "audit.admin_only" 403
        "Only admins may verify the audit trail."
        "只有管理员可以校验操作日志。";
    "audit.checkpoint_invalid" 422
        "This checkpoint was not signed by this deployment."
        "该校验点不是本系统签发的。";
    "audit.forbidden" 403
        "Only managers and admins may read the audit trail."
        "只有经理和管理员可以查看操作日志。";
    "auth.account_frozen" 401
        "This account is frozen; ask your manager."
        "该账号已被冻结，请联系您的经理。";
    "auth.invalid_credentials" 401
        "Wrong username or password."
        "用户名或密码错误。";
    "auth.invalid_refresh_token" 401
        "The refresh token is not valid; sign in again."
        "登录凭证无效，请重新登录。";
    "auth.invalid_token" 401
        "The access token is not valid; sign in again."
        "登录状态无效，请重新登录。";
    "auth.missing_token" 401
        "Sign in first: the request carries no access token."
        "请先登录。";
    "auth.refresh_token_expired" 401
        "The refresh token has expired; sign in again."
        "登录已过期，请重新登录。";
    "auth.refresh_token_reused" 401
        "This refresh token was already used; every session of this sign-in has been ended."
        "该登录凭证已被使用过，为安全起见本次登录已全部退出，请重新登录。";
    "auth.token_expired" 401
        "The access token has expired; refresh it or sign in again."
        "登录已过期，请刷新或重新登录。";
    "auth.token_revoked" 401
        "This session is no longer valid; sign in again."
        "本次登录已失效，请重新登录。";
    "auth.too_many_attempts" 429
        "Too many failed sign-ins for this account; wait and try again."
        "该账号登录失败次数过多，请稍后再试。";
    "auth.too_many_attempts_from_address" 429
        "Too many failed sign-ins from this address; wait and try again."
        "该地址登录失败次数过多，请稍后再试。";
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
    "commission.finance_only" 403
        "Only finance pays commissions."
        "只有财务可以支付佣金。";
    "commission.forbidden" 403
        "Commissions are for managers, finance and the channel's agents."
        "佣金仅限经理、财务和所属渠道的经纪人查看。";
    "commission.not_found" 404
        "No such commission."
        "佣金不存在。";
    "commission.not_payable" 409
        "Only a payable commission is paid: its milestone is not reached, or it was paid or clawed back."
        "只有可结算的佣金才能支付：结佣节点未达到，或已支付、已追回。";
    "conflict.duplicate" 409
        "A record with the same key already exists."
        "已存在相同的记录，请勿重复提交。";
    "conflict.reference" 409
        "The request refers to a record that does not exist."
        "所引用的记录不存在，请刷新后重试。";
    "deal.cancelled" 409
        "The deal was cancelled."
        "该成交已退房。";
    "deal.finance_only" 403
        "Only the project's managers and finance handle money."
        "只有项目经理和财务可以处理回款。";
    "deal.manager_only" 403
        "Only the project's managers change or cancel a deal."
        "只有项目经理可以换房或退房。";
    "deal.mortgage_stage" 409
        "A mortgage moves one stage at a time: applied, then approved, then disbursed."
        "按揭须逐步推进：已申请、已审批、已放款。";
    "deal.not_found" 404
        "No such deal."
        "成交不存在。";
    "deal.not_mortgage" 409
        "The deal is not paid by a mortgage."
        "该成交不是按揭付款。";
    "deal.price_below_collected" 409
        "More is collected already than the new price."
        "已收款项超过新房价。";
    "deal.refund_exceeds_collected" 409
        "The refund cannot be more than what was collected."
        "退款不能超过已收款项。";
    "deal.role_forbidden" 403
        "Your role does not see deals."
        "您的角色无权查看成交。";
    "follow_up.author_only" 403
        "Only the author may correct a follow-up."
        "只有记录人本人可以修改这条跟进记录。";
    "follow_up.locked" 403
        "A follow-up can be corrected for 24 hours only."
        "跟进记录只能在 24 小时内修改。";
    "follow_up.not_found" 404
        "No such follow-up."
        "跟进记录不存在。";
    "follow_up.version_conflict" 412
        "The follow-up changed since you read it; reload and try again."
        "该跟进记录已被修改，请刷新后重试。";
    "grade.no_override" 404
        "This lead's grade is not overridden."
        "该客户的等级没有手动调整。";
    "grading.rules_changed" 409
        "The rules changed meanwhile; reload and save again."
        "评级规则已被他人修改，请刷新后重新保存。";
    "idempotency.in_progress" 409
        "The first request with this key is still being served; retry shortly."
        "相同的请求正在处理中，请稍后重试。";
    "idempotency.invalid_key" 422
        "The Idempotency-Key must be 1 to 255 printable ASCII characters."
        "请求标识（Idempotency-Key）须为 1 至 255 个可打印 ASCII 字符。";
    "idempotency.key_reused" 422
        "This Idempotency-Key was already used for a different request; use a new key."
        "该请求标识（Idempotency-Key）已用于另一个请求，请使用新的标识。";
    "import.bad_csv" 400
        "The CSV file cannot be read."
        "无法读取该 CSV 文件，请检查文件格式。";
    "import.not_utf8" 400
        "The CSV file must be UTF-8 encoded."
        "CSV 文件须为 UTF-8 编码（可在 Excel 中另存为“CSV UTF-8”）。";
    "internal" 500
        "Something went wrong on our side; it has been logged."
        "系统出现异常，已记录，请稍后重试。";
    "lead.already_claimed" 409
        "Someone holds this lead; it is not in the pool."
        "该客户已被他人领取，不在公海中。";
    "lead.claim_forbidden" 403
        "Only salespeople and managers may claim leads."
        "只有置业顾问和经理可以领取客户。";
    "lead.duplicate_phone" 409
        "A lead with this phone is already registered in the project."
        "该手机号已在本楼盘登记过客户（撞单）。";
    "lead.handover_target_not_member" 422
        "The salesperson taking over must be a member of every project the leads belong to."
        "接手的置业顾问必须是这些客户所属全部楼盘的成员。";
    "lead.import_size" 422
        "A lead import must hold 1 to 5,000 rows."
        "一次导入的客户须为 1 至 5000 条。";
    "lead.in_sale" 409
        "The lead holds a reservation or a signed deal; cancel it before deleting the lead."
        "该客户有认购或已签约的房源，请先撤销认购或办理退房，再删除客户。";
    "lead.invalid_id_number" 422
        "The ID number is not valid."
        "身份证号码无效，请核对。";
    "lead.invalid_phone" 422
        "The phone number is not an 11-digit mainland mobile number."
        "手机号码无效，须为 11 位大陆手机号。";
    "lead.manager_only" 403
        "Only managers may delete leads or move them between salespeople."
        "只有经理可以删除客户或在置业顾问之间调配客户。";
    "lead.no_id_number" 404
        "No ID number is recorded for this lead."
        "该客户未登记身份证号。";
    "lead.not_found" 404
        "No such lead."
        "客户不存在。";
    "lead.not_subscribed" 409
        "Only subscribed leads may reserve."
        "只有已认筹的客户才能选房认购。";
    "lead.owner_changed" 409
        "The lead changed hands meanwhile; reload and try again."
        "该客户的归属已变更，请刷新后重试。";
    "lead.reservation_limit" 409
        "The lead already holds as many units as allowed."
        "该客户认购的房源已达上限。";
    "lead.reveal_forbidden" 403
        "Only the owner and managers may reveal personal data."
        "只有客户的置业顾问和经理可以查看完整个人信息。";
    "lead.role_forbidden" 403
        "Your role does not work with leads."
        "您的角色无权查看客户。";
    "lead.version_conflict" 412
        "The lead changed since you read it; reload and try again."
        "客户资料已被修改，请刷新后重试。";
    "not_found" 404
        "The resource does not exist."
        "请求的内容不存在。";
    "objection.not_found" 404
        "No such objection."
        "该异议处理条目不存在。";
    "objection.version_conflict" 412
        "The entry changed since you read it; reload and try again."
        "该异议处理条目已被修改，请刷新后重试。";
    "opening.closed" 409
        "The opening is not open."
        "开盘尚未开始或已经结束。";
    "opening.not_called" 409
        "This lead's queue number has not been called yet."
        "该客户的排号尚未叫到。";
    "payment.exceeds_due" 409
        "This payment would collect more than the deal owes."
        "该笔收款将超过应收总额。";
    "payment.receipt_conflict" 409
        "This receipt number is already a payment of the project with other facts."
        "该收据号已登记为本项目的另一笔收款。";
    "project.admin_only" 403
        "Only admins may create and edit projects."
        "只有管理员可以创建和编辑楼盘。";
    "project.manager_only" 403
        "Only the project's managers may do this."
        "只有本楼盘的经理可以执行此操作。";
    "project.member_not_found" 404
        "That user is not a member of the project."
        "该用户不是本楼盘的成员。";
    "project.member_role_not_grantable" 403
        "You may not add or remove a member with this role."
        "您无权添加或移除该角色的成员。";
    "project.not_found" 404
        "No such project."
        "楼盘不存在。";
    "project.version_conflict" 412
        "The project changed since you read it; reload and try again."
        "楼盘信息已被修改，请刷新后重试。";
    "rate_limit.exceeded" 429
        "Too many requests; wait as Retry-After says, then go on."
        "请求过于频繁，请按 Retry-After 所示稍候再试。";
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
    "request.body_too_large" 413
        "The request body is too large."
        "提交的内容过大。";
    "request.body_unreadable" 400
        "The request body could not be read."
        "无法读取提交的内容，请重试。";
    "request.malformed_json" 400
        "The request body is not valid JSON."
        "提交的数据格式有误，不是有效的 JSON。";
    "request.method_not_allowed" 405
        "This resource does not accept this method."
        "该接口不支持此请求方法。";
    "request.method_override_required" 400
        "Send this update as PATCH, or as POST with X-HTTP-Method-Override: PATCH."
        "请以 PATCH 提交此修改，或以 POST 提交并带上 X-HTTP-Method-Override: PATCH 请求头。";
    "request.unsupported_media_type" 415
        "The request body is not in a format this resource accepts."
        "提交内容的格式不受支持。";
    "reservation.not_active" 409
        "The reservation is cancelled or already signed."
        "该认购已取消或已签约。";
    "reservation.not_found" 404
        "No such reservation."
        "认购记录不存在。";
    "rotation.not_checked_in" 409
        "You have not checked in to today's rotation."
        "您今天尚未签到轮排。";
    "rotation.not_on_duty" 409
        "That person is not on duty in today's rotation."
        "该置业顾问今天不在轮排值班中。";
    "rotation.not_on_the_floor" 403
        "Only the project's salespeople and managers take turns in its rotation."
        "只有本项目的置业顾问和经理可以参加轮排。";
    "route.not_found" 404
        "There is no such endpoint."
        "请求的接口不存在。";
    "service.busy" 503
        "The service is busy; retry shortly."
        "系统繁忙，请稍后重试。";
    "service.database_unavailable" 503
        "The service is temporarily unavailable; retry shortly."
        "服务暂时不可用，请稍后重试。";
    "subscription.already_active" 409
        "The lead already holds an active subscription."
        "该客户已有有效的认筹。";
    "subscription.duplicate_receipt" 409
        "This receipt number is already recorded."
        "该收据号已登记过。";
    "subscription.not_active" 409
        "The subscription was already refunded."
        "该认筹已退筹。";
    "subscription.not_found" 404
        "No such subscription."
        "认筹记录不存在。";
    "unit.held" 409
        "The unit is held back (pre-sale control)."
        "该房源已被销控，暂不可售。";
    "unit.import_size" 422
        "A unit import must hold 1 to 10,000 rows."
        "一次导入的房源须为 1 至 10000 条。";
    "unit.not_available" 409
        "The unit is already reserved or sold."
        "该房源已被认购或已售出。";
    "unit.not_found" 404
        "No such unit."
        "房源不存在。";
    "unit.not_held" 409
        "The unit is not held."
        "该房源未被销控。";
    "unit.version_conflict" 412
        "The unit changed since you read it; reload and try again."
        "房源信息已被修改，请刷新后重试。";
    "user.admin_only" 403
        "Only admins may change other people's accounts."
        "只有管理员可以修改他人的账号。";
    "user.cannot_freeze_self" 409
        "You cannot freeze or unfreeze your own account."
        "不能冻结或解冻自己的账号。";
    "user.current_password_required" 422
        "Changing your own password needs your current password."
        "修改自己的密码需要输入当前密码。";
    "user.current_password_wrong" 403
        "The current password is not right."
        "当前密码不正确。";
    "user.freeze_forbidden" 403
        "You may not freeze or unfreeze this account."
        "您无权冻结或解冻该账号。";
    "user.list_forbidden" 403
        "Only admins and managers may list accounts."
        "只有管理员和经理可以查看账号列表。";
    "user.not_found" 404
        "No such user."
        "用户不存在。";
    "user.not_yours" 403
        "This account also belongs to a project you do not manage; ask an admin or that project's manager."
        "该账号还属于您未管理的项目，请联系管理员或该项目的经理。";
    "user.own_role" 403
        "Nobody may change their own role."
        "不能修改自己的角色。";
    "user.role_not_grantable" 403
        "You may not grant this role."
        "您无权授予该角色。";
    "user.username_taken" 409
        "That username is already taken."
        "该用户名已被占用。";
    "user.version_conflict" 412
        "The account changed since you read it; reload and try again."
        "账号信息已被修改，请刷新后重试。";
    "validation.failed" 422
        "The request has invalid fields."
        "提交的信息有误，请检查标注的字段。";
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

/// The registry entry of a code.
pub fn lookup(code: &str) -> Option<&'static ErrorCode> {
    REGISTRY.binary_search_by(|entry| entry.code.cmp(code)).ok().map(|i| &REGISTRY[i])
}
