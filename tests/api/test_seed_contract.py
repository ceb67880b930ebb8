"""The seed's examples, sent form-encoded as the original clients send them, over a real socket,
compared byte for byte with the bodies SPEC §1 gives."""

from __future__ import annotations

import json

from chatdesk.services import prompts
from tests.api.conftest import Client

JSON = "application/json; charset=utf-8"
TITLE = "请根据以下历史聊天字"


def exact(reply, body: str, content_type: str = JSON) -> None:  # type: ignore[no-untyped-def]
    assert reply.status == 200
    assert reply.headers["content-type"] == content_type
    assert reply.body == body.encode("utf-8")


def test_register(client: Client) -> None:
    exact(
        client.post("register", {"username": "jiuhua", "password": "123456"}),
        '{"code": 0, "msg": "注册成功！"}',
    )


def test_login_returns_the_seed_body_plus_a_token(client: Client) -> None:
    client.post("register", {"username": "jiuhua", "password": "123456"})
    reply = client.post("login", {"username": "jiuhua", "password": "123456"})
    assert reply.status == 200
    assert reply.body.startswith('{"code": 0, "msg": "登陆成功", "token": "'.encode())
    assert len(reply.json["token"]) >= 43  # 256 bits, URL-safe base64


def test_add_chat_then_add_message(client: Client) -> None:
    client.post("register", {"username": "jiuhua1", "password": "123456"})
    seed = {
        "username": "jiuhua1",
        "chat_id": "1",
        "chat_title": TITLE,
        "chat_content": "可以填任意文本",
        "chat_tpye": "0",
    }
    exact(client.post("add_chat", seed), '{"code": 0, "msg": "对话加入成功"}')
    exact(
        client.post("add_chat", {**seed, "chat_content": "user words", "chat_tpye": "1"}),
        '{"code": 0, "msg": "消息加入成功"}',
    )
    # the history the seed documents: [role, content] pairs, the assistant written "chatcar"
    exact(
        client.post("get_history_chat", {"chat_title": TITLE}),
        '{"code": 0, "历史信息列表": [["chatcar", "可以填任意文本"], ["user", "user words"]]}',
    )


def test_delete_chat(client: Client) -> None:
    client.post("register", {"username": "jiuhua1", "password": "123456"})
    client.post("add_chat", {"username": "jiuhua1", "chat_id": "1", "chat_title": TITLE})
    exact(client.post("delete_chat", {"chat_id": "1"}), '{"code": 0, "msg": "对话删除成功"}')
    assert client.post("get_history_chat", {"chat_title": TITLE}).code == 3001


def test_add_prompt(client: Client) -> None:
    reply = client.post(
        "add_prompt_fuction",
        {
            "prompt_title": "python数据处理 2",
            "prompt_text": "我有五个excel表，每个表有6列。帮我写一段python，把这五个表合成一个表。",
        },
    )
    exact(
        reply,
        '{"code": 0, "prompt_title": "python数据处理 2", "prompt_text": '
        '"我有五个excel表，每个表有6列。帮我写一段python，把这五个表合成一个表。", '
        '"prompt_msg": "示例promp存储成功"}',
    )


def test_default_gallery_holds_the_seed_examples(client: Client) -> None:
    prompts.load_defaults()
    titles = {p.title for p in prompts.list_prompts(limit=1000)}
    assert {"小红书账号介绍文案", "高情商大师", "python数据处理"} <= titles
    assert len(titles) >= 40
    reply = client.post("add_prompt_fuction", {"prompt_title": "高情商大师", "prompt_text": "x"})
    assert reply.code == 4001


def _split_reprs(body: str, known: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """Split the legacy prompt body into the prompts it concatenates."""
    found = []
    pos = 0
    while pos < len(body):
        match = [r for r in known if body.startswith(r, pos)]
        assert len(match) == 1, f"unparseable at {pos}: {body[pos : pos + 60]!r}"
        found.append(known[match[0]])
        pos += len(match[0])
    return found


def test_get_prompt_is_the_legacy_text_of_eight_distinct_prompts(client: Client) -> None:
    prompts.load_defaults()
    known = {repr([p.title, p.text]): (p.title, p.text) for p in prompts.list_prompts(limit=1000)}
    reply = client.post("get_prompt_fuction", {})
    exact(reply, reply.body.decode("utf-8"), "text/html; charset=utf-8")
    body = reply.body.decode("utf-8")
    assert body.startswith("[") and body.endswith("]")  # "]" closes a repr in either quote
    picked = _split_reprs(body, known)
    assert len(picked) == 8 and len(set(picked)) == 8


def test_get_prompt_legacy_format_quotes_as_python_does(client: Client) -> None:
    client.post("add_prompt_fuction", {"prompt_title": "it's", "prompt_text": 'say "hi"\nnow'})
    body = client.post("get_prompt_fuction", {}).body.decode("utf-8")
    assert body == repr(["it's", 'say "hi"\nnow']) == '["it\'s", \'say "hi"\\nnow\']'


def test_get_prompt_json_format(client: Client) -> None:
    client.post("add_prompt_fuction", {"prompt_title": "高情商大师", "prompt_text": "碰见刁难"})
    reply = client.post("get_prompt_fuction", {"format": "json"})
    assert reply.headers["content-type"] == JSON
    assert reply.json == {
        "code": 0,
        "prompts": [{"prompt_title": "高情商大师", "prompt_text": "碰见刁难"}],
    }


def test_chinese_is_written_as_is(client: Client) -> None:
    reply = client.post("register", {"username": "用户", "password": "123456"})
    assert "注册成功".encode() in reply.body and b"\\u" not in reply.body


def test_bodies_in_json_and_multipart_and_without_slash(client: Client) -> None:
    reply = client.post_json("register", {"username": "a1", "password": "123456"})
    assert reply.body == '{"code": 0, "msg": "注册成功！"}'.encode()
    boundary = "XyZ"
    parts = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in {
                "username": "a1",
                "chat_id": "7",
                "chat_title": "多部分",
                "chat_tpye": "1",
                "chat_content": "内容",
            }.items()
        )
        + f"--{boundary}--\r\n"
    )
    reply = client.request(
        "POST",
        "/myapp/add_chat",
        parts.encode(),
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert reply.json == {"code": 0, "msg": "对话加入成功"}
    # JSON numbers are accepted where the seed documents a number (chat_tpye, chat_id)
    reply = client.post_json(
        "add_chat",
        {
            "username": "a1",
            "chat_id": 7,
            "chat_title": "多部分",
            "chat_content": "答",
            "chat_tpye": 0,
        },
    )
    assert reply.json == {"code": 0, "msg": "消息加入成功"}
    history = client.post_json(
        "get_history_chat", {"chat_title": "", "chat_id": "7", "username": "A1"}
    ).json
    assert history == {"code": 0, "历史信息列表": [["user", "内容"], ["chatcar", "答"]]}


def test_chat_type_alias_and_default(client: Client) -> None:
    client.post("register", {"username": "u", "password": "123456"})
    client.post(
        "add_chat",
        {"username": "u", "chat_id": "c", "chat_title": "t", "chat_content": "a", "chat_type": "0"},
    )
    client.post(
        "add_chat", {"username": "u", "chat_id": "c", "chat_title": "t", "chat_content": "b"}
    )
    history = client.post("get_history_chat", {"chat_title": "t"}).json["历史信息列表"]
    assert history == [["chatcar", "a"], ["user", "b"]]


def test_additions_chat_list_search_health_logout(client: Client) -> None:
    client.post("register", {"username": "u", "password": "123456"})
    for i in range(3):
        client.post(
            "add_chat",
            {
                "username": "u",
                "chat_id": f"c{i}",
                "chat_title": f"标题{i}",
                "chat_content": f"北京 第{i}条",
            },
        )
    listing = client.post("get_chat_list", {"username": "u", "limit": "2"}).json
    assert listing["total"] == 3
    assert [c["chat_id"] for c in listing["chats"]] == ["c2", "c1"]
    assert listing["chats"][0]["message_count"] == 1
    assert listing["chats"][0]["updated_at"].endswith("Z")
    hits = client.post("search", {"username": "u", "query": "北京"}).json
    assert hits["total"] == 3 and hits["hits"][0]["chat_title"] == "标题2"
    # SPEC §1's keys, the chat's folder and tags (issue 13: extra keys may be added) and its
    # source (issue 22: null for a chat made through the API)
    keys = {"chat_id", "chat_title", "role", "snippet", "created_at"}
    assert set(hits["hits"][0]) == keys | {"folder", "tags", "source"}
    assert hits["hits"][0]["source"] is None and listing["chats"][0]["source"] is None
    health = client.request("GET", "/myapp/health")
    assert health.status == 200 and health.json["code"] == 0 and "version" in health.json
    token = client.post("login", {"username": "u", "password": "123456"}).json["token"]
    assert client.post("logout", {}, Authorization=f"Bearer {token}").code == 0
    assert client.post("logout", {"token": token}).code == 2004


def test_openapi_documents_every_endpoint(client: Client) -> None:
    from chatdesk.api.app import ENDPOINTS

    doc = client.request("GET", "/myapp/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    documented = {path.strip("/").removeprefix("myapp/") for path in doc["paths"]}
    assert documented == set(ENDPOINTS)
    json.dumps(doc)  # serialisable as is
