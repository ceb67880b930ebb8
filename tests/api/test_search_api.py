"""``search/`` over HTTP: the total counted up to a cap, then a lower bound (issue 10)."""

from __future__ import annotations

import pytest

from chatdesk.services import search
from tests.api.conftest import Client


def _library(client: Client, messages: int) -> None:
    client.post("register", {"username": "u", "password": "123456"})
    for i in range(messages):
        fields = {"username": "u", "chat_id": f"c{i % 3}", "chat_title": f"闲聊{i % 3}"}
        client.post("add_chat", {**fields, "chat_content": f"熊猫 第{i}条"})


def _search(client: Client, **fields: str) -> dict:  # type: ignore[type-arg]
    reply = client.post("search", {"username": "u", **fields}).json
    assert reply["code"] == 0
    return reply  # type: ignore[no-any-return]


def test_total_is_exact_under_the_cap(client: Client) -> None:
    _library(client, 4)
    for query in ("熊猫", "熊"):
        reply = _search(client, query=query)
        assert (reply["total"], reply["total_exact"], len(reply["hits"])) == (4, True, 4)


def test_past_the_cap_total_is_a_lower_bound_and_paging_goes_on(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 3)  # the server runs in this process
    _library(client, 7)
    for query in ("熊猫", "熊"):
        every = _search(client, query=query, limit="50")
        assert (every["total"], every["total_exact"]) == (7, True)  # the page went to the end
        first = _search(client, query=query, limit="2")
        assert (first["total"], first["total_exact"]) == (3, False)  # more than 3
        assert first["hits"] == every["hits"][:2]
        deeper = _search(client, query=query, offset="3", limit="2")
        assert (deeper["total"], deeper["total_exact"]) == (5, False)
        assert deeper["hits"] == every["hits"][3:5]
        last = _search(client, query=query, offset="5", limit="2")
        assert (last["total"], last["total_exact"], last["hits"]) == (7, True, every["hits"][5:])
        past = _search(client, query=query, offset="9", limit="2")
        assert (past["total"], past["total_exact"], past["hits"]) == (7, True, [])


def test_the_document_says_so(client: Client) -> None:
    doc = client.request("GET", "/myapp/openapi.json").json
    post = doc["paths"]["/myapp/search/"]["post"]
    schema = post["responses"]["200"]["content"]["application/json"]["schema"]
    success = next(s for s in schema.get("anyOf", [schema]) if "hits" in s.get("properties", {}))
    assert success["properties"]["total_exact"] == {"type": "boolean"}
    assert {"total", "total_exact"} <= set(success["required"])
    assert f"{search.COUNT_CAP:,}" in post["summary"]
