"""``update_prompt/`` and ``delete_prompt/`` over the real socket (issue 9 item 6)."""

from __future__ import annotations

import pytest

from chatdesk.services import prompts
from chatdesk.store.models import Prompt
from tests.api.conftest import Client, ServerFactory


def rows() -> list[tuple[str, str, int]]:
    return sorted((p.title, p.text, p.slot) for p in Prompt.select())


def slots_are_dense() -> bool:
    return sorted(p.slot for p in Prompt.select()) == list(range(Prompt.select().count()))


@pytest.fixture
def gallery(client: Client) -> Client:
    for title, text in (
        ("Code Review", "Review this code."),
        ("翻译", "把下面的话译成英文"),
        ("C", "c"),
    ):
        assert (
            client.post("add_prompt_fuction", {"prompt_title": title, "prompt_text": text}).code
            == 0
        )
    return client


def test_update_text_and_title(gallery: Client) -> None:
    reply = gallery.post(
        "update_prompt", {"prompt_title": "code review", "prompt_text": "Be kind."}
    )
    assert reply.json == {
        "code": 0,
        "msg": "prompt 修改成功",
        "prompt_title": "Code Review",
        "prompt_text": "Be kind.",
    }
    reply = gallery.post_json("update_prompt", {"prompt_title": "翻译", "new_prompt_title": "英译"})
    assert (
        reply.json["prompt_title"] == "英译" and reply.json["prompt_text"] == "把下面的话译成英文"
    )
    reply = gallery.post("update_prompt", {"prompt_title": "c", "new_prompt_title": "C"})  # case
    assert reply.code == 0 and Prompt.get(Prompt.title_key == "c").title == "C"
    assert ("英译", "把下面的话译成英文") in [(t, x) for t, x, _ in rows()]
    assert prompts.update_prompt("英译", "翻译", "").title == "翻译"  # the same rule in the service


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"prompt_title": "Nope", "prompt_text": "x"}, 4002, "Nope"),
        ({"prompt_title": "C", "new_prompt_title": "CODE REVIEW"}, 4001, "CODE REVIEW"),
        ({"prompt_title": "C"}, 1001, "new_prompt_title / prompt_text"),
        ({"prompt_text": "x"}, 1001, "prompt_title"),
        ({"prompt_title": "C", "prompt_text": "x" * 200_001}, 1002, "prompt_text"),
        ({"prompt_title": "C", "new_prompt_title": "t" * 201}, 1002, "new_prompt_title"),
        ({"prompt_title": "C", "new_prompt_title": "a\tb"}, 1002, "new_prompt_title"),
    ],
)
def test_update_errors_change_nothing(
    gallery: Client, fields: dict[str, str], code: int, field: str
) -> None:
    before = rows()
    reply = gallery.post("update_prompt", fields, Accept_Language="en")
    assert (reply.status, reply.code) == (200, code) and field in reply.json["msg"]
    assert rows() == before


def test_delete(gallery: Client) -> None:
    assert gallery.post("delete_prompt", {"prompt_title": "CODE REVIEW"}).json == {
        "code": 0,
        "msg": "prompt 删除成功",
    }
    assert [t for t, _, _ in rows()] == ["C", "翻译"] and slots_are_dense()
    assert gallery.post("delete_prompt", {"prompt_title": "Code Review"}).code == 4002
    assert gallery.post("delete_prompt", {}).code == 1001
    picked = gallery.post("get_prompt_fuction", {"format": "json"}).json["prompts"]
    assert sorted(p["prompt_title"] for p in picked) == ["C", "翻译"]
    # the seed's endpoints are unchanged: the old body, the old answer
    assert gallery.post("get_prompt_fuction").body.decode().count("['") == 2
    assert gallery.post("add_prompt_fuction", {"prompt_title": "D", "prompt_text": "d"}).json == {
        "code": 0,
        "prompt_title": "D",
        "prompt_text": "d",
        "prompt_msg": "示例promp存储成功",
    }


def test_token_mode_as_for_chats(make_server: ServerFactory) -> None:
    server = make_server(require_token=True)
    client = server.client()
    prompts.add_prompt("Shared", "text")
    assert client.post("register", {"username": "alice", "password": "12345678"}).code == 0
    for endpoint, fields in (
        ("update_prompt", {"prompt_title": "Shared", "prompt_text": "new"}),
        ("delete_prompt", {"prompt_title": "Shared"}),
    ):
        refused = client.post(endpoint, fields)
        assert (refused.status, refused.json["code"]) == (401, 2004)
    assert Prompt.get().text == "text"
    token = client.post("login", {"username": "alice", "password": "12345678"}).json["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert (
        client.post("update_prompt", {"prompt_title": "Shared", "prompt_text": "new"}, **auth).code
        == 0
    )
    assert Prompt.get().text == "new"
    assert client.post("delete_prompt", {"prompt_title": "Shared", "token": token}).code == 0
    assert Prompt.select().count() == 0


def test_edit_by_id_for_the_gallery(sqlite_store: str) -> None:
    first = prompts.add_prompt("One", "1")
    prompts.add_prompt("Two", "2")
    assert prompts.edit_prompt(first.id, "Uno", "") == prompts.PromptRow(
        first.id, "Uno", "1", False
    )
    with pytest.raises(prompts.ServiceError) as taken:
        prompts.edit_prompt(first.id, "two", "")
    assert taken.value.code == 4001
    prompts.delete_prompt(first.id)
    with pytest.raises(prompts.ServiceError) as gone:
        prompts.edit_prompt(first.id, "", "x")
    assert gone.value.code == 4002
