"""update_prompt/ and delete_prompt/: the gallery curated over the API (additions in the seed's
style), with token mode's rules (SQLite and PostgreSQL)."""

from __future__ import annotations

from chatdesk.services import prompts
from chatdesk.store.models import Prompt
from tests.api.conftest import Client, ServerFactory


def test_update_then_delete_a_prompt(client: Client) -> None:
    client.post("add_prompt_fuction", {"prompt_title": "Review", "prompt_text": "Review it"})
    client.post("add_prompt_fuction", {"prompt_title": "Other", "prompt_text": "x"})
    reply = client.post(
        "update_prompt",
        {"prompt_title": "review", "new_prompt_title": "代码评审", "prompt_text": "请评审这段代码"},
    )
    assert reply.json == {
        "code": 0,
        "prompt_title": "代码评审",
        "prompt_text": "请评审这段代码",
        "prompt_msg": "prompt 修改成功",
    }
    only_text = client.post("update_prompt", {"prompt_title": "代码评审", "prompt_text": "新"})
    assert only_text.json["prompt_title"] == "代码评审" and only_text.json["prompt_text"] == "新"
    # refusals: nothing to change, a title taken, no such prompt; none changes anything
    assert client.post("update_prompt", {"prompt_title": "代码评审"}).code == 1001
    taken = client.post("update_prompt", {"prompt_title": "代码评审", "new_prompt_title": "OTHER"})
    assert taken.code == 4001
    assert client.post("update_prompt", {"prompt_title": "nope", "prompt_text": "x"}).code == 4002
    assert Prompt.get(Prompt.title == "代码评审").text == "新"

    deleted = client.post("delete_prompt", {"prompt_title": "代码评审"})
    assert deleted.json == {"code": 0, "msg": "prompt 删除成功"}
    assert client.post("delete_prompt", {"prompt_title": "代码评审"}).code == 4002
    assert client.post("delete_prompt", {}).code == 1001
    assert [p.title for p in prompts.list_prompts("代码")] == []


def test_prompt_edits_need_a_token_in_token_mode(make_server: ServerFactory) -> None:
    client = make_server(require_token=True).client()
    client.post("register", {"username": "u", "password": "123456"})
    token = client.post("login", {"username": "u", "password": "123456"}).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    client.post("add_prompt_fuction", {"prompt_title": "T", "prompt_text": "x"}, **bearer)
    assert client.post("update_prompt", {"prompt_title": "T", "prompt_text": "y"}).code == 2004
    assert client.post("delete_prompt", {"prompt_title": "T"}).code == 2004
    assert Prompt.get(Prompt.title == "T").text == "x"
    ok = client.post("update_prompt", {"prompt_title": "T", "prompt_text": "y"}, **bearer)
    assert ok.code == 0
    assert client.post("delete_prompt", {"prompt_title": "T"}, **bearer).code == 0
