"""``chatdesk mcp`` over stdio, driven by the SDK's own client as Claude Desktop starts it: a
subprocess running ``python main.py mcp``. One process per test (each costs about 2 s)."""

from __future__ import annotations

import subprocess
import sys

import anyio
from mcp import Client
from mcp.shared.subscriptions import ToolsListChanged
from mcp.types import ToolListChangedNotification
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from chatdesk.services import ai_apps
from tests.mcp.conftest import ROOT, Library, run, stdio_params

READ_TOOLS = {
    "search_chats",
    "list_chats",
    "get_chat",
    "list_folders",
    "list_tags",
    "random_prompts",
    "search_prompts",
}


def test_stdio_serves_the_named_account(library: Library) -> None:
    database = ai_apps.stdio_database()  # what the Connect dialog writes into the command
    assert database is not None

    async def body() -> None:
        async with Client(stdio_params(database, "--user", "alice")) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            assert tools == READ_TOOLS  # the write tools are not listed while saving is off
            found = await client.call_tool("search_chats", {"query": "北京"})
            hits = found.structured_content["hits"]
            assert [h["chat_id"] for h in hits] == [library.travel]  # not bob's 北京烤鸭
            assert hits[0]["folder"] == "Work" and hits[0]["tags"] == ["trips"]
            page = await client.call_tool("get_chat", {"chat_id": library.long, "offset": 4990})
            data = page.structured_content
            assert data["message_count"] == 5_000
            assert [m["index"] for m in data["messages"]] == list(range(4990, 5000))
            assert data["next_offset"] is None
            other = await client.call_tool("get_chat", {"chat_id": library.bobs})
            assert other.is_error and "No such chat" in other.content[0].text
            drawn = await client.call_tool("random_prompts", {})
            assert len(drawn.structured_content["prompts"]) == 8

    run(body)


def test_stdio_every_read_tool_pages_prompts_and_resources(library: Library) -> None:
    """Each read tool over stdio, on SQLite and on PostgreSQL: paging (search offset, list
    cursor, chat pages), a Chinese query of two characters, the scoping prefixes, the bounds,
    the gallery as prompts and the chats as resources."""

    async def body() -> None:
        async with Client(stdio_params(library.url, "--user", "alice")) as client:
            by_two = await client.call_tool("search_chats", {"query": "旅行"})
            hits = by_two.structured_content["hits"]  # the title and the message
            assert {h["chat_id"] for h in hits} == {library.travel}
            assert {h["role"] for h in hits} == {"title", "user"}
            scoped = await client.call_tool("search_chats", {"query": "高铁 folder:Work tag:trips"})
            assert [h["role"] for h in scoped.structured_content["hits"]] == ["assistant"]
            first = (
                await client.call_tool("search_chats", {"query": "message", "limit": 4})
            ).structured_content
            assert len(first["hits"]) == 4 and first["next_offset"] == 4
            second = await client.call_tool(
                "search_chats", {"query": "message", "limit": 4, "offset": 4}
            )
            again = {h["message_id"] for h in second.structured_content["hits"]}
            assert len(again) == 4 and not again & {h["message_id"] for h in first["hits"]}
            assert (await client.call_tool("search_chats", {"query": "x", "limit": 51})).is_error

            page = (await client.call_tool("list_chats", {"limit": 1})).structured_content
            assert page["total"] == 2 and page["next_cursor"]
            rest = await client.call_tool("list_chats", {"cursor": page["next_cursor"]})
            ids = [page["chats"][0]["chat_id"]] + [
                c["chat_id"] for c in rest.structured_content["chats"]
            ]
            assert sorted(ids) == sorted([library.travel, library.long])
            assert rest.structured_content["next_cursor"] is None
            tagged = await client.call_tool("list_chats", {"tag": "trips"})
            assert [c["chat_id"] for c in tagged.structured_content["chats"]] == [library.travel]
            in_work = await client.call_tool("list_chats", {"folder": library.work})
            assert [c["folder"] for c in in_work.structured_content["chats"]] == ["Work"]

            chat = await client.call_tool("get_chat", {"chat_id": library.travel})
            texts = [m["text"] for m in chat.structured_content["messages"]]
            assert texts == ["我们去北京旅行吧，预算三千元", "好的，建议坐高铁"]
            long = await client.call_tool(
                "get_chat", {"chat_id": library.long, "offset": 100, "limit": 50}
            )
            assert [m["index"] for m in long.structured_content["messages"]] == list(
                range(100, 150)
            )
            assert long.structured_content["next_offset"] == 150

            folders = (await client.call_tool("list_folders", {})).structured_content
            assert [(f["path"], f["count"]) for f in folders["folders"]] == [("Work", 1)]
            tags = (await client.call_tool("list_tags", {})).structured_content
            assert [(t["name"], t["count"]) for t in tags["tags"]] == [("trips", 1)]
            drawn = await client.call_tool("random_prompts", {"count": 3})
            assert len({p["title"] for p in drawn.structured_content["prompts"]}) == 3
            found = await client.call_tool("search_prompts", {"query": "interview"})
            assert any("Interview" in p["title"] for p in found.structured_content["prompts"])

            prompts = await client.list_prompts()
            assert len(prompts.prompts) == 53 and prompts.next_cursor is None
            got = await client.get_prompt(prompts.prompts[0].name)
            assert got.messages[0].content.text
            resources = await client.list_resources()
            assert {r.uri for r in resources.resources} == {
                f"chatdesk://chat/{library.travel}",
                f"chatdesk://chat/{library.long}",
            }
            travel = await client.read_resource(f"chatdesk://chat/{library.travel}")
            assert travel.contents[0].text.startswith("# 旅行计划")

    run(body)


def test_stdio_writes_follow_the_option(library: Library) -> None:
    ai_apps.set_writes_allowed(library.alice, True)

    async def body() -> None:
        async with Client(stdio_params(library.url, "--user", "alice")) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            assert tools == READ_TOOLS | {"save_message", "tag_chats", "move_chats"}
            saved = await client.call_tool(
                "save_message",
                {
                    "chat_id": "claude-1",
                    "chat_title": "From Claude",
                    "role": "user",
                    "content": "remember 长城",
                },
            )
            assert saved.structured_content["created"] is True
            ai_apps.set_writes_allowed(library.alice, False)  # turned off while it runs
            refused = await client.call_tool(
                "save_message", {"chat_id": "claude-1", "role": "user", "content": "again"}
            )
            assert refused.is_error and "turned off" in refused.content[0].text

    run(body)
    found = ai_apps.chat_of(library.alice, saved_id(library))
    assert found.title == "From Claude" and found.message_count == 1


WRITE_TOOLS = {"save_message", "tag_chats", "move_chats"}
#: How long a running server may take to notice the option changed in another process (its
#: watcher reads the change log every 0.25 s on SQLite, at once on PostgreSQL's NOTIFY).
NOTICED_S = 15


async def _names(client: Client) -> set[str]:
    return {t.name for t in (await client.list_tools()).tools}


def test_stdio_follows_the_option_live_and_says_so(library: Library) -> None:
    """Turned on and off by another process (here the tests', as the desktop app or `chatdesk
    ai-saving` would) while the server runs: the next tools/list shows it, the client that
    listens for it (2026-07-28: subscriptions/listen) hears notifications/tools/list_changed,
    and a write after it was turned off is refused."""

    async def body() -> None:
        async with Client(stdio_params(library.url, "--user", "alice")) as client:
            assert client.server_capabilities.tools.list_changed is True
            assert await _names(client) == READ_TOOLS
            async with client.listen(tools_list_changed=True) as changes:
                ai_apps.set_writes_allowed(library.alice, True)
                with anyio.fail_after(NOTICED_S):
                    assert isinstance(await anext(aiter(changes)), ToolsListChanged)
                assert await _names(client) == READ_TOOLS | WRITE_TOOLS
                saved = await client.call_tool(
                    "save_message",
                    {"chat_id": "live", "chat_title": "Live", "role": "user", "content": "1"},
                )
                assert saved.structured_content["created"] is True
                ai_apps.set_writes_allowed(library.bob, True)  # another account's: not told
                ai_apps.set_writes_allowed(library.alice, False)
                with anyio.fail_after(NOTICED_S):
                    assert isinstance(await anext(aiter(changes)), ToolsListChanged)
            assert await _names(client) == READ_TOOLS
            refused = await client.call_tool(
                "save_message", {"chat_id": "live", "role": "user", "content": "2"}
            )
            assert refused.is_error and "turned off" in refused.content[0].text

    run(body)
    assert ai_apps.chat_of(library.alice, saved_id(library, "live")).message_count == 1


def test_stdio_tells_a_handshake_era_client(library: Library) -> None:
    """Claude Desktop and most apps speak the 2025 protocol (the initialize handshake): the
    server says tools.listChanged and sends notifications/tools/list_changed on the connection."""
    heard: list[object] = []
    told = anyio.Event()

    async def on_message(message: object) -> None:
        if isinstance(message, ToolListChangedNotification):
            heard.append(message)
            told.set()

    async def body() -> None:
        nonlocal told
        params = stdio_params(library.url, "--user", "alice")
        async with Client(params, mode="legacy", message_handler=on_message) as client:
            assert client.protocol_version not in MODERN_PROTOCOL_VERSIONS
            assert client.server_capabilities.tools.list_changed is True
            assert await _names(client) == READ_TOOLS
            ai_apps.set_writes_allowed(library.alice, True)
            with anyio.fail_after(NOTICED_S):
                await told.wait()
            assert await _names(client) == READ_TOOLS | WRITE_TOOLS
            told = anyio.Event()
            ai_apps.set_writes_allowed(library.alice, False)
            with anyio.fail_after(NOTICED_S):
                await told.wait()
            assert await _names(client) == READ_TOOLS
            refused = await client.call_tool(
                "tag_chats", {"chat_ids": [library.travel], "tag": "nope"}
            )
            assert refused.is_error and "turned off" in refused.content[0].text

    run(body)
    assert len(heard) == 2


def saved_id(library: Library, key: str = "claude-1") -> int:
    from chatdesk.services.chats import find_chat

    return find_chat(library.alice, chat_key=key)


def test_stdio_without_user_needs_a_single_account(library: Library) -> None:
    """Two accounts: --user is required, said on stderr; stdout stays empty (the protocol's)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "mcp", "--database", library.url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--user" in done.stderr
