"""The OpenAPI 3.1 document of the ``/myapp/`` API (served at ``GET /myapp/openapi.json``).

Exact enough to fuzz: every field with the limits the services enforce (chatdesk.services.
validation), enums, both answers' content types (``get_prompt_fuction``: text/html, or JSON with
``format=json``), the bearer scheme on each operation that takes a token, and ``servers`` from the
request's own Host header (already checked against the allowed hosts).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chatdesk import __version__
from chatdesk.services import folders, tags, validation
from chatdesk.services.errors import CATALOG
from chatdesk.services.search import COUNT_CAP, QUERY_MAX


def _text(min_len: int, max_len: int, description: str = "", **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": min_len, "maxLength": max_len}
    if description:
        schema["description"] = description
    schema.update(extra)
    return schema


_NAME = _text(
    1,
    validation.USERNAME_MAX,
    "No whitespace, control, format or invisible characters; unique under NFKC + casefold",
    pattern=r"^[^\s\x00-\x1f\x7f]+$",
)
#: Every field any operation reads, with its limits.
FIELDS: dict[str, dict[str, Any]] = {
    "username": _NAME,
    "password": _text(validation.PASSWORD_MIN, validation.PASSWORD_MAX),
    "token": {
        "type": "string",
        "description": "The token login/ gave (or the Authorization header); read in token mode"
        " only",
    },
    "chat_id": _text(1, validation.CHAT_KEY_MAX, "The client's key of the chat, per user"),
    "chat_title": _text(0, validation.TITLE_MAX),
    "chat_content": _text(0, validation.CONTENT_MAX, "Appended as one message when not empty"),
    "chat_tpye": {"type": "string", "enum": ["", "1", "0"], "description": "1 user, 0 assistant"},
    "chat_type": {"type": "string", "enum": ["", "1", "0"], "description": "alias of chat_tpye"},
    "format": {"type": "string", "enum": ["", "json"]},
    "prompt_title": _text(1, validation.PROMPT_TITLE_MAX, "Unique, case-insensitively"),
    "new_prompt_title": _text(1, validation.PROMPT_TITLE_MAX),
    "prompt_text": _text(1, validation.PROMPT_TEXT_MAX),
    # Leading zeros are fine (validation.non_negative_int reads up to 18 digits).
    "offset": _text(
        1, 18, "0 to 1,000,000,000 (default 0)", pattern=r"^0*(?:[0-9]{1,9}|1000000000)$"
    ),
    "limit": _text(1, 18, "0 to 200 (default 50)", pattern=r"^0*(?:[0-9]{1,2}|1[0-9]{2}|200)$"),
    "query": _text(0, QUERY_MAX),
    "before": _text(0, 200, "next_before of the previous page"),
    "order": {"type": "string", "enum": ["newest", "relevance"]},
    "mode": {
        "type": "string",
        "enum": ["text", "meaning", "hybrid"],
        "default": "text",
        "description": "text (default): the words as written; meaning: passages nearest in"
        " meaning, in Chinese or English, whatever their words (snippet: the passage); hybrid:"
        " both fused by reciprocal rank, every text hit kept",
    },
}
FIELDS["query_required"] = _text(1, QUERY_MAX)
_ID = _text(1, 9, "A folder's folder_id (get_folders/)", pattern=r"^[0-9]{1,9}$")
#: Folders, tags and the archive (issue 13).
FIELDS.update(
    {
        "folder_id": _ID,
        "target_folder_id": {**_ID, "description": "The folder to move into; 0: out of any"},
        "parent_id": {**_ID, "description": "The parent folder's folder_id; 0: the top level"},
        "folder": {**_ID, "description": "Only the chats of this folder; 0: in no folder"},
        "subfolders": {
            "type": "string",
            "enum": ["", "0", "1"],
            "description": "1: with folder, the chats of its sub-folders too",
        },
        "tag": _text(1, tags.NAME_MAX, "Only the chats carrying this tag (its name)"),
        "archived": {
            "type": "string",
            "enum": ["", "0", "1", "all"],
            "description": "0 (default): not archived; 1: archived only; all: both",
        },
        "folder_name": _text(1, folders.NAME_MAX, "Unique among its siblings under casefold"),
        "tag_name": _text(1, tags.NAME_MAX, "Unique per user under casefold"),
        "color": {
            "type": "string",
            "pattern": r"^(?:#[0-9a-fA-F]{6})?$",
            "description": "#rrggbb; empty for the default colour",
        },
        "chats": {
            "type": "string",
            "enum": ["", "keep", "delete"],
            "description": "keep (default): the folders' chats move to its parent; delete:"
            " they are deleted",
        },
        "chat_ids": _text(
            1,
            1000 * (validation.CHAT_KEY_MAX + 1),
            "One or several chat_id, one per line (at most 1,000)",
        ),
    }
)

_CODE0 = {"type": "integer", "const": 0}


def _msg(text: str) -> dict[str, Any]:
    return {"type": "string", "const": text}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties)}


_PROMPT = _object(
    {
        "code": _CODE0,
        "prompt_title": {"type": "string"},
        "prompt_text": {"type": "string"},
        "prompt_msg": {"type": "string"},
    }
)
_TIME = {"type": "string", "format": "date-time"}
#: Where an imported chat came from (issue 22); null for a chat made in ChatDesk or the API.
_SOURCE = {
    "type": ["string", "null"],
    "description": "The export it was imported from (chatgpt, claude, deepseek, grok, gemini, "
    "lechat, openwebui, librechat, …); null when made in ChatDesk or through the API",
}


_COUNT = {"type": "integer", "minimum": 0}


def _done(msg: str, **extra: dict[str, Any]) -> dict[str, Any]:
    return _object({"code": _CODE0, "msg": _msg(msg), **extra})


class Op:
    """One POST operation: its fields, whether it takes a token, its success body's schema."""

    def __init__(
        self,
        summary: str,
        required: list[str],
        optional: list[str],
        success: dict[str, Any],
        example: dict[str, str],
        *,
        public: bool = False,
        one_of_required: tuple[str, ...] = (),
    ) -> None:
        self.one_of_required = one_of_required
        self.summary = summary
        self.required = required
        self.optional = optional
        self.success = success
        self.example = example
        self.public = public


POST_OPERATIONS: dict[str, Op] = {
    "register": Op(
        "Create an account (passwords of 8 or more when served beyond loopback)",
        ["username", "password"],
        [],
        _object({"code": _CODE0, "msg": _msg("注册成功！")}),
        {"username": "newcomer", "password": "123456"},
        public=True,
    ),
    "login": Op(
        "Sign in; returns a token. 5 failures for a name in 15 minutes answer 2003 (429)",
        ["username", "password"],
        [],
        _object({"code": _CODE0, "msg": _msg("登陆成功"), "token": {"type": "string"}}),
        {"username": "jiuhua", "password": "123456"},
        public=True,
    ),
    "logout": Op(
        "Revoke the token (Authorization header or token field)",
        [],
        ["token"],
        _object({"code": _CODE0, "msg": _msg("退出成功")}),
        {"token": "not-a-live-token"},
    ),
    "add_chat": Op(
        "Create a chat (chat_title needed, else 1001) or add a message to it (a non-empty"
        " chat_title renames it)",
        ["username", "chat_id"],
        ["chat_title", "chat_content", "chat_tpye", "chat_type", "token"],
        {
            "type": "object",
            "properties": {
                "code": _CODE0,
                "msg": {"type": "string", "enum": ["对话加入成功", "消息加入成功"]},
            },
            "required": ["code", "msg"],
        },
        {"username": "jiuhua", "chat_id": "1", "chat_title": "标题", "chat_content": "你好"},
    ),
    "delete_chat": Op(
        "Delete a chat and its messages",
        ["chat_id"],
        ["username", "token"],
        _object({"code": _CODE0, "msg": _msg("对话删除成功")}),
        {"username": "jiuhua", "chat_id": "gone"},
    ),
    "get_prompt_fuction": Op(
        "Up to 8 random prompts: text/html holding Python list reprs back to back, or JSON"
        " with format=json",
        [],
        ["format", "token"],
        _object(
            {
                "code": _CODE0,
                "prompts": {
                    "type": "array",
                    "maxItems": 8,
                    "items": _object(
                        {"prompt_title": {"type": "string"}, "prompt_text": {"type": "string"}}
                    ),
                },
            }
        ),
        {"format": "json"},
    ),
    "add_prompt_fuction": Op(
        "Add a prompt to the shared gallery",
        ["prompt_title", "prompt_text"],
        ["token"],
        _PROMPT,
        {"prompt_title": "示例", "prompt_text": "一个示例 prompt"},
    ),
    "update_prompt": Op(
        "Change a gallery prompt's title (new_prompt_title) and/or text (prompt_text); the"
        " prompt is named by its current title",
        ["prompt_title"],
        ["new_prompt_title", "prompt_text", "token"],
        _PROMPT,
        {"prompt_title": "可改", "prompt_text": "新的文字"},
    ),
    "delete_prompt": Op(
        "Remove a prompt from the shared gallery, named by its title",
        ["prompt_title"],
        ["token"],
        _object({"code": _CODE0, "msg": _msg("prompt 删除成功")}),
        {"prompt_title": "可删"},
    ),
    "get_history_chat": Op(
        "A chat's messages as [role, content] pairs, oldest first (by chat_id when given,"
        " else the newest chat with that exact title)",
        [],
        ["chat_title", "chat_id", "username", "token"],
        _object(
            {
                "code": _CODE0,
                "历史信息列表": {
                    "type": "array",
                    "items": {
                        "description": "[role, content]; role user, chatcar (the assistant),"
                        " system or tool",
                        "type": "array",
                        "items": {"type": "string"},
                        "minItems": 2,
                        "maxItems": 2,
                    },
                },
            }
        ),
        {"username": "jiuhua", "chat_id": "1", "chat_title": ""},
        one_of_required=("chat_id", "chat_title"),
    ),
    "get_chat_list": Op(
        "A user's chats, pinned first then newest first; the next page by the before cursor"
        " (next_before of this page, empty on the last) or by offset; filtered by folder, tag"
        " and archived (by default archived chats are left out)",
        ["username"],
        ["offset", "limit", "query", "before", "folder", "subfolders", "tag", "archived", "token"],
        _object(
            {
                "code": _CODE0,
                "chats": {
                    "type": "array",
                    "maxItems": 200,
                    "items": _object(
                        {
                            "chat_id": {"type": "string"},
                            "chat_title": {"type": "string"},
                            "message_count": {"type": "integer", "minimum": 0},
                            "updated_at": _TIME,
                            "pinned": {"type": "boolean"},
                            "archived": {"type": "boolean"},
                            "folder_id": {"type": "integer", "minimum": 0},
                            "tags": {"type": "array", "items": {"type": "string"}},
                            "source": _SOURCE,
                        }
                    ),
                },
                "total": {"type": "integer", "minimum": 0},
                "next_before": {"type": "string"},
            }
        ),
        {"username": "jiuhua", "limit": "20"},
    ),
    "search": Op(
        'Chat titles (role "title"), then messages, containing a query; order newest (default)'
        " or relevance; snippets are plain text. The query may hold folder:NAME, tag:NAME"
        " (repeatable), is:archived, is:pinned, before:/after:YYYY-MM-DD, source:NAME (repeatable;"
        " chatdesk: made here), in:reasoning or in:tools (the reasoning or tool calls a search"
        ' leaves out otherwise; no title hits then) (quote names: folder:"My work");'
        " prefixes alone list the chats they name (in:…: the chats holding such rows). total"
        " counts the hits exactly up to"
        f" {COUNT_CAP:,}, or to the end of the page asked for (offset + limit) when that is"
        " further; past it total_exact is false and there are more hits than total: page on"
        " with offset (a page past the end is empty, with the exact total). mode meaning or"
        " hybrid also finds passages by what they are about (see the mode field)",
        ["username", "query_required"],
        ["offset", "limit", "order", "mode", "token"],
        _object(
            {
                "code": _CODE0,
                "hits": {
                    "type": "array",
                    "maxItems": 200,
                    "items": _object(
                        {
                            "chat_id": {"type": "string"},
                            "chat_title": {"type": "string"},
                            "role": {"type": "string"},
                            "snippet": {"type": "string"},
                            "created_at": _TIME,
                            "folder": {"type": "string"},
                            "tags": {"type": "array", "items": {"type": "string"}},
                            "source": _SOURCE,
                        }
                    ),
                },
                "total": {"type": "integer", "minimum": 0},
                "total_exact": {"type": "boolean"},
            }
        ),
        {"username": "jiuhua", "query": "你好"},
    ),
}

_ONE_USER = ["token"]
#: Folders, tags and the archive (issue 13): the fields' limits above, answers below.
POST_OPERATIONS.update(
    {
        "get_folders": Op(
            "The user's folders, parents before children, siblings in order; count: its chats"
            " not archived, total: with its sub-folders'",
            ["username"],
            _ONE_USER,
            _object(
                {
                    "code": _CODE0,
                    "folders": {
                        "type": "array",
                        "items": _object(
                            {
                                "folder_id": {"type": "integer", "minimum": 1},
                                "folder_name": {"type": "string"},
                                "parent_id": {"type": "integer", "minimum": 0},
                                "position": {"type": "integer"},
                                "count": _COUNT,
                                "total": _COUNT,
                            }
                        ),
                    },
                }
            ),
            {"username": "jiuhua"},
        ),
        "create_folder": Op(
            "A new folder, last among its siblings (6002 when one has the name)",
            ["username", "folder_name"],
            ["parent_id", "token"],
            _done("文件夹创建成功", folder_id={"type": "integer", "minimum": 1}),
            {"username": "jiuhua", "folder_name": "新文件夹"},
        ),
        "rename_folder": Op(
            "Rename a folder",
            ["username", "folder_id", "folder_name"],
            _ONE_USER,
            _done("文件夹重命名成功"),
            {"username": "jiuhua", "folder_id": "1", "folder_name": "工作"},
        ),
        "move_folder": Op(
            "Move a folder under another (parent_id; 0 or absent: the top level), last there"
            " (6003 into itself or below it)",
            ["username", "folder_id"],
            ["parent_id", "token"],
            _done("文件夹移动成功"),
            {"username": "jiuhua", "folder_id": "1", "parent_id": "0"},
        ),
        "delete_folder": Op(
            "Delete a folder and its sub-folders; their chats move to its parent (chats=keep)"
            " or are deleted (chats=delete)",
            ["username", "folder_id"],
            ["chats", "token"],
            _done("文件夹删除成功", folders=_COUNT, deleted_chats=_COUNT),
            {"username": "jiuhua", "folder_id": "2"},
        ),
        "move_chats": Op(
            "File chats into a folder (folder_id), or out of any (0 or absent); count: how"
            " many of the user's chats moved",
            ["username", "chat_ids"],
            ["target_folder_id", "token"],
            _done("对话移动成功", count=_COUNT),
            {"username": "jiuhua", "chat_id": "1", "folder_id": "1"},
        ),
        "get_tags": Op(
            "The user's tags by name, with how many chats each one's list shows (not archived)",
            ["username"],
            _ONE_USER,
            _object(
                {
                    "code": _CODE0,
                    "tags": {
                        "type": "array",
                        "items": _object(
                            {
                                "tag_name": {"type": "string"},
                                "color": {"type": "string"},
                                "count": _COUNT,
                            }
                        ),
                    },
                }
            ),
            {"username": "jiuhua"},
        ),
        "create_tag": Op(
            "A new tag (6005 when the user has one of that name)",
            ["username", "tag_name"],
            ["color", "token"],
            _done("标签创建成功", tag_name={"type": "string"}, color={"type": "string"}),
            {"username": "jiuhua", "tag_name": "新标签", "color": "#3366ff"},
        ),
        "delete_tag": Op(
            "Delete a tag; it leaves every chat (count: how many carried it)",
            ["username", "tag_name"],
            _ONE_USER,
            _done("标签删除成功", count=_COUNT),
            {"username": "jiuhua", "tag_name": "可删"},
        ),
        "tag_chats": Op(
            "Put a tag on chats",
            ["username", "chat_ids", "tag_name"],
            _ONE_USER,
            _done("标签添加成功", count=_COUNT),
            {"username": "jiuhua", "chat_id": "1", "tag_name": "重要"},
        ),
        "untag_chats": Op(
            "Take a tag off chats",
            ["username", "chat_ids", "tag_name"],
            _ONE_USER,
            _done("标签移除成功", count=_COUNT),
            {"username": "jiuhua", "chat_id": "1", "tag_name": "重要"},
        ),
        "archive_chats": Op(
            "Archive chats: out of the default list, still searched and exported",
            ["username", "chat_ids"],
            _ONE_USER,
            _done("对话归档成功", count=_COUNT),
            {"username": "jiuhua", "chat_id": "1"},
        ),
        "unarchive_chats": Op(
            "Put archived chats back in the default list",
            ["username", "chat_ids"],
            _ONE_USER,
            _done("对话取消归档成功", count=_COUNT),
            {"username": "jiuhua", "chat_id": "1"},
        ),
    }
)

GET_OPERATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "health": (
        "Liveness, version, and whether the database answers (503 with 5001 when it does not);"
        " meaning: search by meaning's state (ready: the model is loaded and no chat waits to be"
        " embedded; pending: chats waiting; model: name@version)",
        _object(
            {
                "code": _CODE0,
                "version": {"type": "string"},
                "database": {"const": "ok"},
                "meaning": _object(
                    {
                        "ready": {"type": "boolean"},
                        "pending": {"type": "integer", "minimum": 0},
                        "model": {"type": "string"},
                    }
                ),
            }
        ),
    ),
    "openapi.json": (
        "This document",
        {"type": "object", "required": ["openapi", "paths"]},
    ),
}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": {"type": "integer", "enum": sorted(code for code in CATALOG if code != 0)},
        "msg": {"type": "string"},
    },
    "required": ["code", "msg"],
}
#: HTTP status -> what answers it (SPEC §1's table; business errors are 200).
_ERROR_STATUSES = {
    "400": "Body cannot be parsed (9006)",
    "401": "Token missing, unknown or expired (2004)",
    "403": "Host not allowed (9001), cross-site request (9002), or another OS user without "
    "token mode (9007)",
    "404": "No such endpoint (9005)",
    "405": "Method not allowed (9004)",
    "413": "Body over the limit (9003; the server may answer it in its own words)",
    "429": "Too many failed logins, or no hashing slot free (2003)",
    "500": "Internal error (5000; never a trace)",
    "503": "Database unreachable, retrying (5001); health/ adds version and database",
}


def _field(name: str) -> tuple[str, dict[str, Any]]:
    return _SENT_AS.get(name, name), FIELDS[name]


#: JSON bodies may give a field as a number: it is read as the text the client wrote (so
#: ``1.0`` is the text ``1.0``, refused where ``1`` or ``0`` is wanted, as in a form).
_JSON_NUMBER: dict[str, dict[str, Any]] = {
    "chat_tpye": {"type": "integer", "enum": [0, 1]},
    "chat_type": {"type": "integer", "enum": [0, 1]},
    "offset": {"type": "integer", "minimum": 0, "maximum": 1_000_000_000},
    "limit": {"type": "integer", "minimum": 0, "maximum": 200},
    "subfolders": {"type": "integer", "enum": [0, 1]},
    "archived": {"type": "integer", "enum": [0, 1]},
    **{
        name: {"type": "integer", "minimum": 0, "maximum": 999_999_999}
        for name in ("folder_id", "target_folder_id", "parent_id", "folder")
    },
}
#: Fields whose values are words: no number is one of them.
_WORDS = {"format", "order", "color", "chats", "mode"}
#: Fields documented under one name and sent under another (the same field, other limits).
_SENT_AS = {"query_required": "query", "chat_ids": "chat_id", "target_folder_id": "folder_id"}


#: An optional field given empty (or, in JSON, null) is read as not given.
_ABSENT = {"type": "string", "const": ""}
_NULL = {"type": "null"}


def _property(name: str, required: bool, json: bool) -> dict[str, Any]:
    schema = FIELDS[name]
    choices = [schema]
    if json and name not in _WORDS:
        choices.append(_JSON_NUMBER.get(name, {"type": "number"}))
    if not required:
        if schema.get("minLength", 0) > 0:
            choices.append(_ABSENT)
        if json:
            choices.append(_NULL)
    return choices[0] if len(choices) == 1 else {"anyOf": choices}


def _request_schema(op: Op, json: bool = False) -> dict[str, Any]:
    properties = {
        _field(name)[0]: _property(name, name in op.required, json)
        for name in op.required + op.optional
    }
    required = [_field(name)[0] for name in op.required]
    schema: dict[str, Any] = {"type": "object", "properties": properties, "required": required}
    if op.one_of_required:
        schema["anyOf"] = [{"required": [name]} for name in op.one_of_required]
    return schema


def _errors() -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, description in _ERROR_STATUSES.items():
        response: dict[str, Any] = {
            "description": description,
            "content": {"application/json": {"schema": ERROR_SCHEMA}},
        }
        if status in ("429", "503"):
            response["headers"] = {
                "Retry-After": {
                    "description": "Seconds until a retry can succeed",
                    "required": True,
                    "schema": {"type": "string", "pattern": r"^[0-9]+$"},
                }
            }
        if status == "413":
            response["content"]["text/plain"] = {"schema": {"type": "string"}}
        responses[status] = response
    return responses


def _security(public: bool, require_token: bool) -> list[dict[str, list[str]]]:
    """Per operation: none for register and login; else the bearer token, required in token
    mode (and by logout always), optional otherwise. A ``token`` field in the body stands for
    the header wherever a token is read (OpenAPI has no scheme for a body field)."""
    if public:
        return []
    # token mode: a bearer token (or the token field); else the token is optional
    return [{"bearer": []}] if require_token else [{"bearer": []}, {}]


def build_document(server_url: str, require_token: bool) -> dict[str, Any]:
    """The document as this server serves it (its address; token mode or not)."""
    paths: dict[str, Any] = {}
    for name, op in POST_OPERATIONS.items():
        schema = _request_schema(op)
        json_body = {"schema": _request_schema(op, json=True), "example": op.example}
        content = {"application/json": {"schema": {"anyOf": [op.success, ERROR_SCHEMA]}}}
        if name == "get_prompt_fuction":
            content["text/html"] = {
                "schema": {"type": "string"},
                "example": "['高情商大师', '碰见刁难或尴尬的问题不知道如何回答？']",
            }
        paths[f"/myapp/{name}/"] = {
            "post": {
                "operationId": name,
                "summary": op.summary,
                "security": _security(op.public, require_token or name == "logout"),
                "requestBody": {
                    "required": bool(op.required or op.one_of_required),
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": schema,
                            "example": op.example,
                        },
                        "multipart/form-data": {"schema": schema},
                        "application/json": json_body,
                    },
                },
                "responses": {
                    "200": {
                        "description": "Success (code 0), or a business error (non-zero code)",
                        "content": content,
                    },
                    **_errors(),
                },
            }
        }
    for name, (summary, success) in GET_OPERATIONS.items():
        paths[f"/myapp/{name}"] = {
            "get": {
                "operationId": name.replace(".", "_"),
                "summary": summary,
                "security": [],
                "responses": {
                    "200": {
                        "description": "Success",
                        "content": {"application/json": {"schema": success}},
                    },
                    **_errors(),
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "ChatDesk /myapp/ API", "version": __version__},
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The token login/ gave; a token field in the body works too",
                }
            },
        },
        "paths": paths,
    }


@lru_cache(maxsize=8)
def openapi_document(host: str = "127.0.0.1:8000", require_token: bool = False) -> dict[str, Any]:
    """The document for a request that came to ``host`` (its Host header, checked already)."""
    return build_document(f"http://{host}", require_token)
