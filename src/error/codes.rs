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

/// Every code, sorted by `code`.
pub const REGISTRY: &[ErrorCode] = &[
    ErrorCode {
        code: "audit.admin_only",
        status: 403,
        en: "Only admins may verify the audit trail.",
        zh: "只有管理员可以校验操作日志。",
    },
    ErrorCode {
        code: "audit.checkpoint_invalid",
        status: 422,
        en: "This checkpoint was not signed by this deployment.",
        zh: "该校验点不是本系统签发的。",
    },
    ErrorCode {
        code: "audit.forbidden",
        status: 403,
        en: "Only managers and admins may read the audit trail.",
        zh: "只有经理和管理员可以查看操作日志。",
    },
    ErrorCode {
        code: "auth.account_frozen",
        status: 401,
        en: "This account is frozen; ask your manager.",
        zh: "该账号已被冻结，请联系您的经理。",
    },
    ErrorCode {
        code: "auth.invalid_credentials",
        status: 401,
        en: "Wrong username or password.",
        zh: "用户名或密码错误。",
    },
    ErrorCode {
        code: "auth.invalid_refresh_token",
        status: 401,
        en: "The refresh token is not valid; sign in again.",
        zh: "登录凭证无效，请重新登录。",
    },
    ErrorCode {
        code: "auth.invalid_token",
        status: 401,
        en: "The access token is not valid; sign in again.",
        zh: "登录状态无效，请重新登录。",
    },
    ErrorCode {
        code: "auth.missing_token",
        status: 401,
        en: "Sign in first: the request carries no access token.",
        zh: "请先登录。",
    },
    ErrorCode {
        code: "auth.refresh_token_expired",
        status: 401,
        en: "The refresh token has expired; sign in again.",
        zh: "登录已过期，请重新登录。",
    },
    ErrorCode {
        code: "auth.refresh_token_reused",
        status: 401,
        en: "This refresh token was already used; every session of this sign-in has been ended.",
        zh: "该登录凭证已被使用过，为安全起见本次登录已全部退出，请重新登录。",
    },
    ErrorCode {
        code: "auth.token_expired",
        status: 401,
        en: "The access token has expired; refresh it or sign in again.",
        zh: "登录已过期，请刷新或重新登录。",
    },
    ErrorCode {
        code: "auth.token_revoked",
        status: 401,
        en: "This session is no longer valid; sign in again.",
        zh: "本次登录已失效，请重新登录。",
    },
    ErrorCode {
        code: "auth.too_many_attempts",
        status: 429,
        en: "Too many failed sign-ins for this account; wait and try again.",
        zh: "该账号登录失败次数过多，请稍后再试。",
    },
    ErrorCode {
        code: "auth.too_many_attempts_from_address",
        status: 429,
        en: "Too many failed sign-ins from this address; wait and try again.",
        zh: "该地址登录失败次数过多，请稍后再试。",
    },
    ErrorCode {
        code: "conflict.duplicate",
        status: 409,
        en: "A record with the same key already exists.",
        zh: "已存在相同的记录，请勿重复提交。",
    },
    ErrorCode {
        code: "conflict.reference",
        status: 409,
        en: "The request refers to a record that does not exist.",
        zh: "所引用的记录不存在，请刷新后重试。",
    },
    ErrorCode {
        code: "follow_up.author_only",
        status: 403,
        en: "Only the author may correct a follow-up.",
        zh: "只有记录人本人可以修改这条跟进记录。",
    },
    ErrorCode {
        code: "follow_up.locked",
        status: 403,
        en: "A follow-up can be corrected for 24 hours only.",
        zh: "跟进记录只能在 24 小时内修改。",
    },
    ErrorCode { code: "follow_up.not_found", status: 404, en: "No such follow-up.", zh: "跟进记录不存在。" },
    ErrorCode {
        code: "follow_up.version_conflict",
        status: 412,
        en: "The follow-up changed since you read it; reload and try again.",
        zh: "该跟进记录已被修改，请刷新后重试。",
    },
    ErrorCode {
        code: "grade.no_override",
        status: 404,
        en: "This lead's grade is not overridden.",
        zh: "该客户的等级没有手动调整。",
    },
    ErrorCode {
        code: "grading.rules_changed",
        status: 409,
        en: "The rules changed meanwhile; reload and save again.",
        zh: "评级规则已被他人修改，请刷新后重新保存。",
    },
    ErrorCode {
        code: "idempotency.in_progress",
        status: 409,
        en: "The first request with this key is still being served; retry shortly.",
        zh: "相同的请求正在处理中，请稍后重试。",
    },
    ErrorCode {
        code: "idempotency.invalid_key",
        status: 422,
        en: "The Idempotency-Key must be 1 to 255 printable ASCII characters.",
        zh: "请求标识（Idempotency-Key）须为 1 至 255 个可打印 ASCII 字符。",
    },
    ErrorCode {
        code: "idempotency.key_reused",
        status: 422,
        en: "This Idempotency-Key was already used for a different request; use a new key.",
        zh: "该请求标识（Idempotency-Key）已用于另一个请求，请使用新的标识。",
    },
    ErrorCode {
        code: "import.bad_csv",
        status: 400,
        en: "The CSV file cannot be read.",
        zh: "无法读取该 CSV 文件，请检查文件格式。",
    },
    ErrorCode {
        code: "import.not_utf8",
        status: 400,
        en: "The CSV file must be UTF-8 encoded.",
        zh: "CSV 文件须为 UTF-8 编码（可在 Excel 中另存为“CSV UTF-8”）。",
    },
    ErrorCode {
        code: "internal",
        status: 500,
        en: "Something went wrong on our side; it has been logged.",
        zh: "系统出现异常，已记录，请稍后重试。",
    },
    ErrorCode {
        code: "lead.already_claimed",
        status: 409,
        en: "Someone holds this lead; it is not in the pool.",
        zh: "该客户已被他人领取，不在公海中。",
    },
    ErrorCode {
        code: "lead.claim_forbidden",
        status: 403,
        en: "Only salespeople and managers may claim leads.",
        zh: "只有置业顾问和经理可以领取客户。",
    },
    ErrorCode {
        code: "lead.duplicate_phone",
        status: 409,
        en: "A lead with this phone is already registered in the project.",
        zh: "该手机号已在本楼盘登记过客户（撞单）。",
    },
    ErrorCode {
        code: "lead.handover_target_not_member",
        status: 422,
        en: "The salesperson taking over must be a member of every project the leads belong to.",
        zh: "接手的置业顾问必须是这些客户所属全部楼盘的成员。",
    },
    ErrorCode {
        code: "lead.import_size",
        status: 422,
        en: "A lead import must hold 1 to 5,000 rows.",
        zh: "一次导入的客户须为 1 至 5000 条。",
    },
    ErrorCode {
        code: "lead.invalid_id_number",
        status: 422,
        en: "The ID number is not valid.",
        zh: "身份证号码无效，请核对。",
    },
    ErrorCode {
        code: "lead.invalid_phone",
        status: 422,
        en: "The phone number is not an 11-digit mainland mobile number.",
        zh: "手机号码无效，须为 11 位大陆手机号。",
    },
    ErrorCode {
        code: "lead.manager_only",
        status: 403,
        en: "Only managers may delete leads or move them between salespeople.",
        zh: "只有经理可以删除客户或在置业顾问之间调配客户。",
    },
    ErrorCode {
        code: "lead.no_id_number",
        status: 404,
        en: "No ID number is recorded for this lead.",
        zh: "该客户未登记身份证号。",
    },
    ErrorCode { code: "lead.not_found", status: 404, en: "No such lead.", zh: "客户不存在。" },
    ErrorCode {
        code: "lead.not_subscribed",
        status: 409,
        en: "Only subscribed leads may reserve.",
        zh: "只有已认筹的客户才能选房认购。",
    },
    ErrorCode {
        code: "lead.owner_changed",
        status: 409,
        en: "The lead changed hands meanwhile; reload and try again.",
        zh: "该客户的归属已变更，请刷新后重试。",
    },
    ErrorCode {
        code: "lead.reservation_limit",
        status: 409,
        en: "The lead already holds as many units as allowed.",
        zh: "该客户认购的房源已达上限。",
    },
    ErrorCode {
        code: "lead.reveal_forbidden",
        status: 403,
        en: "Only the owner and managers may reveal personal data.",
        zh: "只有客户的置业顾问和经理可以查看完整个人信息。",
    },
    ErrorCode {
        code: "lead.version_conflict",
        status: 412,
        en: "The lead changed since you read it; reload and try again.",
        zh: "客户资料已被修改，请刷新后重试。",
    },
    ErrorCode { code: "not_found", status: 404, en: "The resource does not exist.", zh: "请求的内容不存在。" },
    ErrorCode {
        code: "objection.not_found", status: 404, en: "No such objection.", zh: "该异议处理条目不存在。"
    },
    ErrorCode {
        code: "objection.version_conflict",
        status: 412,
        en: "The entry changed since you read it; reload and try again.",
        zh: "该异议处理条目已被修改，请刷新后重试。",
    },
    ErrorCode {
        code: "opening.closed", status: 409, en: "The opening is not open.", zh: "开盘尚未开始或已经结束。"
    },
    ErrorCode {
        code: "opening.not_called",
        status: 409,
        en: "This lead's queue number has not been called yet.",
        zh: "该客户的排号尚未叫到。",
    },
    ErrorCode {
        code: "project.admin_only",
        status: 403,
        en: "Only admins may create and edit projects.",
        zh: "只有管理员可以创建和编辑楼盘。",
    },
    ErrorCode {
        code: "project.manager_only",
        status: 403,
        en: "Only the project's managers may do this.",
        zh: "只有本楼盘的经理可以执行此操作。",
    },
    ErrorCode {
        code: "project.member_not_found",
        status: 404,
        en: "That user is not a member of the project.",
        zh: "该用户不是本楼盘的成员。",
    },
    ErrorCode {
        code: "project.member_role_not_grantable",
        status: 403,
        en: "You may not add or remove a member with this role.",
        zh: "您无权添加或移除该角色的成员。",
    },
    ErrorCode { code: "project.not_found", status: 404, en: "No such project.", zh: "楼盘不存在。" },
    ErrorCode {
        code: "project.version_conflict",
        status: 412,
        en: "The project changed since you read it; reload and try again.",
        zh: "楼盘信息已被修改，请刷新后重试。",
    },
    ErrorCode {
        code: "rate_limit.exceeded",
        status: 429,
        en: "Too many requests; wait as Retry-After says, then go on.",
        zh: "请求过于频繁，请按 Retry-After 所示稍候再试。",
    },
    ErrorCode {
        code: "request.body_too_large",
        status: 413,
        en: "The request body is too large.",
        zh: "提交的内容过大。",
    },
    ErrorCode {
        code: "request.body_unreadable",
        status: 400,
        en: "The request body could not be read.",
        zh: "无法读取提交的内容，请重试。",
    },
    ErrorCode {
        code: "request.malformed_json",
        status: 400,
        en: "The request body is not valid JSON.",
        zh: "提交的数据格式有误，不是有效的 JSON。",
    },
    ErrorCode {
        code: "request.method_not_allowed",
        status: 405,
        en: "This resource does not accept this method.",
        zh: "该接口不支持此请求方法。",
    },
    ErrorCode {
        code: "request.method_override_required",
        status: 400,
        en: "Send this update as PATCH, or as POST with X-HTTP-Method-Override: PATCH.",
        zh: "请以 PATCH 提交此修改，或以 POST 提交并带上 X-HTTP-Method-Override: PATCH 请求头。",
    },
    ErrorCode {
        code: "request.unsupported_media_type",
        status: 415,
        en: "The request body is not in a format this resource accepts.",
        zh: "提交内容的格式不受支持。",
    },
    ErrorCode {
        code: "reservation.not_active",
        status: 409,
        en: "The reservation is cancelled or already signed.",
        zh: "该认购已取消或已签约。",
    },
    ErrorCode {
        code: "reservation.not_found", status: 404, en: "No such reservation.", zh: "认购记录不存在。"
    },
    ErrorCode {
        code: "route.not_found", status: 404, en: "There is no such endpoint.", zh: "请求的接口不存在。"
    },
    ErrorCode {
        code: "service.busy",
        status: 503,
        en: "The service is busy; retry shortly.",
        zh: "系统繁忙，请稍后重试。",
    },
    ErrorCode {
        code: "service.database_unavailable",
        status: 503,
        en: "The service is temporarily unavailable; retry shortly.",
        zh: "服务暂时不可用，请稍后重试。",
    },
    ErrorCode {
        code: "subscription.already_active",
        status: 409,
        en: "The lead already holds an active subscription.",
        zh: "该客户已有有效的认筹。",
    },
    ErrorCode {
        code: "subscription.duplicate_receipt",
        status: 409,
        en: "This receipt number is already recorded.",
        zh: "该收据号已登记过。",
    },
    ErrorCode {
        code: "subscription.not_active",
        status: 409,
        en: "The subscription was already refunded.",
        zh: "该认筹已退筹。",
    },
    ErrorCode {
        code: "subscription.not_found", status: 404, en: "No such subscription.", zh: "认筹记录不存在。"
    },
    ErrorCode {
        code: "unit.held",
        status: 409,
        en: "The unit is held back (pre-sale control).",
        zh: "该房源已被销控，暂不可售。",
    },
    ErrorCode {
        code: "unit.import_size",
        status: 422,
        en: "A unit import must hold 1 to 10,000 rows.",
        zh: "一次导入的房源须为 1 至 10000 条。",
    },
    ErrorCode {
        code: "unit.not_available",
        status: 409,
        en: "The unit is already reserved or sold.",
        zh: "该房源已被认购或已售出。",
    },
    ErrorCode { code: "unit.not_found", status: 404, en: "No such unit.", zh: "房源不存在。" },
    ErrorCode { code: "unit.not_held", status: 409, en: "The unit is not held.", zh: "该房源未被销控。" },
    ErrorCode {
        code: "unit.version_conflict",
        status: 412,
        en: "The unit changed since you read it; reload and try again.",
        zh: "房源信息已被修改，请刷新后重试。",
    },
    ErrorCode {
        code: "user.admin_only",
        status: 403,
        en: "Only admins may change other people's accounts.",
        zh: "只有管理员可以修改他人的账号。",
    },
    ErrorCode {
        code: "user.cannot_freeze_self",
        status: 409,
        en: "You cannot freeze or unfreeze your own account.",
        zh: "不能冻结或解冻自己的账号。",
    },
    ErrorCode {
        code: "user.current_password_required",
        status: 422,
        en: "Changing your own password needs your current password.",
        zh: "修改自己的密码需要输入当前密码。",
    },
    ErrorCode {
        code: "user.current_password_wrong",
        status: 403,
        en: "The current password is not right.",
        zh: "当前密码不正确。",
    },
    ErrorCode {
        code: "user.freeze_forbidden",
        status: 403,
        en: "You may not freeze or unfreeze this account.",
        zh: "您无权冻结或解冻该账号。",
    },
    ErrorCode {
        code: "user.list_forbidden",
        status: 403,
        en: "Only admins and managers may list accounts.",
        zh: "只有管理员和经理可以查看账号列表。",
    },
    ErrorCode { code: "user.not_found", status: 404, en: "No such user.", zh: "用户不存在。" },
    ErrorCode {
        code: "user.not_yours",
        status: 403,
        en: "This account also belongs to a project you do not manage; ask an admin or that project's manager.",
        zh: "该账号还属于您未管理的项目，请联系管理员或该项目的经理。",
    },
    ErrorCode {
        code: "user.own_role",
        status: 403,
        en: "Nobody may change their own role.",
        zh: "不能修改自己的角色。",
    },
    ErrorCode {
        code: "user.role_not_grantable",
        status: 403,
        en: "You may not grant this role.",
        zh: "您无权授予该角色。",
    },
    ErrorCode {
        code: "user.username_taken",
        status: 409,
        en: "That username is already taken.",
        zh: "该用户名已被占用。",
    },
    ErrorCode {
        code: "user.version_conflict",
        status: 412,
        en: "The account changed since you read it; reload and try again.",
        zh: "账号信息已被修改，请刷新后重试。",
    },
    ErrorCode {
        code: "validation.failed",
        status: 422,
        en: "The request has invalid fields.",
        zh: "提交的信息有误，请检查标注的字段。",
    },
];

/// The registry entry of a code.
pub fn lookup(code: &str) -> Option<&'static ErrorCode> {
    REGISTRY.binary_search_by(|entry| entry.code.cmp(code)).ok().map(|i| &REGISTRY[i])
}
