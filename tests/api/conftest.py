"""The real API server on a free loopback port, and a small HTTP client for it."""

from __future__ import annotations

import datetime as dt
import http.client
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest

from chatdesk.api.app import Api
from chatdesk.api.security import SecurityConfig
from chatdesk.api.server import ApiServer, ServerThread
from chatdesk.store.models import utcnow


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def code(self) -> int:
        return int(self.json["code"])


class Client:
    """HTTP/1.1 with keep-alive, sending form-encoded bodies as the original clients did."""

    def __init__(self, port: int, host_header: str | None = None) -> None:
        self.port = port
        self.host_header = f"127.0.0.1:{port}" if host_header is None else host_header
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.used = False

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        try:
            return self._request(method, path, body, headers)
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            if not self.used:
                raise
            # the server closed this keep-alive connection while it sat idle (it does after a
            # few seconds): send again on a new one, as browsers and urllib3 do
            self.conn.close()
            return self._request(method, path, body, headers)

    def _request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str] | None
    ) -> Reply:
        all_headers = {"Host": self.host_header, **(headers or {})}
        self.used = self.conn.sock is not None  # a connection kept alive from an earlier call
        self.conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in all_headers.items():
            if value is not None:
                self.conn.putheader(name, value)
        if body is not None or method == "POST":
            self.conn.putheader("Content-Length", str(len(body or b"")))
        self.conn.endheaders(body)
        resp = self.conn.getresponse()
        data = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)

    def post(self, endpoint: str, fields: dict[str, Any] | None = None, **headers: str) -> Reply:
        """POST form-encoded ``fields`` to ``/myapp/<endpoint>/``."""
        body = urlencode(fields or {}).encode("utf-8")
        hdrs = {"Content-Type": "application/x-www-form-urlencoded"}
        hdrs.update({k.replace("_", "-"): v for k, v in headers.items()})
        return self.request("POST", f"/myapp/{endpoint}/", body, hdrs)

    def post_json(self, endpoint: str, payload: Any, **headers: str) -> Reply:
        hdrs = {"Content-Type": "application/json", **headers}
        return self.request("POST", f"/myapp/{endpoint}", json.dumps(payload).encode(), hdrs)

    def close(self) -> None:
        self.conn.close()


@dataclass
class Clock:
    """An injectable UTC clock for throttling and token expiry."""

    now: dt.datetime = field(default_factory=utcnow)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class Running:
    port: int
    api: Api
    clock: Clock
    thread: ServerThread
    clients: list[Client] = field(default_factory=list)

    def client(self, host_header: str | None = None) -> Client:
        """A client of this server, closed when the test ends."""
        client = Client(self.port, host_header)
        self.clients.append(client)
        return client

    def stop(self) -> None:
        for client in self.clients:
            client.close()
        self.thread.stop()


ServerFactory = Callable[..., Running]


@pytest.fixture
def make_server(store: str) -> Iterator[ServerFactory]:
    """Start the real server (waitress on 127.0.0.1, port 0) with a given configuration."""
    started: list[Running] = []

    def start(max_body: int = 4 * 1024 * 1024, **config: Any) -> Running:
        clock = Clock()
        api = Api(SecurityConfig.build(max_body=max_body, **config), clock=clock)
        thread = ServerThread(ApiServer(api, "127.0.0.1", 0, max_body=max_body))
        thread.start_and_wait()
        running = Running(thread.server.port, api, clock, thread)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def server(make_server: ServerFactory) -> Running:
    return make_server()


@pytest.fixture
def client(server: Running) -> Client:
    return server.client()
