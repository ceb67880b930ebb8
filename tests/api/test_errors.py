"""Every error code of SPEC §1's table and each validation rule; bad input changes nothing."""

from __future__ import annotations

import json

import pytest

from chatdesk.services import chats
from chatdesk.store.models import Chat, Message, Prompt, User
from tests.api.conftest import Client


def counts() -> tuple[int, int, int, int]:
    return (
        User.select().count(),
        Chat.select().count(),
        Message.select().count(),
        Prompt.select().count(),
    )


@pytest.fixture
def user(client: Client) -> str:
    assert client.post("register", {"username": "jiuhua", "password": "123456"}).code == 0
    return "jiuhua"


def test_1001_missing_field_names_it(client: Client) -> None:
    reply = client.post("register", {"password": "123456"})
    assert (reply.status, reply.code) == (200, 1001)
    assert "username" in reply.json["msg"]
    en = client.post("register", {"username": "x"}, Accept_Language="en-US,en;q=0.9")
    assert en.json == {"code": 1001, "msg": "Missing required field: password"}


@pytest.mark.parametrize(
    ("endpoint", "fields", "field"),
    [
        ("register", {"username": "a b", "password": "123456"}, "username"),
        ("register", {"username": "a\tb", "password": "123456"}, "username"),
        ("register", {"username": "x" * 65, "password": "123456"}, "username"),
        ("register", {"username": "ok", "password": "12345"}, "password"),
        ("register", {"username": "ok", "password": "p" * 1025}, "password"),
        ("add_chat", {"username": "jiuhua", "chat_id": "c" * 129, "chat_title": "t"}, "chat_id"),
        (
            "add_chat",
            {"username": "jiuhua", "chat_id": "1", "chat_title": "t", "chat_tpye": "2"},
            "chat_tpye",
        ),
        ("add_chat", {"username": "jiuhua", "chat_id": "1", "chat_title": "t\x00"}, "chat_title"),
        ("add_chat", {"username": "jiuhua", "chat_id": "1", "chat_title": "t" * 201}, "chat_title"),
        ("get_chat_list", {"username": "jiuhua", "limit": "201"}, "limit"),
        ("get_chat_list", {"username": "jiuhua", "offset": "-1"}, "offset"),
        ("get_prompt_fuction", {"format": "xml"}, "format"),
        ("add_prompt_fuction", {"prompt_title": "t" * 201, "prompt_text": "x"}, "prompt_title"),
        ("add_prompt_fuction", {"prompt_title": "t", "prompt_text": "x" * 200_001}, "prompt_text"),
    ],
)
def test_1002_invalid_field_names_it_and_changes_nothing(
    client: Client, user: str, endpoint: str, fields: dict[str, str], field: str
) -> None:
    before = counts()
    reply = client.post(endpoint, fields)
    assert (reply.status, reply.code) == (200, 1002), reply.json
    assert field in reply.json["msg"]
    assert counts() == before


def test_1001_title_needed_to_create_a_chat(client: Client, user: str) -> None:
    reply = client.post("add_chat", {"username": user, "chat_id": "1", "chat_content": "x"})
    assert reply.code == 1001 and "chat_title" in reply.json["msg"]
    assert Chat.select().count() == 0 and Message.select().count() == 0


def test_minus1_username_taken_case_insensitively(client: Client, user: str) -> None:
    reply = client.post("register", {"username": "JiuHua", "password": "654321"})
    assert reply.body == '{"code": -1, "msg": "用户名已存在！"}'.encode()
    assert User.select().count() == 1


def test_minus2_one_answer_for_wrong_password_and_unknown_user(client: Client, user: str) -> None:
    wrong = client.post("login", {"username": user, "password": "nope-nope"})
    unknown = client.post("login", {"username": "ghost", "password": "nope-nope"})
    assert wrong.body == unknown.body == '{"code": -2, "msg": "用户名或密码错误"}'.encode()


def test_2005_unknown_user(client: Client) -> None:
    reply = client.post("add_chat", {"username": "ghost", "chat_id": "1", "chat_title": "t"})
    assert reply.code == 2005 and "ghost" in reply.json["msg"]
    assert Chat.select().count() == 0


def test_3001_no_such_chat(client: Client, user: str) -> None:
    assert client.post("get_history_chat", {"chat_title": "nothing"}).code == 3001
    assert client.post("get_history_chat", {"chat_title": "", "chat_id": "9"}).code == 3001
    assert client.post("delete_chat", {"chat_id": "9"}).code == 3001


def test_3002_chat_id_shared_by_two_users(client: Client, user: str) -> None:
    client.post("register", {"username": "other", "password": "123456"})
    for name in (user, "other"):
        client.post("add_chat", {"username": name, "chat_id": "1", "chat_title": name})
    assert client.post("delete_chat", {"chat_id": "1"}).code == 3002
    assert Chat.select().where(Chat.deleted_at.is_null()).count() == 2
    assert client.post("delete_chat", {"chat_id": "1", "username": "other"}).code == 0
    assert client.post("get_history_chat", {"chat_title": "other"}).code == 3001
    assert client.post("get_history_chat", {"chat_title": user}).code == 0


def test_history_scoped_to_user_and_newest_of_shared_title(client: Client, user: str) -> None:
    client.post("register", {"username": "other", "password": "123456"})
    client.post(
        "add_chat",
        {"username": user, "chat_id": "a", "chat_title": "同名", "chat_content": "mine-old"},
    )
    client.post(
        "add_chat",
        {"username": "other", "chat_id": "b", "chat_title": "同名", "chat_content": "theirs"},
    )
    client.post(
        "add_chat",
        {"username": user, "chat_id": "c", "chat_title": "同名", "chat_content": "mine-new"},
    )

    def hist(**f: str) -> list[list[str]]:
        return client.post("get_history_chat", {"chat_title": "同名", **f}).json["历史信息列表"]

    assert hist() == [["user", "mine-new"]]
    assert hist(username="other") == [["user", "theirs"]]
    assert (
        client.post("get_history_chat", {"chat_title": "同名", "username": "nobody"}).code == 2005
    )


def test_re_adding_a_deleted_chat_starts_afresh(client: Client, user: str) -> None:
    client.post(
        "add_chat", {"username": user, "chat_id": "1", "chat_title": "t", "chat_content": "old"}
    )
    client.post("delete_chat", {"chat_id": "1", "username": user})
    reply = client.post(
        "add_chat", {"username": user, "chat_id": "1", "chat_title": "t", "chat_content": "new"}
    )
    assert reply.json["msg"] == "对话加入成功"
    assert client.post("get_history_chat", {"chat_title": "t"}).json["历史信息列表"] == [
        ["user", "new"]
    ]


def test_4001_prompt_title_taken_case_insensitively(client: Client) -> None:
    assert (
        client.post("add_prompt_fuction", {"prompt_title": "Code Review", "prompt_text": "x"}).code
        == 0
    )
    reply = client.post("add_prompt_fuction", {"prompt_title": "code review", "prompt_text": "y"})
    assert reply.code == 4001 and Prompt.select().count() == 1


def test_a_long_real_prompt_is_accepted(client: Client) -> None:
    text = "我希望你扮演一个长篇提示。" * 11_000  # 143,000 characters, 1.2 MB form-encoded
    reply = client.post("add_prompt_fuction", {"prompt_title": "长提示", "prompt_text": text})
    assert reply.code == 0 and Prompt.get(Prompt.title == "长提示").text == text


def test_9004_9005(client: Client) -> None:
    wrong_method = client.request("GET", "/myapp/add_chat/")
    assert (wrong_method.status, wrong_method.json["code"]) == (405, 9004)
    assert "POST" in wrong_method.headers["allow"]
    assert client.request("POST", "/myapp/health", b"").json["code"] == 9004
    for path in ("/myapp/nothing/", "/", "/myapp", "/other/register/"):
        reply = client.request("POST", path, b"")
        assert (reply.status, reply.json["code"]) == (404, 9005)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b"{not json"),
        ("application/json", b"[1, 2]"),
        ("application/json", b'{"username": "\xff"}'),
        ("application/x-www-form-urlencoded", b"username=\xff\xfe&password=123456"),
        ("application/x-www-form-urlencoded", b"username=%ff%fe&password=123456"),
        ("multipart/form-data", b"--x\r\nno boundary declared"),
    ],
)
def test_9006_unparseable_body(client: Client, content_type: str, body: bytes) -> None:
    reply = client.request("POST", "/myapp/register/", body, {"Content-Type": content_type})
    assert (reply.status, reply.json["code"]) == (400, 9006)
    assert User.select().count() == 0


def _multipart(fields: list[tuple[bytes, bytes]], boundary: bytes = b"Bd7") -> tuple[bytes, str]:
    """A multipart/form-data body of raw ``(headers, value)`` parts, and its Content-Type."""
    body = b"".join(
        b"--" + boundary + b"\r\n" + headers + b"\r\n\r\n" + value + b"\r\n"
        for headers, value in fields
    )
    return body + b"--" + boundary + b"--\r\n", f"multipart/form-data; boundary={boundary.decode()}"


def _text_part(name: bytes, extra: bytes = b"") -> bytes:
    return b'Content-Disposition: form-data; name="' + name + b'"' + extra


@pytest.mark.parametrize(
    "value",
    [b"chat\xff", b"\xe5\x8c", b"\xed\xa0\x80", b"\xc0\xaf", "标题".encode("gbk")],
    ids=["ff", "truncated", "surrogate", "overlong", "gbk"],
)
def test_9006_multipart_text_not_utf8(client: Client, user: str, value: bytes) -> None:
    """Invalid UTF-8 in a multipart text field is refused as in form and JSON bodies: 9006 and
    nothing changes (Werkzeug's parser alone would put U+FFFD in its place)."""
    before = counts()
    for fields in (
        [(_text_part(b"username"), user.encode()), (_text_part(b"chat_id"), b"1"),
         (_text_part(b"chat_title"), value), (_text_part(b"chat_content"), b"hello")],
        [(_text_part(b"username"), user.encode()), (_text_part(b"chat_id"), b"1"),
         (_text_part(b"chat_title"), b"ok"), (_text_part(b"chat_content"), b"x" + value)],
        [(_text_part(b"username"), user.encode()), (_text_part(b"chat_id"), b"1"),
         (_text_part(b"chat_title", b"\r\nContent-Type: text/plain; charset=utf-8"), value)],
        [(_text_part(b"username"), user.encode()), (_text_part(b"chat_id"), b"1"),
         (_text_part(b"chat_title"), b"ok"), (_text_part(b"ch\xffat"), b"x")],
    ):  # fmt: skip
        body, content_type = _multipart(fields)
        reply = client.request("POST", "/myapp/add_chat/", body, {"Content-Type": content_type})
        assert (reply.status, reply.json["code"]) == (400, 9006), fields
        assert counts() == before
    register, content_type = _multipart(
        [(_text_part(b"username"), b"new" + value), (_text_part(b"password"), b"123456")]
    )
    reply = client.request("POST", "/myapp/register/", register, {"Content-Type": content_type})
    assert (reply.status, reply.json["code"]) == (400, 9006)
    assert counts() == before


def test_multipart_text_and_files(client: Client, user: str) -> None:
    """Valid multipart still works: UTF-8 text, a part's declared Latin-1 charset (as Werkzeug
    reads it), and file parts (left out, whatever their bytes)."""
    body, content_type = _multipart(
        [
            (_text_part(b"username"), user.encode()),
            (_text_part(b"chat_id"), b"m1"),
            (_text_part(b"chat_title", b"\r\nContent-Type: text/plain; charset=iso-8859-1"),
             b"caf\xe9"),
            (b'Content-Disposition: form-data; name="upload"; filename="a.bin"', b"\xff\xfe\x00"),
            (_text_part(b"chat_content"), "多部分 ✓".encode()),
        ]
    )  # fmt: skip
    reply = client.request("POST", "/myapp/add_chat/", body, {"Content-Type": content_type})
    assert reply.json == {"code": 0, "msg": "对话加入成功"}
    chat = Chat.get(Chat.chat_key == "m1")
    assert chat.title == "café"
    assert [m.content for m in chat.messages] == ["多部分 ✓"]
    for broken in (body[:-4], body.replace(b"--Bd7--", b"--Bd7"), b""):
        reply = client.request("POST", "/myapp/add_chat/", broken, {"Content-Type": content_type})
        assert (reply.status, reply.json["code"]) == (400, 9006)
    assert Message.select().count() == 1


def test_json_field_of_wrong_type(client: Client) -> None:
    reply = client.post_json("register", {"username": ["a"], "password": "123456"})
    assert reply.code == 1002 and User.select().count() == 0


def test_5000_internal_error_hides_the_trace(
    client: Client, user: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(chats, "add_chat", boom)
    reply = client.post("add_chat", {"username": user, "chat_id": "1", "chat_title": "t"})
    assert (reply.status, reply.json) == (500, {"code": 5000, "msg": "服务器内部错误"})
    assert b"Traceback" not in reply.body and b"secret" not in reply.body
    assert "secret detail" in caplog.text  # the log has it


def test_error_bodies_are_json_utf8(client: Client) -> None:
    reply = client.post("get_history_chat", {"chat_title": "无"})
    assert reply.headers["content-type"] == "application/json; charset=utf-8"
    assert json.loads(reply.body.decode("utf-8"))["msg"] == "对话不存在"
