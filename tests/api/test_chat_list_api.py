"""get_chat_list/ with the before cursor: the API's keyset paging (an addition in the seed's
style, beside offset)."""

from __future__ import annotations

from tests.api.conftest import Client


def test_pages_by_before_cursor_then_a_bad_cursor(client: Client) -> None:
    client.post("register", {"username": "u", "password": "123456"})
    for i in range(7):
        chat = {"username": "u", "chat_id": f"c{i}", "chat_title": f"t{i}", "chat_content": "m"}
        assert client.post("add_chat", chat).code == 0
    seen: list[str] = []
    fields = {"username": "u", "limit": "3"}
    while True:
        page = client.post("get_chat_list", fields).json
        assert page["code"] == 0 and page["total"] == 7
        seen += [c["chat_id"] for c in page["chats"]]
        if not page["next_before"]:
            break
        fields = {"username": "u", "limit": "3", "before": page["next_before"]}
    assert seen == [f"c{i}" for i in reversed(range(7))]
    by_offset = client.post("get_chat_list", {"username": "u", "offset": "3", "limit": "3"}).json
    assert [c["chat_id"] for c in by_offset["chats"]] == seen[3:6]
    bad = client.post("get_chat_list", {"username": "u", "before": "not-a-cursor"})
    assert bad.code == 1002
