"""The WSGI application serving the legacy ``/myapp/`` API.

Every request passes the guards in this order, before any work is done: Host (9001), the
peer's OS user without token mode (9007), endpoint (9005), Origin / Sec-Fetch-Site (9002),
method (9004), body size from Content-Length (9003), body parsing (9006), token (2004).
Business errors answer HTTP 200 with a non-zero code, as the original service did.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from chatdesk import __version__
from chatdesk.api import http
from chatdesk.api.openapi import openapi_document
from chatdesk.api.security import (
    PREFLIGHT_HEADERS,
    SecurityConfig,
    cors_headers,
    csrf_allowed,
    host_allowed,
    peer_is_owner,
)
from chatdesk.mcp_server import MCP_PATH
from chatdesk.services import (
    accounts,
    archive,
    chat_filter,
    chats,
    folders,
    passwords,
    prompts,
    search,
    tags,
    validation,
)
from chatdesk.services.chat_filter import ChatFilter
from chatdesk.services.errors import ServiceError, invalid, missing
from chatdesk.store.db import DatabaseUnreachable, ping
from chatdesk.store.indexer import ensure_background_indexer
from chatdesk.store.models import User

log = logging.getLogger(__name__)
access_log = logging.getLogger("chatdesk.access")

PREFIX = "/myapp/"
Fields = dict[str, str | None]
StartResponse = Callable[..., Any]
#: The seed's name for the assistant.
API_ROLES = {"assistant": "chatcar"}
#: How many chats one call of the bulk endpoints (move_chats/, tag_chats/, …) names at most.
BULK_MAX = 1000
#: The largest folder id a field takes (nine digits, as the OpenAPI pattern says).
ID_MAX = 999_999_999
#: ``archived`` of get_chat_list/: the default list, the Archive, or both.
_ARCHIVED = {"": False, "0": False, "1": True, "all": None}
#: ``get_history_chat``'s body up to its list, as ``json.dumps`` writes it.
_HISTORY_HEAD = '{"code": 0, "历史信息列表": '.encode()
#: When a client may try again after 5001 (database unreachable), in seconds.
_RETRY_LATER = {"Retry-After": "5"}


def _iso(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


class Request:
    """What a handler sees: the fields, the token's user (token mode) and the raw token."""

    __slots__ = ("fields", "host", "token", "token_user")

    def __init__(
        self, fields: Fields, token: str | None, token_user: User | None, host: str = ""
    ) -> None:
        self.fields = fields
        self.token = token
        self.token_user = token_user
        self.host = host  # the Host header, checked against the allowed hosts already

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


class Response:
    __slots__ = ("body", "content_type", "headers", "status")

    def __init__(
        self,
        body: bytes,
        status: int = 200,
        content_type: str = http.JSON_TYPE,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        self.body = body
        self.status = status
        self.content_type = content_type
        self.headers = headers or []


def ok(payload: dict[str, Any]) -> Response:
    return Response(http.json_body(payload))


class Endpoint:
    __slots__ = ("handler", "method", "public")

    def __init__(self, handler: Callable[[Api, Request], Response], method: str, public: bool):
        self.handler = handler
        self.method = method
        self.public = public


class Api:
    """The ``/myapp/`` WSGI application.

    Args:
        config: what the server accepts (token mode, origins, hosts, body limit).
        min_password: the shortest password ``register`` accepts (8 beyond loopback).
        clock: the current UTC time; tests inject one to test throttling without sleeping.
    """

    def __init__(
        self,
        config: SecurityConfig | None = None,
        *,
        min_password: int = validation.PASSWORD_MIN,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.config = config or SecurityConfig()
        self.min_password = min_password
        self.clock = clock
        self._hash_gate: threading.BoundedSemaphore | None = None
        #: ``/mcp`` (chatdesk.mcp_server.http), made at its first request: the SDK loads then.
        self._mcp: Any = None
        self._mcp_lock = threading.Lock()
        #: Called with each MCP request's caller (the desktop app's status bar).
        self.on_mcp_call: Callable[[Any], object] | None = None

    def configure_threads(self, threads: int) -> None:
        """Let at most ``threads - 1`` requests that hash a password (login, register) be in the
        app at once, hashing or waiting for a hashing slot; the rest answer 2003 with
        ``Retry-After`` at once. So a login flood never holds every worker thread."""
        self._hash_gate = threading.BoundedSemaphore(max(1, threads - 1))

    @contextlib.contextmanager
    def _hashing(self) -> Iterator[None]:
        gate = self._hash_gate
        if gate is None:
            yield
            return
        if not gate.acquire(blocking=False):
            raise passwords.busy()
        try:
            yield
        finally:
            gate.release()

    # --- WSGI -----------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        ensure_background_indexer()  # here, not at import: a pre-forking server forks first
        if environ.get("PATH_INFO", "").rstrip("/") == MCP_PATH:
            served: Iterable[bytes] = self._mcp_app()(environ, start_response)
            return served  # /mcp checks the same guards itself (chatdesk.mcp_server.http)
        response = self.handle(environ)
        headers = [
            ("Content-Type", response.content_type),
            ("Content-Length", str(len(response.body))),
            ("X-Content-Type-Options", "nosniff"),
            *response.headers,
        ]
        start_response(http.status_line(response.status), headers)
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                '%s "%s %s" %d %d %.1fms',
                environ.get("REMOTE_ADDR", "-"),
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                response.status,
                len(response.body),
                (time.perf_counter() - started) * 1000,
            )
        if environ.get("REQUEST_METHOD") == "HEAD":
            return [b""]
        return [response.body]

    def _mcp_app(self) -> Any:
        with self._mcp_lock:
            if self._mcp is None:
                from chatdesk.mcp_server.http import McpHttp

                self._mcp = McpHttp(self.config, on_call=self._mcp_called)
            return self._mcp

    def _mcp_called(self, caller: Any) -> None:
        if self.on_mcp_call is not None:
            self.on_mcp_call(caller)

    def close(self) -> None:
        """Stop ``/mcp``'s event loop, if it started (the server stops)."""
        with self._mcp_lock:
            mcp, self._mcp = self._mcp, None
        if mcp is not None:
            mcp.close()

    def handle(self, environ: dict[str, Any]) -> Response:
        lang = "zh"
        origin_headers: list[tuple[str, str]] = []
        try:
            lang = http.language(environ)
            if not host_allowed(environ.get("HTTP_HOST"), self.config.allowed_hosts):
                raise ServiceError(9001)
            if (
                self.config.same_user_only
                and not self.config.require_token
                and not peer_is_owner(environ)
            ):
                raise ServiceError(9007)  # another local account: chats are not theirs
            endpoint = ENDPOINTS.get(_route(environ.get("PATH_INFO", "")))
            if endpoint is None:
                raise ServiceError(9005)
            if not csrf_allowed(environ, self.config.allowed_origins):
                raise ServiceError(9002)
            origin = environ.get("HTTP_ORIGIN")
            if origin is not None:
                origin_headers = cors_headers(origin)
            method = environ.get("REQUEST_METHOD", "GET")
            if method == "OPTIONS":
                allow = [("Allow", f"{endpoint.method}, OPTIONS")]
                return Response(b"", 204, headers=allow + origin_headers + PREFLIGHT_HEADERS)
            if method != endpoint.method and not (method == "HEAD" and endpoint.method == "GET"):
                raise ServiceError(9004, headers={"Allow": f"{endpoint.method}, OPTIONS"})
            request = self._request(environ, endpoint)
            response = endpoint.handler(self, request)
        except ServiceError as error:
            response = self._error(error, lang)
        except DatabaseUnreachable:  # logged once by the store, not a traceback a request
            response = self._error(ServiceError(5001, headers=_RETRY_LATER), lang)
        except Exception:
            log.exception("internal error on %s", environ.get("PATH_INFO"))
            response = self._error(ServiceError(5000), lang)
        response.headers.extend(origin_headers)
        return response

    def _request(self, environ: dict[str, Any], endpoint: Endpoint) -> Request:
        fields = http.query_fields(environ) if environ.get("QUERY_STRING") else {}
        if endpoint.method == "POST":
            length = _content_length(environ)
            if length > self.config.max_body:
                raise ServiceError(9003, limit=self.config.max_body)
            fields = http.merge_fields(fields, http.parse_body(environ, length))
        token = _bearer(environ) or fields.get("token") or None
        token_user = None
        if self.config.require_token and not endpoint.public:
            token_user = accounts.user_for_token(token, now=self._now())
        return Request(fields, token, token_user, environ.get("HTTP_HOST", ""))

    @staticmethod
    def _error(error: ServiceError, lang: str) -> Response:
        payload = {"code": error.code, "msg": error.message(lang)}
        headers = list(error.headers.items())
        return Response(http.json_body(payload), error.http_status, headers=headers)

    def _now(self) -> dt.datetime | None:
        return self.clock() if self.clock else None

    # --- endpoints --------------------------------------------------------------------------------

    def register(self, req: Request) -> Response:
        with self._hashing():
            accounts.register(
                req.get("username"), req.get("password"), min_password=self.min_password
            )
        return ok({"code": 0, "msg": "注册成功！"})

    def login(self, req: Request) -> Response:
        with self._hashing():
            session = accounts.login(req.get("username"), req.get("password"), now=self._now())
        return ok({"code": 0, "msg": "登陆成功", "token": session.token})

    def logout(self, req: Request) -> Response:
        accounts.logout(req.token, now=self._now())
        return ok({"code": 0, "msg": "退出成功"})

    def _user(self, req: Request) -> User:
        return accounts.resolve_user(req.get("username"), req.token_user)

    def _optional_user(self, req: Request) -> User | None:
        if req.token_user is None and not req.get("username"):
            return None
        return self._user(req)

    def add_chat(self, req: Request) -> Response:
        user = self._user(req)
        field = "chat_tpye"  # the seed's document; its service read chat_type: both taken
        chat_type = req.get(field)
        if chat_type is None or chat_type == "":
            field = "chat_type"
            chat_type = req.get(field)
        role = chats.role_from_chat_type(chat_type, field)  # an error names the field sent
        created = chats.add_chat(
            user, req.get("chat_id"), req.get("chat_title"), req.get("chat_content"), role
        )
        return ok({"code": 0, "msg": "对话加入成功" if created else "消息加入成功"})

    def delete_chat(self, req: Request) -> Response:
        chats.delete_by_key(req.get("chat_id"), self._optional_user(req))
        return ok({"code": 0, "msg": "对话删除成功"})

    def get_prompt(self, req: Request) -> Response:
        fmt = req.get("format")
        if fmt not in (None, "", "json"):
            raise invalid("format", "format")
        picked = prompts.random_prompts()
        if fmt == "json":
            items = [{"prompt_title": p.title, "prompt_text": p.text} for p in picked]
            return ok({"code": 0, "prompts": items})
        # what the original service sent: repr() of each [title, text] list, back to back
        body = "".join(repr([p.title, p.text]) for p in picked)
        return Response(body.encode("utf-8"), content_type=http.TEXT_TYPE)

    def add_prompt(self, req: Request) -> Response:
        prompt = prompts.add_prompt(req.get("prompt_title"), req.get("prompt_text"))
        return ok(
            {
                "code": 0,
                "prompt_title": prompt.title,
                "prompt_text": prompt.text,
                "prompt_msg": "示例promp存储成功",
            }
        )

    def update_prompt(self, req: Request) -> Response:
        prompt_id = prompts.find_prompt(req.get("prompt_title"))
        new_title, new_text = req.get("new_prompt_title"), req.get("prompt_text")
        if new_title is None and new_text is None:
            raise missing("new_prompt_title")
        prompt = prompts.update_prompt(prompt_id, new_title, new_text)
        return ok(
            {
                "code": 0,
                "prompt_title": prompt.title,
                "prompt_text": prompt.text,
                "prompt_msg": "prompt 修改成功",
            }
        )

    def delete_prompt(self, req: Request) -> Response:
        prompts.delete_prompt(prompts.find_prompt(req.get("prompt_title")))
        return ok({"code": 0, "msg": "prompt 删除成功"})

    def get_history(self, req: Request) -> Response:
        user = self._optional_user(req)
        chat_id = chats.find_chat(user, chat_key=req.get("chat_id"), title=req.get("chat_title"))
        rows = chats.history_json(chat_id, API_ROLES)
        return Response(_HISTORY_HEAD + rows + b"}")

    def get_chat_list(self, req: Request) -> Response:
        user = self._user(req)
        offset = validation.non_negative_int(req.get("offset"), "offset", 0, 10**9)
        limit = validation.non_negative_int(req.get("limit"), "limit", 50, 200)
        query = validation.text(req.get("query"), "query", required=False, max_len=200)
        where = self._filter(req, user)
        rows, total = chats.list_chats(
            user, offset=offset, limit=limit, query=query, before=req.get("before"), where=where
        )
        labels = tags.tags_of(c.id for c in rows)
        items = [
            {
                "chat_id": c.chat_key,
                "chat_title": c.title,
                "message_count": c.message_count,
                "updated_at": _iso(c.updated_at),
                "pinned": c.pinned,
                "archived": c.archived,
                "folder_id": c.folder_id or 0,
                "tags": [t.name for t in labels.get(c.id, [])],
                "source": c.source,
            }
            for c in rows
        ]
        # the cursor of the page after this one (keyset paging: fast at any depth)
        after = chats.cursor_of(rows[-1]) if rows and len(rows) == limit else ""
        return ok({"code": 0, "chats": items, "total": total, "next_before": after})

    @staticmethod
    def _filter(req: Request, user: User) -> ChatFilter:
        """get_chat_list/'s ``folder`` (an id; 0: in no folder), ``subfolders``, ``tag`` (a
        name) and ``archived`` (0, 1 or all)."""
        folder = _folder_field(req, "folder", user, allow_none=True)
        if folder:
            folders.owned(user, folder)
        subfolders = _flag(req, "subfolders")
        tag_name = req.get("tag")
        tag_ids: tuple[int, ...] = ()
        if tag_name:
            tag_ids = (_tag_id(user, tag_name),)
        archived = req.get("archived") or ""
        if archived not in _ARCHIVED:
            raise invalid("archived", "range", min=0, max=1)
        return ChatFilter(
            folder_id=folder, subfolders=subfolders, tag_ids=tag_ids, archived=_ARCHIVED[archived]
        )

    # --- folders, tags, archive (issue 13) --------------------------------------------------------

    def get_folders(self, req: Request) -> Response:
        user = self._user(req)
        items = [
            {
                "folder_id": f.id,
                "folder_name": f.name,
                "parent_id": f.parent_id or 0,
                "position": f.position,
                "count": f.count,
                "total": f.total,
            }
            for f in folders.list_folders(user)
        ]
        return ok({"code": 0, "folders": items})

    def create_folder(self, req: Request) -> Response:
        user = self._user(req)
        parent = _folder_field(req, "parent_id", user, allow_none=True) or None
        folder = folders.create_folder(user, req.get("folder_name"), parent)
        return ok({"code": 0, "msg": "文件夹创建成功", "folder_id": folder.id})

    def rename_folder(self, req: Request) -> Response:
        user = self._user(req)
        folder = _folder_field(req, "folder_id", user)
        folders.rename_folder(user, folder or 0, req.get("folder_name"))
        return ok({"code": 0, "msg": "文件夹重命名成功"})

    def move_folder(self, req: Request) -> Response:
        user = self._user(req)
        folder = _folder_field(req, "folder_id", user)
        parent = _folder_field(req, "parent_id", user, allow_none=True) or None
        folders.move_folder(user, folder or 0, parent)
        return ok({"code": 0, "msg": "文件夹移动成功"})

    def delete_folder(self, req: Request) -> Response:
        user = self._user(req)
        folder = _folder_field(req, "folder_id", user)
        mode = req.get("chats") or "keep"
        if mode not in ("keep", "delete"):
            raise invalid("chats", "chats_mode")
        done = folders.delete_folder(user, folder or 0, "delete" if mode == "delete" else "keep")
        return ok(
            {
                "code": 0,
                "msg": "文件夹删除成功",
                "folders": len(done.folders),
                "deleted_chats": len(done.deleted_chat_ids),
            }
        )

    def move_chats(self, req: Request) -> Response:
        user = self._user(req)
        ids = _chat_ids(req, user)
        folder = _folder_field(req, "folder_id", user, allow_none=True) or None
        moved = folders.move_chats(user, ids, folder)
        return ok({"code": 0, "msg": "对话移动成功", "count": len(moved.ids)})

    def get_tags(self, req: Request) -> Response:
        user = self._user(req)
        items = [
            {"tag_name": t.name, "color": t.color, "count": t.count} for t in tags.list_tags(user)
        ]
        return ok({"code": 0, "tags": items})

    def create_tag(self, req: Request) -> Response:
        user = self._user(req)
        tag = tags.create_tag(user, req.get("tag_name"), req.get("color"))
        return ok({"code": 0, "msg": "标签创建成功", "tag_name": tag.name, "color": tag.color})

    def delete_tag(self, req: Request) -> Response:
        user = self._user(req)
        untagged = tags.delete_tag(user, _tag_id(user, req.get("tag_name")))
        return ok({"code": 0, "msg": "标签删除成功", "count": len(untagged)})

    def tag_chats(self, req: Request) -> Response:
        user = self._user(req)
        ids = _chat_ids(req, user)
        done = tags.tag_chats(user, ids, [_tag_id(user, req.get("tag_name"))])
        return ok({"code": 0, "msg": "标签添加成功", "count": len(done)})

    def untag_chats(self, req: Request) -> Response:
        user = self._user(req)
        ids = _chat_ids(req, user)
        done = tags.untag_chats(user, ids, [_tag_id(user, req.get("tag_name"))])
        return ok({"code": 0, "msg": "标签移除成功", "count": len(done)})

    def archive_chats(self, req: Request) -> Response:
        user = self._user(req)
        done = archive.archive_chats(user, _chat_ids(req, user))
        return ok({"code": 0, "msg": "对话归档成功", "count": len(done)})

    def unarchive_chats(self, req: Request) -> Response:
        user = self._user(req)
        done = archive.unarchive_chats(user, _chat_ids(req, user))
        return ok({"code": 0, "msg": "对话取消归档成功", "count": len(done)})

    def search(self, req: Request) -> Response:
        user = self._user(req)
        offset = validation.non_negative_int(req.get("offset"), "offset", 0, 10**9)
        limit = validation.non_negative_int(req.get("limit"), "limit", 50, 200)
        order = req.get("order") or "newest"
        found = search.find(
            user, req.get("query"), offset=offset, limit=limit, order=order, cap=search.COUNT_CAP
        )
        items = [
            {
                "chat_id": h.chat_key,
                "chat_title": h.chat_title,
                "role": API_ROLES.get(h.role, h.role),
                "snippet": h.snippet,
                "created_at": _iso(h.created_at),
                "folder": h.folder,
                "tags": list(h.tags),
                "source": h.source,
            }
            for h in found.hits
        ]
        return ok({"code": 0, "hits": items, "total": found.total, "total_exact": found.exact})

    def health(self, req: Request) -> Response:
        """Liveness, the version, and whether the database answers (a monitor restarts nothing
        for a database that is down: 503 with code 5001 says which part is)."""
        if not ping():
            error = ServiceError(5001, headers=_RETRY_LATER)
            payload = {
                "code": error.code,
                "msg": error.message("en"),
                "version": __version__,
                "database": "unreachable",
            }
            headers = [*_RETRY_LATER.items()]
            return Response(http.json_body(payload), error.http_status, headers=headers)
        return ok({"code": 0, "version": __version__, "database": "ok"})

    def openapi(self, req: Request) -> Response:
        return ok(openapi_document(req.host, self.config.require_token))


def _folder_field(req: Request, name: str, user: User, *, allow_none: bool = False) -> int | None:
    """A folder id field: digits; 0 or absent for "no folder" where ``allow_none`` (None when
    absent), else required."""
    value = req.get(name)
    if (value is None or value == "") and not allow_none:
        raise missing(name)
    number = validation.non_negative_int(value, name, -1, ID_MAX)
    if number == -1:
        return None
    if number == 0 and not allow_none:
        raise ServiceError(6001)
    return number


def _flag(req: Request, name: str) -> bool:
    value = req.get(name) or "0"
    if value not in ("0", "1"):
        raise invalid(name, "boolean")
    return value == "1"


def _tag_id(user: User, value: str | None) -> int:
    tag_id = tags.find_tag(user, tags.name(value, "tag_name"))
    if tag_id is None:
        raise ServiceError(6004)
    return tag_id


def _chat_ids(req: Request, user: User) -> list[int]:
    """The bulk endpoints' ``chat_id``: one or several chat_id, one per line (a chat_id holds
    no line break); at most :data:`BULK_MAX`. The user's chats among them, by database id."""
    value = validation.text(
        req.get("chat_id"),
        "chat_id",
        max_len=BULK_MAX * (validation.CHAT_KEY_MAX + 1),
        multiline=True,
    )
    keys = value.split("\n")
    if len(keys) > BULK_MAX:
        raise invalid("chat_id", "range", min=1, max=BULK_MAX)
    return chat_filter.ids_by_keys(user.id, [validation.chat_key(k) for k in keys])


def _route(path: str) -> str:
    if not path.startswith(PREFIX):
        return ""
    return path[len(PREFIX) :].rstrip("/")


def _content_length(environ: dict[str, Any]) -> int:
    value = environ.get("CONTENT_LENGTH") or "0"
    try:
        length = int(value)
    except ValueError:
        raise ServiceError(9006, reason="bad Content-Length") from None
    if length < 0:
        raise ServiceError(9006, reason="bad Content-Length")
    return length


def _bearer(environ: dict[str, Any]) -> str | None:
    header = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


#: path (under /myapp/, without the trailing slash) -> handler, method, usable without a token
ENDPOINTS: dict[str, Endpoint] = {
    "register": Endpoint(Api.register, "POST", True),
    "login": Endpoint(Api.login, "POST", True),
    "logout": Endpoint(Api.logout, "POST", True),
    "add_chat": Endpoint(Api.add_chat, "POST", False),
    "delete_chat": Endpoint(Api.delete_chat, "POST", False),
    "get_prompt_fuction": Endpoint(Api.get_prompt, "POST", False),
    "add_prompt_fuction": Endpoint(Api.add_prompt, "POST", False),
    "update_prompt": Endpoint(Api.update_prompt, "POST", False),
    "delete_prompt": Endpoint(Api.delete_prompt, "POST", False),
    "get_history_chat": Endpoint(Api.get_history, "POST", False),
    "get_chat_list": Endpoint(Api.get_chat_list, "POST", False),
    "search": Endpoint(Api.search, "POST", False),
    "get_folders": Endpoint(Api.get_folders, "POST", False),
    "create_folder": Endpoint(Api.create_folder, "POST", False),
    "rename_folder": Endpoint(Api.rename_folder, "POST", False),
    "move_folder": Endpoint(Api.move_folder, "POST", False),
    "delete_folder": Endpoint(Api.delete_folder, "POST", False),
    "move_chats": Endpoint(Api.move_chats, "POST", False),
    "get_tags": Endpoint(Api.get_tags, "POST", False),
    "create_tag": Endpoint(Api.create_tag, "POST", False),
    "delete_tag": Endpoint(Api.delete_tag, "POST", False),
    "tag_chats": Endpoint(Api.tag_chats, "POST", False),
    "untag_chats": Endpoint(Api.untag_chats, "POST", False),
    "archive_chats": Endpoint(Api.archive_chats, "POST", False),
    "unarchive_chats": Endpoint(Api.unarchive_chats, "POST", False),
    "health": Endpoint(Api.health, "GET", True),
    "openapi.json": Endpoint(Api.openapi, "GET", True),
}
