"""Streamable HTTP at ``/mcp``, on the same port as ``/myapp/``, behind the same guards.

The SDK's HTTP app is ASGI; ``/myapp/`` is WSGI (waitress in the desktop app and ``serve``,
gunicorn or any WSGI server for a team). :class:`McpHttp` is a WSGI app that the ``/myapp/`` app
hands ``/mcp`` to: it checks the request first, with the guards of :mod:`chatdesk.api.security`
(Host against DNS rebinding, Origin / Sec-Fetch-Site, the body limit; waitress's deadlines for
hostile clients apply as to any request), then the token (``Authorization: Bearer``, whatever
the token mode: a login token or an app token), and only then passes it to the SDK through
``a2wsgi``'s ``ASGIMiddleware``, on an event loop of its own thread, where the SDK's session
managers run.

Stateless, JSON responses (``stateless_http=True, json_response=True``): every POST is answered
by one JSON body, and nothing is kept between requests, so any worker thread (or any gunicorn
process) serves any request and no session can be taken over or leak memory. What that gives up,
server-to-client requests and streamed notifications, none of the tools needs.

One server runs on the loop for every account: it lists the write tools to an account whose
option "Let AI apps save to my library" is on, only, reading the option at each ``tools/list``
(so a change made in another process counts at the next call; no notification reaches a stateless
client).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from a2wsgi import ASGIMiddleware
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp
from mcp.server.transport_security import TransportSecuritySettings

from chatdesk.api import http
from chatdesk.api.security import SecurityConfig, csrf_allowed, host_allowed
from chatdesk.mcp_server import MCP_PATH
from chatdesk.mcp_server.server import CALLER_KEY, ChatDeskMCP
from chatdesk.services import ai_apps
from chatdesk.services.ai_apps import Caller
from chatdesk.services.errors import ServiceError

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
#: How long starting or stopping the loop's session managers may take.
LOOP_WAIT_S = 10.0


class McpHttp:
    """The WSGI app serving ``/mcp``: guards, token, then the SDK on its own event loop.

    Args:
        config: the ``/myapp/`` server's guards (hosts, origins, body limit).
        on_call: called with the :class:`Caller` of each request that passed the guards (the
            desktop app's status bar says an AI app is connected); on the serving thread.
    """

    def __init__(
        self, config: SecurityConfig, on_call: Callable[[Caller], object] | None = None
    ) -> None:
        self.config = config
        self.on_call = on_call
        self._loop = asyncio.new_event_loop()
        self._server = ChatDeskMCP()
        self._server.streamable_http_app(
            streamable_http_path=MCP_PATH,
            stateless_http=True,
            json_response=True,
            max_request_body_size=config.max_body,
            # the guards run before (host_allowed, csrf_allowed): one rule, the API's
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        )
        asgi = StreamableHTTPASGIApp(self._server.session_manager)
        self._app = ASGIMiddleware(asgi, loop=self._loop)  # type: ignore[arg-type]
        self._stop: asyncio.Event | None = None
        self._running = threading.Event()
        self._thread = threading.Thread(target=self._run_loop, name="chatdesk-mcp", daemon=True)
        self._thread.start()
        self._managers = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)
        if not self._running.wait(LOOP_WAIT_S):
            raise RuntimeError("the MCP server did not start")

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    async def _serve(self) -> None:
        """Run the server's session manager until :meth:`close`."""
        self._stop = asyncio.Event()
        async with self._server.session_manager.run():
            self._running.set()
            await self._stop.wait()

    def close(self) -> None:
        """Stop the session managers and the loop's thread (the server stops or restarts)."""
        if not self._thread.is_alive():
            return
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            with contextlib.suppress(Exception):
                self._managers.result(LOOP_WAIT_S)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(LOOP_WAIT_S)
        if not self._thread.is_alive():
            self._loop.close()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            caller = self._check(environ)
        except ServiceError as error:
            return _refuse(error, http.language(environ), start_response)
        environ[CALLER_KEY] = caller
        environ["PATH_INFO"] = MCP_PATH
        if self.on_call is not None:
            self.on_call(caller)
        return self._app(environ, start_response)  # type: ignore[arg-type]

    def _check(self, environ: dict[str, Any]) -> Caller:
        """The guards, in the API's order, then the token; raises the API's errors."""
        if not host_allowed(environ.get("HTTP_HOST"), self.config.allowed_hosts):
            raise ServiceError(9001)
        if not csrf_allowed(environ, self.config.allowed_origins):
            raise ServiceError(9002)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise ServiceError(9006, reason="bad Content-Length") from None
        if length > self.config.max_body:
            raise ServiceError(9003, limit=self.config.max_body)
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ServiceError(2004)
        return ai_apps.caller_for_token(token.strip())


def _refuse(error: ServiceError, lang: str, start_response: StartResponse) -> list[bytes]:
    """A JSON-RPC error without an id, as the SDK answers a refused request, with the API's
    HTTP status and message."""
    payload = {
        "jsonrpc": "2.0",
        "id": None,
        "error": {"code": -32600, "message": error.message(lang), "data": {"code": error.code}},
    }
    body = http.json_body(payload)
    headers = [
        ("Content-Type", http.JSON_TYPE),
        ("Content-Length", str(len(body))),
        ("X-Content-Type-Options", "nosniff"),
        *error.headers.items(),
    ]
    if error.code == 2004:
        headers.append(("WWW-Authenticate", 'Bearer realm="ChatDesk"'))
    start_response(http.status_line(error.http_status), headers)
    return [body]
