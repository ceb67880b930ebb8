"""The connect dialog's Test: list the tools over HTTP with the SDK's own client, as an AI app
would (run off the GUI thread)."""

from __future__ import annotations


def list_tools(url: str, token: str, timeout: float = 10.0) -> list[str]:
    """The names of the tools ``url`` (``…/mcp``) lists for ``token``; raises on any failure."""
    import anyio
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    async def ask() -> list[str]:
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=timeout) as http,
            Client(streamable_http_client(url, http_client=http)) as client,
        ):
            return [tool.name for tool in (await client.list_tools()).tools]

    names: list[str] = anyio.run(ask)
    return names
