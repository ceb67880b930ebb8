"""The OpenAPI 3.1 document of the ``/myapp/`` API (served at ``GET /myapp/openapi.json``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chatdesk import __version__

# endpoint -> (summary, required fields, optional fields, success example)
POST_ENDPOINTS: dict[str, tuple[str, list[str], list[str], Any]] = {
    "register": (
        "Create an account",
        ["username", "password"],
        [],
        {"code": 0, "msg": "注册成功！"},
    ),
    "login": (
        "Sign in; returns a token",
        ["username", "password"],
        [],
        {"code": 0, "msg": "登陆成功", "token": "…"},
    ),
    "logout": ("Revoke the token", [], ["token"], {"code": 0, "msg": "退出成功"}),
    "add_chat": (
        "Create a chat or add a message to it",
        ["username", "chat_id", "chat_title"],
        ["chat_content", "chat_tpye", "chat_type", "token"],
        {"code": 0, "msg": "对话加入成功"},
    ),
    "delete_chat": (
        "Delete a chat and its messages",
        ["chat_id"],
        ["username", "token"],
        {"code": 0, "msg": "对话删除成功"},
    ),
    "get_prompt_fuction": (
        "Up to 8 random prompts (plain text of Python list reprs unless format=json)",
        [],
        ["format", "token"],
        "['高情商大师', '碰见刁难或尴尬的问题不知道如何回答？试一试高情商大师的建议吧']",
    ),
    "add_prompt_fuction": (
        "Add a prompt to the shared gallery",
        ["prompt_title", "prompt_text"],
        ["token"],
        {"code": 0, "prompt_title": "T", "prompt_text": "X", "prompt_msg": "示例promp存储成功"},
    ),
    "update_prompt": (
        "Change a gallery prompt's title (new_prompt_title) and/or text (prompt_text); the prompt"
        " is named by its current title",
        ["prompt_title"],
        ["new_prompt_title", "prompt_text", "token"],
        {"code": 0, "prompt_title": "T", "prompt_text": "X", "prompt_msg": "prompt 修改成功"},
    ),
    "delete_prompt": (
        "Remove a prompt from the shared gallery, named by its title",
        ["prompt_title"],
        ["token"],
        {"code": 0, "msg": "prompt 删除成功"},
    ),
    "get_history_chat": (
        "A chat's messages as [role, content] pairs, oldest first",
        ["chat_title"],
        ["username", "chat_id", "token"],
        {"code": 0, "历史信息列表": [["user", "你好"], ["chatcar", "你好！"]]},
    ),
    "get_chat_list": (
        "A user's chats, pinned first then newest first; the next page by the before cursor"
        " (next_before of this page, empty on the last) or by offset",
        ["username"],
        ["offset", "limit", "query", "before", "token"],
        {"code": 0, "chats": [], "total": 0, "next_before": ""},
    ),
    "search": (
        'Chat titles (role "title"), then messages, containing a query; order newest (default)'
        " or relevance; snippets are plain text",
        ["username", "query"],
        ["offset", "limit", "order", "token"],
        {"code": 0, "hits": [], "total": 0},
    ),
}

GET_ENDPOINTS: dict[str, tuple[str, Any]] = {
    "health": ("Liveness and version", {"code": 0, "version": __version__}),
    "openapi.json": ("This document", {}),
}

ERROR_CODES = [
    1001,
    1002,
    -1,
    -2,
    2003,
    2004,
    2005,
    3001,
    3002,
    4001,
    4002,
    9001,
    9002,
    9003,
    9004,
    9005,
    9006,
    5000,
]


def _schema(required: list[str], optional: list[str]) -> dict[str, Any]:
    props = {name: {"type": "string"} for name in required + optional}
    return {"type": "object", "properties": props, "required": required}


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    error = {
        "description": "Error: a non-zero code and a message (HTTP 200 for business errors)",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "integer", "enum": ERROR_CODES},
                        "msg": {"type": "string"},
                    },
                    "required": ["code", "msg"],
                }
            }
        },
    }
    paths: dict[str, Any] = {}
    for name, (summary, required, optional, example) in POST_ENDPOINTS.items():
        schema = _schema(required, optional)
        media = "text/html" if name == "get_prompt_fuction" else "application/json"
        paths[f"/myapp/{name}/"] = {
            "post": {
                "operationId": name,
                "summary": summary,
                "requestBody": {
                    "required": bool(required),
                    "content": {
                        "application/x-www-form-urlencoded": {"schema": schema},
                        "multipart/form-data": {"schema": schema},
                        "application/json": {"schema": schema},
                    },
                },
                "responses": {
                    "200": {"description": "Success", "content": {media: {"example": example}}},
                    "default": error,
                },
            }
        }
    for name, (summary, example) in GET_ENDPOINTS.items():
        paths[f"/myapp/{name}"] = {
            "get": {
                "operationId": name.replace(".", "_"),
                "summary": summary,
                "responses": {
                    "200": {
                        "description": "Success",
                        "content": {"application/json": {"example": example}},
                    },
                    "default": error,
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "ChatDesk /myapp/ API", "version": __version__},
        "servers": [{"url": "http://127.0.0.1:8000"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "paths": paths,
    }
