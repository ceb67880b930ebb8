"""``/mcp`` on the real server (waitress, the same port as /myapp/), driven by the SDK's own
client in stateless JSON mode: every tool, prompts, resources, paging, the bounds, Chinese
queries, and the guards (token, Host, Origin, body size, another account's token)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from chatdesk.mcp_server import server as mcp_server
from chatdesk.services import ai_apps
from chatdesk.services.chats import find_chat
from chatdesk.services.errors import ServiceError
from tests.mcp.conftest import Library, Served, http_client, run

LIST_TOOLS = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}


def _post(url: str, payload: Any, **headers: str) -> tuple[int, dict[str, Any]]:
    """One raw POST, to see the refusals' status and body."""
    body = json.dumps(payload).encode()
    request = urllib.request.Request(
        url,
        body,
        {
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
            "MCP-Protocol-Version": "2025-06-18",
            **headers,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        text = error.read()
        return error.code, json.loads(text) if text.startswith(b"{") else {}


def test_every_read_tool_with_an_app_token(library: Library, http_server: Served) -> None:
    async def body() -> None:
        async with http_client(http_server.url, library.app_token) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            assert "save_message" not in names and "search_chats" in names
            schema = next(
                t for t in (await client.list_tools()).tools if t.name == "get_chat"
            ).output_schema
            assert schema is not None and "messages" in schema["properties"]

            found = (await client.call_tool("search_chats", {"query": "北京"})).structured_content
            assert [h["chat_id"] for h in found["hits"]] == [library.travel]  # bob's stays his
            assert found["hits"][0]["role"] == "user" and "北京" in found["hits"][0]["snippet"]
            by_title = await client.call_tool("search_chats", {"query": "旅行"})
            assert library.travel in [h["chat_id"] for h in by_title.structured_content["hits"]]
            scoped = await client.call_tool("search_chats", {"query": "folder:Work tag:trips"})
            assert [h["chat_id"] for h in scoped.structured_content["hits"]] == [library.travel]
            paged = await client.call_tool("search_chats", {"query": "message", "limit": 3})
            assert len(paged.structured_content["hits"]) == 3
            assert paged.structured_content["next_offset"] == 3
            too_many = await client.call_tool("search_chats", {"query": "x", "limit": 51})
            assert too_many.is_error
            fuzzy = await client.call_tool("search_chats", {"query": "x", "mode": "fuzzy"})
            assert fuzzy.is_error and "mode must be one of text, meaning, hybrid" in (
                fuzzy.content[0].text
            )
            both = await client.call_tool("search_chats", {"query": "北京", "mode": "hybrid"})
            assert both.structured_content["mode"] == "hybrid"
            assert library.travel in [h["chat_id"] for h in both.structured_content["hits"]]

            listed = (await client.call_tool("list_chats", {"limit": 1})).structured_content
            assert listed["total"] == 2 and len(listed["chats"]) == 1
            rest = await client.call_tool("list_chats", {"cursor": listed["next_cursor"]})
            ids = [listed["chats"][0]["chat_id"]] + [
                c["chat_id"] for c in rest.structured_content["chats"]
            ]
            assert sorted(ids) == sorted([library.travel, library.long])
            in_work = await client.call_tool("list_chats", {"folder": library.work})
            chat = in_work.structured_content["chats"][0]
            assert (chat["chat_id"], chat["folder"], chat["tags"]) == (
                library.travel,
                "Work",
                ["trips"],
            )
            tagged = await client.call_tool("list_chats", {"tag": "trips"})
            assert [c["chat_id"] for c in tagged.structured_content["chats"]] == [library.travel]
            source = await client.call_tool("list_chats", {"source": "chatgpt"})
            assert source.is_error

            folders = (await client.call_tool("list_folders", {})).structured_content
            assert folders["folders"][0]["path"] == "Work" and folders["folders"][0]["count"] == 1
            tags = (await client.call_tool("list_tags", {})).structured_content
            assert tags["tags"][0] == {
                "name": "trips",
                "color": tags["tags"][0]["color"],
                "count": 1,
            }

            drawn = (await client.call_tool("random_prompts", {})).structured_content["prompts"]
            assert len(drawn) == 8 and len({p["title"] for p in drawn}) == 8
            five = await client.call_tool("random_prompts", {"count": 5})
            assert len(five.structured_content["prompts"]) == 5
            assert (await client.call_tool("random_prompts", {"count": 21})).is_error
            hits = await client.call_tool("search_prompts", {"query": "interview"})
            assert any("Interview" in p["title"] for p in hits.structured_content["prompts"])

    run(body)


def test_a_long_chat_is_read_page_by_page(library: Library, http_server: Served) -> None:
    """5,000 messages never come back whole: pages of at most 50, in order, to the end."""

    async def body() -> None:
        async with http_client(http_server.url, library.app_token) as client:
            first = await client.call_tool("get_chat", {"chat_id": library.long})
            page = first.structured_content
            assert page["message_count"] == 5_000 and len(page["messages"]) == 20
            assert page["messages"][0]["text"].startswith("message 0 ")
            assert page["next_offset"] == 20
            assert (
                await client.call_tool("get_chat", {"chat_id": library.long, "limit": 51})
            ).is_error
            seen, offset = 0, 0
            while offset is not None and seen < 300:
                got = await client.call_tool(
                    "get_chat", {"chat_id": library.long, "offset": offset, "limit": 50}
                )
                messages = got.structured_content["messages"]
                assert [m["index"] for m in messages] == list(range(offset, offset + 50))
                seen += len(messages)
                offset = got.structured_content["next_offset"]
            assert seen == 300
            last = await client.call_tool("get_chat", {"chat_id": library.long, "offset": 4999})
            assert last.structured_content["next_offset"] is None

    run(body)


def test_a_huge_message_is_cut_and_a_page_stays_bounded(
    library: Library, http_server: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chatdesk.services.chats import add_chat

    for n in range(8):
        add_chat(library.alice, "big", "Big", "y" * 50_000 + str(n), "user")
    big = find_chat(library.alice, chat_key="big")

    async def body() -> None:
        async with http_client(http_server.url, library.app_token) as client:
            got = (await client.call_tool("get_chat", {"chat_id": big})).structured_content
            assert all(m["truncated"] for m in got["messages"])
            assert all(len(m["text"]) == mcp_server.MESSAGE_CHARS_MAX for m in got["messages"])
            # 100,000 characters a page: five messages of 20,000, the rest on the next page
            assert len(got["messages"]) == 5 and got["next_offset"] == 5

    run(body)


def test_prompts_and_resources(
    library: Library, http_server: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mcp_server, "LIST_PAGE", 20)  # the gallery's 53 prompts: three pages

    async def body() -> None:
        async with http_client(http_server.url, library.app_token) as client:
            listed = await client.list_prompts()
            names = [p.name for p in listed.prompts]
            assert len(names) == 20 and listed.next_cursor
            cursor = listed.next_cursor
            while cursor:
                more = await client.list_prompts(cursor=cursor)
                names += [p.name for p in more.prompts]
                cursor = more.next_cursor
            assert len(names) == len(set(names)) == 53
            got = await client.get_prompt(listed.prompts[0].name)
            assert got.messages[0].role == "user" and got.messages[0].content.text

            monkeypatch.setattr(mcp_server, "LIST_PAGE", 1)
            first = await client.list_resources()
            assert len(first.resources) == 1 and first.next_cursor
            second = await client.list_resources(cursor=first.next_cursor)
            assert second.next_cursor is None
            resources = first.model_copy(update={"resources": first.resources + second.resources})
            uris = [r.uri for r in resources.resources]
            assert f"chatdesk://chat/{library.bobs}" not in uris
            assert set(uris) == {
                f"chatdesk://chat/{library.travel}",
                f"chatdesk://chat/{library.long}",
            }
            travel = await client.read_resource(f"chatdesk://chat/{library.travel}")
            text = travel.contents[0].text
            assert text.startswith("# 旅行计划") and "我们去北京旅行吧" in text
            long = await client.read_resource(f"chatdesk://chat/{library.long}")
            assert len(long.contents[0].text) <= mcp_server.RESOURCE_CHARS_MAX + 100
            assert "get_chat" in long.contents[0].text  # says how to read the rest
            with pytest.raises(Exception, match="No such chat"):
                await client.read_resource(f"chatdesk://chat/{library.bobs}")

    run(body)


def test_write_tools_are_absent_while_off_and_work_while_on(
    library: Library, http_server: Served
) -> None:
    async def body() -> set[str]:
        async with http_client(http_server.url, library.app_token) as client:
            off = {t.name for t in (await client.list_tools()).tools}
            refused = await client.call_tool(
                "save_message", {"chat_id": "x", "role": "user", "content": "hi"}
            )
            assert refused.is_error
            ai_apps.set_writes_allowed(library.alice, True)
            on = {t.name for t in (await client.list_tools()).tools}
            saved = await client.call_tool(
                "save_message",
                {
                    "chat_id": "lm-1",
                    "chat_title": "保存的对话",
                    "role": "assistant",
                    "content": "内容",
                },
            )
            chat_id = saved.structured_content["chat_id"]
            tagged = await client.call_tool("tag_chats", {"chat_ids": [chat_id], "tag": "ai"})
            assert tagged.structured_content["count"] == 1
            moved = await client.call_tool(
                "move_chats", {"chat_ids": [chat_id, library.bobs], "folder_id": library.work}
            )
            assert moved.structured_content["count"] == 1  # bob's chat is not alice's to move
            return on - off

    added = run(body)
    assert added == {"save_message", "tag_chats", "move_chats"}
    chat = ai_apps.chat_of(library.alice, find_chat(library.alice, chat_key="lm-1"))
    assert chat.title == "保存的对话" and chat.folder_id == library.work


def test_the_guards(library: Library, http_server: Served) -> None:
    url = http_server.url
    assert _post(url, LIST_TOOLS)[0] == 401  # no token
    assert _post(url, LIST_TOOLS, Authorization="Bearer nope")[0] == 401
    auth = {"Authorization": f"Bearer {library.app_token}"}
    assert _post(url, LIST_TOOLS, **auth)[0] == 200
    status, body = _post(url, LIST_TOOLS, Host="evil.example", **auth)
    assert status == 403 and body["error"]["data"]["code"] == 9001
    status, body = _post(url, LIST_TOOLS, Origin="http://evil.example", **auth)
    assert status == 403 and body["error"]["data"]["code"] == 9002
    big = {**LIST_TOOLS, "params": {"pad": "x" * 70_000}}
    assert _post(url, big, **auth)[0] == 413
    # a login token works too, and sees its own account only: bob's
    bob = {"Authorization": f"Bearer {library.login_token}"}
    call = {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {"name": "get_chat", "arguments": {"chat_id": library.travel}},
    }
    status, body = _post(url, call, **bob)
    assert status == 200 and body["result"]["isError"] is True
    # a revoked app token stops at once
    (token,) = ai_apps.list_app_tokens(library.alice)
    ai_apps.revoke_app_token(library.alice, token.id)
    assert _post(url, LIST_TOOLS, **auth)[0] == 401


def test_app_tokens_are_stored_hashed_and_listed(library: Library) -> None:
    from chatdesk.store.models import AppToken

    (row,) = AppToken.select()
    assert library.app_token not in (row.token_hash, row.name)
    assert [t.name for t in ai_apps.list_app_tokens(library.alice)] == ["Claude Desktop"]
    assert ai_apps.list_app_tokens(library.bob) == []
    with pytest.raises(ServiceError) as refused:
        ai_apps.revoke_app_token(library.bob, row.id)  # not bob's to revoke
    assert refused.value.code == 2004
    caller = ai_apps.caller_for_token(library.app_token)
    assert (caller.user.id, caller.app) == (library.alice.id, "Claude Desktop")


def test_bad_input_gets_a_clear_error(library: Library, http_server: Served) -> None:
    """Hostile arguments (a NUL, which PostgreSQL cannot even be sent, an unknown prompt, a cursor
    this server never gave) answer what to fix, on both engines; nothing changes."""
    from mcp.shared.exceptions import MCPError

    ai_apps.set_writes_allowed(library.alice, True)

    async def body() -> None:
        async with http_client(http_server.url, library.app_token) as client:
            for name, arguments, said in [
                ("search_prompts", {"query": "a\x00b"}, "query (must not contain control"),
                ("list_chats", {"tag": "trips\x00"}, "tag (must not contain control"),
                ("tag_chats", {"chat_ids": [library.travel], "tag": "x\x00"}, "tag (must not"),
                ("search_chats", {"query": "北京\x00"}, "query (must not contain control"),
            ]:
                got = await client.call_tool(name, arguments)
                assert got.is_error and said in got.content[0].text, (name, got.content)
            for name, said in [("nope", "No such prompt: nope"), ("a\x00", "control characters")]:
                with pytest.raises(MCPError, match=said) as unknown:
                    await client.get_prompt(name)
                assert unknown.value.error.code == -32602  # invalid params, not internal error
            for cursor in ("garbage", "x\x00", "2026-01-01T00:00:00|1"):
                with pytest.raises(MCPError, match="not a cursor this server gave"):
                    await client.list_resources(cursor=cursor)
            with pytest.raises(MCPError, match="not a cursor this server gave"):
                await client.list_prompts(cursor="x\x00")

    run(body)
    assert ai_apps.chat_of(library.alice, library.travel).title == "旅行计划"
    from chatdesk.services import tags

    assert [t.name for t in tags.list_tags(library.alice)] == ["trips"]


def test_serve_in_another_process_follows_the_option(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    """``serve`` runs in its own process; ``chatdesk ai-saving`` (the admin's command, run here)
    turns the option on and off meanwhile: the server's next tools/list lists or unlists the
    write tools, and a write after it was turned off is refused."""
    from chatdesk.cli import main
    from tests.api.test_server import serve
    from tests.mcp.test_stdio import READ_TOOLS, WRITE_TOOLS

    def ai_saving(action: str) -> None:
        assert main(["ai-saving", action, "--user", "alice", "--database", library.url]) == 0
        assert capsys.readouterr().out == f"alice: {action}\n"

    with serve("--database", library.url) as (_, port):
        url = f"http://127.0.0.1:{port}/mcp"

        async def body() -> None:
            async with http_client(url, library.app_token) as client:
                assert {t.name for t in (await client.list_tools()).tools} == READ_TOOLS
                ai_saving("on")
                assert {t.name for t in (await client.list_tools()).tools} == (
                    READ_TOOLS | WRITE_TOOLS
                )
                saved = await client.call_tool(
                    "save_message",
                    {"chat_id": "srv", "chat_title": "From serve", "role": "user", "content": "1"},
                )
                assert saved.structured_content["created"] is True
                ai_saving("off")
                assert {t.name for t in (await client.list_tools()).tools} == READ_TOOLS
                refused = await client.call_tool(
                    "move_chats", {"chat_ids": [library.travel], "folder_id": None}
                )
                assert refused.is_error and "turned off" in refused.content[0].text

        run(body)
    chat = ai_apps.chat_of(library.alice, find_chat(library.alice, chat_key="srv"))
    assert chat.title == "From serve" and chat.message_count == 1
    assert ai_apps.chat_of(library.alice, library.travel).folder_id == library.work
