"""Cursor's composer chats, from its ``state.vscdb`` (a SQLite database; FORMATS.md, section 16).

The database is Cursor's: it is opened **read-only** (a ``file:…?mode=ro`` URI) with a busy
timeout, so a running Cursor is neither blocked nor written to; nothing is copied or locked
longer than a read. A database inside a zip is copied to a temporary file first (SQLite reads
files only).

Each ``composerData:<id>`` row of ``cursorDiskKV`` is one chat: its ``name`` the title,
``createdAt``/``lastUpdatedAt`` (ms) its times, ``workspaceIdentifier.uri.fsPath`` its project.
Its messages are the ``bubbleId:<id>:<bubble>`` rows, in the order of
``fullConversationHeadersOnly`` (a header that names no row by its key is looked up by the
row's own ``bubbleId``; rows no header names come after, by time), or the older inline
``conversation`` list. A bubble of ``type`` 1 is the person, 2 the assistant: its ``thinking``
a reasoning row, its ``text`` a message, its ``toolFormerData`` (name, ``params``/``rawArgs``,
``result``, ``status``) a tool row. A row that is NULL or not JSON is left out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from chatdesk.importers._agents import SessionBuilder, text_of, tool_message
from chatdesk.importers.model import (
    REASONING,
    ImportedChat,
    ImportedMessage,
    Skipped,
    clean,
    from_epoch,
    from_iso,
    model_name,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import InputError, Member

SOURCE = "cursor"
GROWS = True
LABEL = "Cursor"
FILES = r"(?:^|/)state\.vscdb$"
EXAMPLE_SUFFIX = ".vscdb"
#: The rows of a small ``cursorDiskKV`` (the fuzz test writes it as JSON, which no rule
#: claims; tests/importers/test_agents.py builds the database from it).
EXAMPLE: dict[str, Any] = {
    "composerData:c1": {
        "name": "Tea",
        "createdAt": 1705363200000,
        "lastUpdatedAt": 1705363260000,
        "fullConversationHeadersOnly": [{"bubbleId": "b1"}, {"bubbleId": "b2"}],
    },
    "bubbleId:c1:b1": {"type": 1, "bubbleId": "b1", "text": "How long to steep tea?"},
    "bubbleId:c1:b2": {"type": 2, "bubbleId": "b2", "text": "About 3 minutes."},
}
#: SQLite's busy timeout while Cursor writes, in seconds.
BUSY_TIMEOUT = 5.0
SQLITE_MAGIC = b"SQLite format 3\x00"


def write_example(path: Path, rows: dict[str, Any]) -> None:
    """A ``state.vscdb`` at ``path`` holding ``rows`` (values as JSON; None as NULL)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)")
        conn.execute("CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)")
        conn.executemany(
            "INSERT INTO cursorDiskKV VALUES (?, ?)",
            [(k, None if v is None else json.dumps(v)) for k, v in rows.items()],
        )
    conn.close()


def example_bytes() -> bytes:
    """:data:`EXAMPLE` as a database file (tests: detection, fuzzing)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.vscdb"
        write_example(path, EXAMPLE)
        return path.read_bytes()


def sniff(probe: Probe) -> str | None:
    """A SQLite database (the probe's ``sqlite`` shape) named ``*.vscdb``; whether it holds
    composer rows is known only once opened (:func:`read` says so if not)."""
    if probe.shape == "sqlite" and probe.name.lower().endswith(".vscdb"):
        return ""
    return None


def connect(path: Path) -> sqlite3.Connection:
    """``path`` opened read-only, with a busy timeout (never written, never locked long)."""
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    conn.execute("PRAGMA query_only = ON")
    return conn


def _json(value: object) -> Any:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return None


def _time(value: object) -> dt.datetime | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_epoch(value / 1000)
    return from_iso(value)


def composers(conn: sqlite3.Connection, since_ms: int = 0) -> Iterator[ImportedChat | Skipped]:
    """Every composer chat of the database (with ``since_ms``, those updated since)."""
    try:
        rows = conn.execute(
            "SELECT key, value FROM cursorDiskKV WHERE key >= 'composerData:' "
            "AND key < 'composerData;'"
        )
        keys = [(k, v) for k, v in rows]
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"not a Cursor database: {exc}", "unknown_format", name="state.vscdb", formats="Cursor"
        ) from None
    for key, value in keys:
        cid = key.partition(":")[2]
        data = _json(value)
        if not isinstance(data, dict) or not cid:
            continue
        updated = data.get("lastUpdatedAt")
        if since_ms and isinstance(updated, (int, float)) and updated < since_ms:
            continue
        try:
            chat = _composer(conn, cid, data)
        except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
            yield Skipped(f"Cursor {data.get('name') or cid!r}", str(exc)[:200])
            continue
        if chat.messages:
            yield chat


def _composer(conn: sqlite3.Connection, cid: str, data: dict[str, Any]) -> ImportedChat:
    prefix = f"bubbleId:{cid}:"
    bubbles: dict[str, dict[str, Any]] = {}
    by_own: dict[str, str] = {}
    for key, value in conn.execute(
        "SELECT key, value FROM cursorDiskKV WHERE key > ? AND key < ?",
        (prefix, prefix[:-1] + ";"),
    ):
        row = _json(value)
        if isinstance(row, dict):
            suffix = key[len(prefix) :]
            bubbles[suffix] = row
            own = row.get("bubbleId")
            if isinstance(own, str):
                by_own.setdefault(own, suffix)
    order: list[str] = []
    headers = data.get("fullConversationHeadersOnly")
    inline = data.get("conversation")
    if isinstance(headers, list):
        for header in headers:
            bid = header.get("bubbleId") if isinstance(header, dict) else None
            if not isinstance(bid, str):
                continue
            found = bid if bid in bubbles else by_own.get(bid)
            if found is not None and found not in order:
                order.append(found)
    elif isinstance(inline, list):
        for n, row in enumerate(inline):
            if isinstance(row, dict):
                bid = row.get("bubbleId")
                name = bid if isinstance(bid, str) and bid else f"inline{n}"
                bubbles.setdefault(name, row)
                order.append(name)
    rest = [b for b in bubbles if b not in order]
    rest.sort(key=lambda b: str(bubbles[b].get("createdAt", "")))
    session = SessionBuilder(SOURCE)
    session.session_id = cid
    session.title(0, data.get("name"))
    workspace = data.get("workspaceIdentifier")
    uri = workspace.get("uri") if isinstance(workspace, dict) else None
    if isinstance(uri, dict) and isinstance(uri.get("fsPath"), str):
        session.workdir = uri["fsPath"]
    for bid in order + rest:
        _bubble(session, bid, bubbles[bid])
    session.created_at = _time(data.get("createdAt")) or session.created_at
    session.updated_at = _time(data.get("lastUpdatedAt")) or session.updated_at
    return session.chat(LABEL, cid)


def _bubble(session: SessionBuilder, bid: str, row: dict[str, Any]) -> None:
    role = {1: "user", 2: "assistant"}.get(row.get("type"))  # type: ignore[arg-type]
    if role is None:
        return
    when = _time(row.get("createdAt"))
    info = row.get("modelInfo")
    model = model_name(info.get("modelName")) if isinstance(info, dict) else None
    thinking = row.get("thinking")
    if (
        isinstance(thinking, dict)
        and isinstance(thinking.get("text"), str)
        and thinking["text"].strip()
    ):
        session.put(
            ImportedMessage(
                f"{bid}:thinking",
                "assistant",
                clean(thinking["text"]),
                when,
                kind=REASONING,
                model=model,
            )
        )
    text = text_of(row.get("text"))
    if text.strip():
        if role == "user":
            session.prompt(text)
        session.put(
            ImportedMessage(
                bid or "empty", role, text, when, model=model if role == "assistant" else None
            )
        )
    tool = row.get("toolFormerData")
    if isinstance(tool, dict):
        given = tool.get("params", tool.get("rawArgs"))
        if isinstance(given, str):
            parsed = _json(given)
            given = parsed if parsed is not None else given
        result = tool.get("result")
        if isinstance(result, str):
            parsed = _json(result)
            result = parsed if isinstance(parsed, (dict, list)) else result
        session.put(
            tool_message(
                f"{bid}:tool",
                tool.get("name"),
                given,
                result if result is not None else "",
                error=tool.get("status") in ("error", "failed"),
                created_at=when,
                model=model,
            )
        )


@contextlib.contextmanager
def _on_disk(member: Member, stream: IO[bytes]) -> Iterator[Path]:
    """The database as a file: the member's own, or a temporary copy of a zip's member."""
    own = getattr(stream, "name", None)
    if isinstance(own, str) and Path(own).is_file():
        yield Path(own)
        return
    with tempfile.TemporaryDirectory(prefix="chatdesk-cursor-") as folder:
        copy = Path(folder) / "state.vscdb"
        with copy.open("wb") as out:
            shutil.copyfileobj(stream, out, 1024 * 1024)
        yield copy


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """Every composer chat of a ``state.vscdb``."""
    with _on_disk(member, stream) as path:
        try:
            conn = connect(path)
        except sqlite3.Error as exc:
            raise InputError(
                f"{member.name}: cannot open the database: {exc}",
                "unknown_format",
                name=member.name,
                formats="Cursor",
            ) from None
        try:
            found = False
            for item in composers(conn):
                found = True
                yield item
            if not found:
                yield Skipped(member.name, "no Cursor composer chats in this database")
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"{member.name}: not a Cursor database: {exc}",
                "unknown_format",
                name=member.name,
                formats="Cursor",
            ) from None
        finally:
            conn.close()
