"""DeepSeek, Gemini (Google Takeout), Le Chat and SillyTavern, imported from fixtures written in
the shape their writers write (issue 22, item 1).

No public export of these four is kept in ../shared/realdata, and the hosted services' writers
are closed: each fixture under ``fixtures/<format>/`` is small content of our own, laid out as
the code that writes the format (SillyTavern) or that reads it most closely (the others) lays it
out. Each test names the repository, commit and files it follows; nothing of theirs was copied
(their licences: none, GPL-3.0, AGPL-3.0, MIT — cited only). ``fixtures/README.md`` says, file by
file, which part of a fixture is seen in that code and which is our stand-in.

Each test imports through the normal path (:func:`import_chats`, on SQLite and PostgreSQL) and
checks titles, roles and order, times in UTC (each format writes its zone differently), the
model of each message, reasoning and tool rows (``message.kind``), the branch kept, and that a
second import adds nothing.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from chatdesk.importers.detect import claims
from chatdesk.importers.model import read_detail
from chatdesk.importers.probe import probe_file
from chatdesk.services import accounts
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, Message

FIXTURES = Path(__file__).parent / "fixtures"
T = dt.datetime


def _chats(user: accounts.Account) -> dict[str, Chat]:
    return {c.source_id: c for c in Chat.select().where(Chat.user == user.id)}


def _thread(chat: Chat) -> list[Message]:
    return list(Message.select().where(Message.chat == chat.id).order_by(Message.id))


def _zip(path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(folder).as_posix())
    return path


def test_deepseek_export_as_its_readers_read_it(store: str, tmp_path: Path) -> None:
    """xionglongztz/DeepSeekDataExporter @ 2ea09575b83330a820d47320a09824dfabc5e4a6,
    ``deepseek_exporter.py`` (and FORMATS.md § 3): ``conversations.json`` in the zip, numeric
    node ids under ``root``; a node holds REQUEST, or THINK and RESPONSE; ``files`` of ``{id,
    file_name, content}``; TOOL_SEARCH and TOOL_OPEN fragments without content; the older
    SEARCH fragment with ``results`` of ``{url, title, snippet, cite_index, published_at,
    site_name}``; an empty thought or answer left out (``if content:``); times with
    ``+08:00``. The regenerated answer is the last child: the thread keeps it."""
    export = _zip(tmp_path / "deepseek_data-2025-05-03.zip", FIXTURES / "deepseek")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, export)
    assert report.per_format == {"deepseek": 3} and not report.skipped
    assert (report.chats_added, report.messages_added) == (3, 11)
    chats = _chats(alice)
    tea = chats["b2f6c1e0-7d1a-4c8e-9a55-0d3e2f1a9c01"]
    assert (tea.source, tea.title, tea.message_count) == ("deepseek", "泡茶的时间", 4)
    assert (tea.created_at, tea.updated_at) == (
        T(2025, 4, 29, 3, 59, 11, 635000),
        T(2025, 4, 29, 4, 44, 11, 402000),
    )
    rows = _thread(tea)
    assert [(m.role, m.kind, m.content, m.model) for m in rows] == [
        ("user", "text", "绿茶要泡多久？\n\n[file: tea-notes.txt]", None),
        ("assistant", "reasoning", "用户问绿茶。水温 80 °C，时间不宜太长。", "deepseek-reasoner"),
        ("assistant", "text", "绿茶用 80 °C 的水泡 **2–3 分钟**。", "deepseek-reasoner"),
        ("user", "text", "如果用冷水呢？", None),
        ("assistant", "tool", "", "deepseek-chat"),
        ("assistant", "tool", "", "deepseek-chat"),
        ("assistant", "text", "冷泡需要放进冰箱 6–8 小时。", "deepseek-chat"),
    ]
    assert [m.created_at for m in rows[:2]] == [
        T(2025, 4, 29, 3, 59, 13, 202000),
        T(2025, 4, 29, 4, 0, 5, 481000),
    ]
    assert read_detail(rows[1].detail).seconds == 6
    assert [read_detail(m.detail).tool for m in rows[4:6]] == ["search", "open"]
    # the first answer and the question asked under it are the branch left
    assert not Message.select().where(Message.content.in_(["大约两分钟。", "那红茶呢？"])).exists()
    search = chats["c3a8e2d4-1f60-4b7a-8e2c-6a9d0b4f7e12"]
    assert search.title == "What's new in Python 3.13?"
    [tool] = [m for m in _thread(search) if m.kind == "tool"]
    assert tool.content == (
        "What's New In Python 3.13 — https://docs.python.org/3/whatsnew/3.13.html\n"
        "PEP 703 — https://peps.python.org/pep-0703/"
    )
    assert read_detail(tool.detail).tool == "web search"
    stopped = chats["d41e9b7c-55aa-4e0f-b3c2-8f1a2e6d9c33"]
    assert [(m.role, m.content) for m in _thread(stopped)] == [("user", "Write a poem about tea.")]
    again = import_chats(alice, export)
    assert (again.chats_added, again.messages_added, again.unchanged) == (0, 0, 3)


def _fixture_files() -> list[tuple[str, Path]]:
    found = []
    for fmt in ("deepseek", "gemini", "lechat", "sillytavern"):
        for path in sorted((FIXTURES / fmt).rglob("*")):
            if path.suffix in (".json", ".jsonl", ".html") and path.name != "user.json":
                found.append((fmt, path))
    return found


@pytest.mark.parametrize(("fmt", "path"), _fixture_files(), ids=lambda v: getattr(v, "name", v))
def test_each_fixture_is_claimed_by_its_own_format_only(fmt: str, path: Path) -> None:
    with path.open("rb") as stream:
        found = [d.format for d in claims(probe_file(path.name, stream))]
    if "Search" in path.parts:  # another product's activity in the same Takeout: no format's
        assert found == []
    else:
        assert found == [fmt]


def test_fixture_readme_names_every_fixture() -> None:
    """Each fixture file is in fixtures/README.md, with where its shape comes from."""
    readme = (FIXTURES / "README.md").read_text("utf-8")
    missing = [path.name for _, path in _fixture_files() if f"`{path.name}`" not in readme]
    assert missing == []
