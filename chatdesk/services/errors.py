"""Errors the services raise, with the code the API answers and a message in Chinese and English."""

from __future__ import annotations

from typing import Any

# code -> (HTTP status, Chinese message, English message)
CATALOG: dict[int, tuple[int, str, str]] = {
    1001: (200, "缺少必填字段：{field}", "Missing required field: {field}"),
    1002: (200, "字段无效：{field}（{reason}）", "Invalid field: {field} ({reason})"),
    -1: (200, "用户名已存在！", "Username already taken"),
    -2: (200, "用户名或密码错误", "Wrong username or password"),
    2003: (
        429,
        "登录失败次数过多，请 {retry_after} 秒后再试",
        "Too many failed logins; try again in {retry_after} s",
    ),
    2004: (401, "令牌缺失、无效或已过期", "Token missing, unknown or expired"),
    2005: (200, "用户不存在：{username}", "No such user: {username}"),
    2006: (200, "当前密码不正确", "The current password is wrong"),
    3001: (200, "对话不存在", "No such chat"),
    3002: (
        200,
        "该 chat_id 属于多个用户，请提供 username",
        "That chat_id belongs to several users: give username",
    ),
    4001: (200, "同名 prompt 已存在：{title}", "A prompt with that title already exists: {title}"),
    4002: (200, "prompt 不存在：{title}", "No such prompt: {title}"),
    6001: (200, "文件夹不存在", "No such folder"),
    6002: (
        200,
        "同一位置已有同名文件夹：{name}",
        "A folder with that name is already there: {name}",
    ),
    6003: (
        200,
        "文件夹不能移到自身或其子文件夹中",
        "A folder cannot move into itself or one of its sub-folders",
    ),
    6004: (200, "标签不存在", "No such tag"),
    6005: (200, "同名标签已存在：{name}", "A tag with that name already exists: {name}"),
    9001: (403, "Host 不被允许", "Host header not allowed"),
    9002: (403, "不允许的跨站请求", "Cross-site request from an origin that is not allowed"),
    9007: (
        403,
        "未开启令牌模式时，只接受运行 ChatDesk 的系统用户的连接；请开启令牌模式（设置，或 serve "
        "--require-token）让其他账户登录后使用",
        "Without token mode only the operating-system user that runs ChatDesk may connect; turn "
        "token mode on (Settings, or serve --require-token) to let other accounts sign in",
    ),
    9003: (413, "请求体超过上限（{limit} 字节）", "Request body over the limit ({limit} bytes)"),
    9004: (405, "不支持的请求方法", "Method not allowed"),
    9005: (404, "接口不存在", "No such endpoint"),
    9006: (400, "请求体无法解析：{reason}", "Body cannot be parsed: {reason}"),
    5000: (500, "服务器内部错误", "Internal error"),
    5001: (
        503,
        "数据库暂时无法连接，正在重试，请稍后再试",
        "Database unreachable, retrying; try again shortly",
    ),
}

# Reasons for 1002, in both languages.
REASONS: dict[str, tuple[str, str]] = {
    "too_long": ("过长，最多 {max} 个字符", "too long, at most {max} characters"),
    "too_short": ("过短，至少 {min} 个字符", "too short, at least {min} characters"),
    "whitespace": ("不能包含空白或控制字符", "must not contain whitespace or control characters"),
    "control": ("不能包含控制字符", "must not contain control characters"),
    "invisible": ("不能包含不可见字符", "must not contain invisible characters"),
    "chat_type": ("只能是 1（用户）或 0（助手）", "must be 1 (user) or 0 (assistant)"),
    "role": ("未知角色", "unknown role"),
    "integer": ("必须是非负整数", "must be a non-negative integer"),
    "range": ("必须在 {min} 到 {max} 之间", "must be between {min} and {max}"),
    "token_user": ("与令牌的用户不符", "does not match the token's user"),
    "format": ("只能是 json", "must be json"),
    "order": ("只能是 newest 或 relevance", "must be newest or relevance"),
    "not_text": ("必须是文本", "must be text"),
    "repeated": ("只能给一次", "given more than once"),
    "cursor": ("不是本服务给出的分页游标", "not a cursor this server gave"),
    "color": ("必须是 #rrggbb 形式的颜色", "must be a colour as #rrggbb"),
    "chats_mode": ("只能是 keep 或 delete", "must be keep or delete"),
    "date": ("必须是 YYYY-MM-DD 形式的日期", "must be a date as YYYY-MM-DD"),
    "boolean": ("只能是 0 或 1", "must be 0 or 1"),
}


class ServiceError(Exception):
    """A business or protocol error with a stable code.

    Args:
        code: a code from :data:`CATALOG`.
        headers: extra HTTP headers (``Retry-After``).
        params: values for the message template.
    """

    def __init__(self, code: int, headers: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.headers = headers or {}

    @property
    def http_status(self) -> int:
        return CATALOG[self.code][0]

    def message(self, lang: str = "zh") -> str:
        _, zh, en = CATALOG[self.code]
        english = lang.startswith("en")
        params = dict(self.params)
        reason = params.get("reason")
        if reason in REASONS:
            params["reason"] = REASONS[reason][1 if english else 0].format(**params)
        return (en if english else zh).format(**params)

    def __str__(self) -> str:
        return f"[{self.code}] {self.message('en')}"


def missing(field: str) -> ServiceError:
    return ServiceError(1001, field=field)


def invalid(field: str, reason: str, **params: Any) -> ServiceError:
    return ServiceError(1002, field=field, reason=reason, **params)
