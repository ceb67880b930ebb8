"""``chatdesk mcp`` over stdio, driven by the SDK's own client as Claude Desktop starts it: a
subprocess running ``python main.py mcp``. One process per test (each costs about 2 s)."""

from __future__ import annotations

import subprocess
import sys

from mcp import Client

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
    async def body() -> None:
        async with Client(stdio_params(library.url, "--user", "alice")) as client:
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


def saved_id(library: Library) -> int:
    from chatdesk.services.chats import find_chat

    return find_chat(library.alice, chat_key="claude-1")


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
