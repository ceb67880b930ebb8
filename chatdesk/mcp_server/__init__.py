"""The MCP server (issue 24): AI apps (Claude Desktop, Cherry Studio, Chatbox, LM Studio,
Cursor) search and read the library and use the prompt gallery through the Model Context
Protocol, on the official SDK (``mcp`` 2.x, its ``MCPServer``).

* :mod:`.server`: the tools, prompts and resources, each one call of the services;
* :mod:`.stdio`: ``chatdesk mcp``, the server over stdin/stdout for one account;
* :mod:`.http`: streamable HTTP at ``/mcp`` on the same port as ``/myapp/``, behind its guards.

Qt-free, like the API; nothing here loads until an AI app connects (the SDK costs about half a
second to import).
"""

from __future__ import annotations

#: Where the HTTP transport is served, on the same port as ``/myapp/``.
MCP_PATH = "/mcp"
