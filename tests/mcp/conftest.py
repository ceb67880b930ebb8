"""A small library (two accounts, a Chinese chat, a 5,000-message chat, folders and tags), on
SQLite and on the real PostgreSQL server (the ``store`` fixture), and the SDK's own client
(``mcp.Client``) over stdio (``python main.py mcp``) and over HTTP against the real server
(waitress on a free port, as tests/api/conftest.py starts it)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from chatdesk.api.app import Api
from chatdesk.api.security import SecurityConfig
from chatdesk.api.server import ApiServer, ServerThread
from chatdesk.services import accounts, ai_apps, folders, prompts, tags
from chatdesk.services.chats import add_chat, find_chat
from chatdesk.store.models import User
from tests.seeding import chat_with

ROOT = Path(__file__).resolve().parents[2]
LONG = 5_000


@dataclass
class Library:
    url: str
    alice: User
    bob: User
    travel: int  # alice's Chinese chat
    long: int  # alice's 5,000-message chat
    bobs: int  # bob's chat
    work: int  # alice's folder "Work"
    app_token: str  # alice's app token "Claude Desktop"
    login_token: str  # bob's login token


@pytest.fixture
def library(store: str) -> Library:
    alice = accounts.register("alice", "secret123")
    bob = accounts.register("bob", "secret123")
    prompts.load_defaults()
    travel = chat_with(
        alice,
        "旅行计划",
        [("user", "我们去北京旅行吧，预算三千元"), ("assistant", "好的，建议坐高铁")],
    )
    long = chat_with(
        alice,
        "Long chat",
        [("user" if i % 2 == 0 else "assistant", f"message {i} " + "x" * 50) for i in range(LONG)],
    )
    add_chat(bob, "b1", "Bob's secret", "the secret word is 北京烤鸭", "user")
    work = folders.create_folder(alice, "Work").id
    folders.move_chats(alice, [travel], work)
    tag = tags.create_tag(alice, "trips").id
    tags.tag_chats(alice, [travel], [tag])
    _, app_token = ai_apps.create_app_token(alice, "Claude Desktop")
    session = accounts.login("bob", "secret123")
    return Library(
        store,
        alice,
        bob,
        travel,
        long,
        find_chat(bob, chat_key="b1"),
        work,
        app_token,
        session.token,
    )


@dataclass
class Served:
    url: str
    api: Api
    thread: ServerThread


@pytest.fixture
def http_server(library: Library) -> Iterator[Served]:
    """The real server on a free loopback port, /myapp/ and /mcp on it."""
    api = Api(SecurityConfig.build(max_body=64 * 1024))
    thread = ServerThread(ApiServer(api, "127.0.0.1", 0, max_body=64 * 1024))
    thread.start_and_wait()
    yield Served(f"http://127.0.0.1:{thread.server.port}/mcp", api, thread)
    thread.stop()


@contextlib.asynccontextmanager
async def http_client(url: str, token: str | None, **headers: str) -> AsyncIterator[Client]:
    """The SDK's client over streamable HTTP, with ``Authorization: Bearer token``."""
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        yield client


def stdio_params(url: str, *args: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=[str(ROOT / "main.py"), "mcp", "--database", url, *args],
        cwd=str(ROOT),
    )


def run(fn: Any) -> Any:
    """Run an async test body."""
    return anyio.run(fn)
