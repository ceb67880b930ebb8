"""chatdesk.services.ai_apps on SQLite and PostgreSQL: what the MCP server reads of a chat stays
bounded whatever the chat holds, and the "let AI apps save" option."""

from __future__ import annotations

import logging
import re

import pytest

from chatdesk.services import accounts, ai_apps
from tests.seeding import chat_with


def _message_reads(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The statements that read messages, from Peewee's query log."""
    sql = [str(r.msg[0]) for r in caplog.records if r.name == "peewee" and isinstance(r.msg, tuple)]
    return [s for s in sql if s.startswith("SELECT") and re.search(r'FROM "message"', s)]


def test_a_chat_is_read_in_bounded_statements(
    store: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL hands a statement's whole result to the client at once (psycopg2's cursors are
    client-side), so a chat of 5,000 long messages read by one statement would sit in memory
    whole even when 1,000 characters of it are wanted: every statement is paged and cuts its
    messages to what is still wanted."""
    alice = accounts.register("alice", "secret123")
    chat = chat_with(alice, "Big", [("user", f"{i} " + "y" * 3_000) for i in range(300)])
    monkeypatch.setattr(ai_apps, "READ_PAGE", 7)
    whole, cut = ai_apps.chat_markdown(alice, chat, 10_000_000)
    assert not cut and whole.count("\n## user · ") == 300
    assert whole.index("\n299 y") > whole.index("\n298 y")

    caplog.set_level(logging.DEBUG, logger="peewee")
    text, cut = ai_apps.chat_markdown(alice, chat, 7_000)
    assert cut and len(text) == 7_000 and text == whole[:7_000]
    reads = _message_reads(caplog)
    assert 1 <= len(reads) <= 2  # 7,000 characters are in the first three messages
    assert all("LIMIT" in s and "SUBSTR" in s.upper() for s in reads), reads

    caplog.clear()
    page = ai_apps.messages_page(chat, 10, 5, max_chars=100)
    assert [m.content[:3] for m in page] == ["10 ", "11 ", "12 ", "13 ", "14 "]
    assert {len(m.content) for m in page} == {100}
    (read,) = _message_reads(caplog)
    assert "SUBSTR" in read.upper()


def test_the_stdio_database_is_this_store_without_its_password(store: str) -> None:
    """What the Connect dialog puts after ``--database`` in Claude Desktop's command: this
    store, on PostgreSQL too (it was left out there, so the command opened the default SQLite
    file instead), never with the password the URL held (libpq finds it in ~/.pgpass or
    PGPASSWORD)."""
    from chatdesk.store import open_store

    assert ai_apps.stdio_database() == store
    if store.startswith("postgresql://postgres@"):  # trust: a password given is not checked
        open_store(store.replace("postgres@", "postgres:s3cr%40t@", 1) + "?sslmode=prefer")
        assert ai_apps.stdio_database() == store + "?sslmode=prefer"
