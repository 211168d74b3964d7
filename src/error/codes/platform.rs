//! Sign-in, accounts and projects, and the plumbing every route shares (requests, idempotency,
//! rate limits, validation, the audit trail).

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
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
    "auth.insufficient_scope" 403
        "The token was not granted the scope this operation needs."
        "该令牌未获得此操作所需的权限范围。";
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
    "auth.wechat_already_bound" 409
        "This WeChat account is bound to another user; unbind it there first."
        "该微信已绑定其他账号，请先在该账号中解绑。";
    "auth.wechat_code_invalid" 401
        "The WeChat login code is invalid, expired or already used; log in on WeChat again."
        "微信登录凭证无效、已过期或已使用，请重新发起微信登录。";
    "auth.wechat_not_configured" 503
        "WeChat sign-in is not set up on this server."
        "本系统未开通微信登录。";
    "auth.wechat_rate_limited" 429
        "WeChat is limiting sign-ins for this mini-program; try again shortly."
        "微信登录请求过于频繁，请稍后重试。";
    "auth.wechat_ticket_invalid" 401
        "The bind ticket is invalid, expired or already used; log in on WeChat again."
        "绑定凭证无效、已过期或已使用，请重新发起微信登录。";
    "auth.wechat_unavailable" 503
        "WeChat did not answer in time; try again shortly."
        "微信服务暂时无法响应，请稍后重试。";
    "auth.wechat_unbound" 401
        "This WeChat account is not bound to a user yet; bind it with your username and password."
        "该微信尚未绑定账号，请用用户名和密码完成绑定。";
    "conflict.duplicate" 409
        "A record with the same key already exists."
        "已存在相同的记录，请勿重复提交。";
    "conflict.reference" 409
        "The request refers to a record that does not exist."
        "所引用的记录不存在，请刷新后重试。";
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
    "not_found" 404
        "The resource does not exist."
        "请求的内容不存在。";
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
    "route.not_found" 404
        "There is no such endpoint."
        "请求的接口不存在。";
    "service.busy" 503
        "The service is busy; retry shortly."
        "系统繁忙，请稍后重试。";
    "service.database_unavailable" 503
        "The service is temporarily unavailable; retry shortly."
        "服务暂时不可用，请稍后重试。";
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
};
