"""Bodies parsed one way whatever their encoding (issue 11 items 4, 6, 7): deep JSON, numbers,
repeated fields, ``chat_tpye`` spelled loosely, ``logout/`` with an expired token."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from chatdesk.store.models import Chat, Message, Token
from tests.api.conftest import Client, ServerFactory


@pytest.fixture
def user(client: Client) -> str:
    assert client.post("register", {"username": "jiuhua", "password": "123456"}).code == 0
    return "jiuhua"


def _raw_json(client: Client, endpoint: str, body: bytes) -> tuple[int, int]:
    reply = client.request(
        "POST", f"/myapp/{endpoint}/", body, {"Content-Type": "application/json"}
    )
    return reply.status, reply.code


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_json_nested_too_deep_is_9006(client: Client, user: str, depth: int) -> None:
    for body in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        assert _raw_json(client, "add_chat", body.encode()) == (400, 9006)
    assert Chat.select().count() == 0


@pytest.mark.parametrize("value", [" 1", "1 ", "\t1", "1\n", "01", "1.0", "+1", "１", "true"])
def test_chat_tpye_is_exactly_1_or_0(client: Client, user: str, value: str) -> None:
    fields = {"username": user, "chat_id": "1", "chat_title": "t", "chat_tpye": value}
    reply = client.post("add_chat", fields)
    assert (reply.code, "chat_tpye" in reply.json["msg"]) == (1002, True), reply.json
    assert Chat.select().count() == 0


def test_json_numbers_read_as_a_form_would(client: Client, user: str) -> None:
    """JSON ``1.0`` is the text ``1.0``, refused like form ``1.0``; JSON ``1``/``0`` are 1 and 0."""
    base = {"username": user, "chat_id": "1", "chat_title": "t", "chat_content": "hi"}
    for number in ("1.0", "1e0", "1E0", "-0", "10"):
        body = json.dumps(base)[:-1] + f', "chat_tpye": {number}}}'
        status, code = _raw_json(client, "add_chat", body.encode())
        form = client.post("add_chat", {**base, "chat_tpye": number}).code
        assert (status, code) == (200, 1002) and form == 1002, number
    assert _raw_json(
        client,
        "add_chat",
        b'{"username":"jiuhua","chat_id":1,"chat_title":"t","chat_content":"a","chat_tpye":0}',
    ) == (200, 0)
    assert client.post_json("get_chat_list", {"username": user, "limit": 1.0}).code == 1002
    assert client.post_json("get_chat_list", {"username": user, "limit": 1}).code == 0
    for constant in (b"NaN", b"Infinity", b"-Infinity"):
        body = b'{"username":"jiuhua","chat_id":"1","chat_title":"t","chat_tpye":' + constant
        assert _raw_json(client, "add_chat", body + b"}") == (400, 9006)
    assert Message.select().count() == 1


@pytest.mark.parametrize("offset", [" 1", "1 ", "+1", "1_0", "١", "1" * 5000])
def test_integers_are_ascii_digits(client: Client, user: str, offset: str) -> None:
    reply = client.post("get_chat_list", {"username": user, "offset": offset})
    assert reply.code == 1002 and "offset" in reply.json["msg"]


def test_a_field_given_twice_is_refused_in_every_encoding(client: Client, user: str) -> None:
    """One rule for JSON, forms, multipart and the query string: a repeated field is 1002 (before,
    JSON took the last value and forms the first)."""
    form = "username=jiuhua&chat_id=1&chat_title=a&chat_title=b&chat_content=x"
    reply = client.request(
        "POST",
        "/myapp/add_chat/",
        form.encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert reply.code == 1002 and "chat_title" in reply.json["msg"]
    body = b'{"username":"jiuhua","chat_id":"1","chat_title":"a","chat_title":"b"}'
    assert _raw_json(client, "add_chat", body) == (200, 1002)
    boundary = "XyZ"
    parts = [("username", user), ("chat_id", "1"), ("chat_title", "a"), ("chat_title", "b")]
    multipart = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in parts
    )
    reply = client.request(
        "POST",
        "/myapp/add_chat/",
        (multipart + f"--{boundary}--\r\n").encode(),
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert reply.code == 1002 and "chat_title" in reply.json["msg"]
    query = urlencode({"chat_title": "a"})
    reply = client.request(
        "POST",
        f"/myapp/add_chat/?{query}",
        urlencode({"username": user, "chat_id": "1", "chat_title": "b"}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert reply.code == 1002 and "chat_title" in reply.json["msg"]
    assert Chat.select().count() == 0
    once = client.post("add_chat", {"username": user, "chat_id": "1", "chat_title": "a"})
    assert once.code == 0


def test_logout_with_an_expired_token_is_2004(make_server: ServerFactory) -> None:
    server = make_server(require_token=True)
    client = server.client()
    assert client.post("register", {"username": "alice", "password": "12345678"}).code == 0
    token = client.post("login", {"username": "alice", "password": "12345678"}).json["token"]
    server.clock.advance(days=31)
    reply = client.post("logout", {}, Authorization=f"Bearer {token}")
    assert (reply.status, reply.json["code"]) == (401, 2004)
    assert Token.select().count() == 0  # revoked all the same
    server.clock.advance(days=-31)
    again = client.post("logout", {}, Authorization=f"Bearer {token}")
    assert again.json["code"] == 2004  # and gone for good


def test_a_page_of_none_is_an_empty_page(client: Client, user: str) -> None:
    """limit=0 answered 500 (the next page's cursor was read off an empty page): found by
    Schemathesis (tests/api/test_fuzz.py)."""
    assert client.post("add_chat", {"username": user, "chat_id": "1", "chat_title": "t"}).code == 0
    reply = client.post("get_chat_list", {"username": user, "limit": "0"})
    assert (reply.status, reply.json) == (
        200,
        {"code": 0, "chats": [], "total": 1, "next_before": ""},
    )


def test_history_by_chat_id_still_checks_the_title(client: Client, user: str) -> None:
    assert client.post("add_chat", {"username": user, "chat_id": "1", "chat_title": "t"}).code == 0
    fields = {"username": user, "chat_id": "1", "chat_title": "t" * 201}
    reply = client.post("get_history_chat", fields)
    assert reply.code == 1002 and "chat_title" in reply.json["msg"]
