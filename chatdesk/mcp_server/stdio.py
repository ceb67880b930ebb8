"""``chatdesk mcp``: the MCP server over stdin/stdout, for one account (AI apps that start a
command, as Claude Desktop does). Logs go to stderr: stdout carries the protocol only."""

from __future__ import annotations

import contextlib
import logging
import sys

from chatdesk.services.errors import ServiceError


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
        writes = ai_apps.writes_allowed(user)
    except ServiceError as error:
        hint = " (several accounts: say which with --user NAME)" if error.code == 1001 else ""
        print(f"chatdesk mcp: {error.message('en')}{hint}", file=sys.stderr)
        return 2
    from chatdesk.mcp_server.server import ChatDeskMCP

    server = ChatDeskMCP(writes=writes, default=Caller(user, "stdio"))
    with contextlib.suppress(KeyboardInterrupt):
        server.run("stdio")
    return 0
