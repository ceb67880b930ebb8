"""``chatdesk mcp``: the MCP server over stdin/stdout, for one account (AI apps that start a
command, as Claude Desktop does). Logs go to stderr: stdout carries the protocol only.

The server follows the account's option "Let AI apps save to my library" while it runs: the
desktop app or ``chatdesk ai-saving`` turn it on or off in another process, the change watcher
(:mod:`chatdesk.services.events`) brings that change here, and the client is told its tools
changed (:meth:`~chatdesk.mcp_server.server.ChatDeskMCP.tools_changed`)."""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import TYPE_CHECKING

from chatdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from anyio.abc import TaskStatus

    from chatdesk.mcp_server.server import ChatDeskMCP
    from chatdesk.store.models import User


def serve_stdio(username: str | None, database: str | None, data_dir: str | None) -> int:
    """Open the store, find the account (the only one when ``username`` is None) and serve it
    until stdin closes. Returns the exit code."""
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from chatdesk.services import ai_apps
    from chatdesk.services.ai_apps import Caller
    from chatdesk.startup import open_store

    try:
        open_store(database, data_dir)
        user = ai_apps.account_for(username)
    except ServiceError as error:
        hint = " (several accounts: say which with --user NAME)" if error.code == 1001 else ""
        print(f"chatdesk mcp: {error.message('en')}{hint}", file=sys.stderr)
        return 2
    import anyio

    from chatdesk.mcp_server.server import ChatDeskMCP
    from chatdesk.services import events

    server = ChatDeskMCP(default=Caller(user, "stdio"))
    events.start_watching()
    try:
        with contextlib.suppress(KeyboardInterrupt):
            anyio.run(_serve, server, user)
    finally:
        events.stop_watching()
    return 0


async def _serve(server: ChatDeskMCP, user: User) -> None:
    """Serve until stdin closes, following the account's option meanwhile."""
    import anyio

    async with anyio.create_task_group() as tasks:
        await tasks.start(_follow_option, server, user)
        await server.run_stdio_async()
        tasks.cancel_scope.cancel()


async def _follow_option(server: ChatDeskMCP, user: User, *, task_status: TaskStatus[None]) -> None:
    """Tell the client its tools changed each time the account's option turns on or off, in
    this process or another (the change watcher announces other processes' changes)."""
    import anyio
    import anyio.from_thread
    import anyio.lowlevel
    import anyio.to_thread

    from chatdesk.services import ai_apps, events

    send, receive = anyio.create_memory_object_stream[None](1)
    token = anyio.lowlevel.current_token()

    def nudge() -> None:
        with contextlib.suppress(anyio.WouldBlock):  # one pending: the option is read again
            send.send_nowait(None)

    def on_change(change: events.Change) -> None:
        if change.kind == ai_apps.OPTION_CHANGE and change.user_id == user.id:
            with contextlib.suppress(RuntimeError):  # the loop has ended: the server stopped
                anyio.from_thread.run_sync(nudge, token=token)

    unsubscribe = events.subscribe(on_change)  # before reading it: no change falls between
    try:
        writes = await anyio.to_thread.run_sync(ai_apps.writes_allowed, user)
        task_status.started()
        async for _ in receive:
            now = await anyio.to_thread.run_sync(ai_apps.writes_allowed, user)
            if now != writes:
                writes = now
                await server.tools_changed()
    finally:
        unsubscribe()
