"""SPEC §2: Host check, CSRF guard, CORS, token mode, login throttling, body limit."""

from __future__ import annotations

import socket
import time

import pytest

from chatdesk.services import passwords
from chatdesk.store.models import Chat, LoginAttempt, User
from tests.api.conftest import Client, Running, ServerFactory


@pytest.mark.parametrize(
    "host",
    ["localhost", "127.0.0.1", "[::1]", "localhost:8000", "127.0.0.1:1", "[::1]:8000", "LOCALHOST"],
)
def test_loopback_hosts_pass(server: Running, host: str) -> None:
    assert server.client(host).request("GET", "/myapp/health").status == 200


@pytest.mark.parametrize(
    "host",
    [
        "",
        "evil.example",
        "127.1",
        "localhost6",
        "2130706433",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "127.0.0.2",
        "localhost.",
        "localhost:80:80",
        "localhost:abc",
        "[::1]x",
        "127.0.0.1.evil.example",
        "0.0.0.0",
    ],
)
def test_other_hosts_are_refused(server: Running, host: str) -> None:
    reply = server.client(host).request(
        "POST",
        "/myapp/register/",
        b"username=a&password=123456",
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (reply.status, reply.json["code"]) == (403, 9001)
    assert User.select().count() == 0


def test_missing_host_is_refused(server: Running) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET /myapp/health HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.0 403") and b"9001" in data


def test_allowed_host(make_server: ServerFactory) -> None:
    server = make_server(allowed_hosts=["chat.example.org"])
    assert server.client("chat.example.org:8000").request("GET", "/myapp/health").status == 200
    assert server.client("other.example.org").request("GET", "/myapp/health").status == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:8000"},  # not allowed unless listed
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_cross_site_requests_refused_before_any_work(
    client: Client, headers: dict[str, str]
) -> None:
    reply = client.post(
        "register",
        {"username": "victim", "password": "123456"},
        **{k.replace("-", "_"): v for k, v in headers.items()},
    )
    assert (reply.status, reply.json["code"]) == (403, 9002)
    assert "access-control-allow-origin" not in reply.headers
    assert User.select().count() == 0


@pytest.mark.parametrize("site", ["same-origin", "none"])
def test_same_origin_and_user_initiated_pass(client: Client, site: str) -> None:
    reply = client.post("register", {"username": "u", "password": "123456"}, Sec_Fetch_Site=site)
    assert reply.code == 0


def test_allowed_origin_gets_cors_and_preflight(make_server: ServerFactory) -> None:
    server = make_server(allowed_origins=["http://localhost:3000"])
    client = server.client()
    pre = client.request(
        "OPTIONS",
        "/myapp/add_chat/",
        None,
        {
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Sec-Fetch-Site": "cross-site",
        },
    )
    assert pre.status == 204
    assert pre.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "POST" in pre.headers["access-control-allow-methods"]
    reply = client.post(
        "register",
        {"username": "u", "password": "123456"},
        Origin="http://localhost:3000",
        Sec_Fetch_Site="cross-site",
    )
    assert reply.code == 0
    assert reply.headers["access-control-allow-origin"] == "http://localhost:3000"
    refused = client.request("OPTIONS", "/myapp/add_chat/", None, {"Origin": "http://evil.example"})
    assert refused.status == 403 and "access-control-allow-origin" not in refused.headers


def test_token_mode(make_server: ServerFactory) -> None:
    server = make_server(require_token=True)
    client = server.client()
    assert client.post("register", {"username": "alice", "password": "12345678"}).code == 0
    assert client.post("register", {"username": "bob", "password": "12345678"}).code == 0
    health = client.request("GET", "/myapp/health")
    assert health.status == 200
    # without a token: refused, nothing written
    no_token = client.post("add_chat", {"username": "alice", "chat_id": "1", "chat_title": "t"})
    assert (no_token.status, no_token.json["code"]) == (401, 2004)
    bad = client.post("add_chat", {"chat_id": "1", "chat_title": "t"}, Authorization="Bearer nope")
    assert (bad.status, bad.json["code"]) == (401, 2004)
    assert Chat.select().count() == 0
    token = client.post("login", {"username": "alice", "password": "12345678"}).json["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert (
        client.post(
            "add_chat", {"chat_id": "1", "chat_title": "t", "chat_content": "hi"}, **auth
        ).code
        == 0
    )
    # a token acts only for its own user
    other = client.post("add_chat", {"username": "bob", "chat_id": "2", "chat_title": "t"}, **auth)
    assert other.code == 1002 and "username" in other.json["msg"]
    assert client.post("get_history_chat", {"chat_title": "t", "token": token}).json[
        "历史信息列表"
    ] == [["user", "hi"]]
    # the token is stored hashed, never as given
    from chatdesk.store.models import Token

    assert Token.get().token_hash == passwords.token_hash(token) != token
    # expiry
    server.clock.advance(days=31)
    expired = client.post("get_chat_list", {}, **auth)
    assert (expired.status, expired.json["code"]) == (401, 2004)
    server.clock.advance(days=-31)
    assert client.post("get_chat_list", {}, **auth).code == 0
    # logout revokes
    assert client.post("logout", {}, **auth).code == 0
    assert client.post("get_chat_list", {}, **auth).json["code"] == 2004


def test_login_throttling_with_retry_after(server: Running) -> None:
    client = server.client()
    client.post("register", {"username": "alice", "password": "123456"})
    for _ in range(5):
        assert client.post("login", {"username": "alice", "password": "wrong!"}).code == -2
        server.clock.advance(seconds=10)
    # now even the right password is refused, for this name only (any case)
    throttled = client.post("login", {"username": "ALICE", "password": "123456"})
    assert (throttled.status, throttled.json["code"]) == (429, 2003)
    retry = int(throttled.headers["retry-after"])
    assert 15 * 60 - 50 - 1 <= retry <= 15 * 60 - 50 + 1
    client.post("register", {"username": "bob", "password": "123456"})
    assert client.post("login", {"username": "bob", "password": "123456"}).code == 0
    server.clock.advance(seconds=retry)
    assert client.post("login", {"username": "alice", "password": "123456"}).code == 0
    assert LoginAttempt.select().where(LoginAttempt.username_key == "alice").count() == 0


def test_unknown_users_are_throttled_and_timed_like_known_ones(
    server: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = server.client()
    calls: list[str] = []
    real = passwords.verify_password

    def spy(password: str, stored: str) -> bool:
        calls.append(stored)
        return real(password, stored)

    monkeypatch.setattr(passwords, "verify_password", spy)
    client.post("login", {"username": "ghost", "password": "whatever"})
    assert len(calls) == 1  # a bcrypt check against a dummy hash, as for a real user
    for _ in range(4):
        client.post("login", {"username": "ghost", "password": "whatever"})
    assert client.post("login", {"username": "ghost", "password": "whatever"}).status == 429


def test_body_limit_refused_before_reading(make_server: ServerFactory) -> None:
    server = make_server(max_body=1000)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(
            b"POST /myapp/register/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000000\r\n\r\n"
        )
        started = time.monotonic()
        data = sock.recv(65536)  # answered without waiting for 5 MB that never come
    assert time.monotonic() - started < 3
    assert data.split(b"\r\n", 1)[0].endswith(b"413 Request Entity Too Large") or b" 413 " in data
    client = server.client()
    fits = client.post("register", {"username": "u", "password": "123456", "pad": "x" * 900})
    assert fits.code == 0


def test_a_body_of_exactly_the_limit_is_accepted(make_server: ServerFactory) -> None:
    """4 MiB is the limit: a body of exactly 4,194,304 bytes is read; one byte more is refused
    (issue 11 item 5: waitress refused a body equal to its max_request_body_size)."""
    server = make_server()
    limit = 4 * 1024 * 1024
    head = "username=nobody&chat_id=1&chat_title=t&chat_content="
    client = server.client()
    exact = client.request(
        "POST",
        "/myapp/add_chat/",
        (head + "x" * (limit - len(head))).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (exact.status, exact.code) == (200, 2005)  # read and parsed: there is no such user
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(
            b"POST /myapp/add_chat/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: " + str(limit + 1).encode() + b"\r\n\r\n"
        )
        assert b" 413 " in sock.recv(65536).split(b"\r\n", 1)[0]


def test_body_limit_in_the_app(make_server: ServerFactory) -> None:
    server = make_server(max_body=1000)
    server.api.config = server.api.config.__class__.build(max_body=100)
    reply = server.client().post("register", {"username": "u", "password": "1" * 200})
    assert (reply.status, reply.json["code"]) == (413, 9003)
    assert User.select().count() == 0


def test_long_passwords_count_every_byte(client: Client) -> None:
    base = "密码" * 40  # 240 UTF-8 bytes: far past bcrypt's 72
    assert client.post("register", {"username": "u", "password": base + "A"}).code == 0
    assert client.post("login", {"username": "u", "password": base + "B"}).code == -2
    assert client.post("login", {"username": "u", "password": base + "A"}).code == 0
    assert client.post("register", {"username": "v", "password": "p" * 1024}).code == 0
    assert User.get(User.username == "u").password_hash.startswith(
        "bcrypt_sha256$$2b$"
    )  # as Django writes it
