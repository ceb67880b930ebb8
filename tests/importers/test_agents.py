"""Coding agents' sessions (issue 23): each agent's real samples read by file, a session read
in pieces as the agent writes it, a half-written last line left for the next read, and the
non-JSON formats (Aider's Markdown, Cursor's SQLite) fed hostile files of their own."""

from __future__ import annotations

import contextlib
import io
import json
import random
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from chatdesk.importers import (
    InputError,
    aider,
    claude_code,
    codex,
    cursor,
    detect,
    members,
    opened,
    read_chats,
)
from chatdesk.importers._agents import LineCursor, json_lines
from chatdesk.importers.model import REASONING, TEXT, TOOL, ImportedChat, Skipped


def _read(path: Path) -> list[ImportedChat | Skipped]:
    out: list[ImportedChat | Skipped] = []
    for member in members(path):
        with opened(member) as stream:
            found = detect(member.name, stream)
            out += list(read_chats(member.name, stream, found, member))
    return out


def _chats(path: Path) -> list[ImportedChat]:
    found = _read(path)
    assert all(isinstance(c, ImportedChat) for c in found), found
    return [c for c in found if isinstance(c, ImportedChat)]


def test_claude_code_sample(realdata: Path) -> None:
    [chat] = _chats(
        realdata
        / "claude-code/d-kimuson_claude-code-viewer__5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl"
    )
    assert chat.source == "claude-code"
    assert chat.source_id == "5c0375b4-57a5-4f26-b12d-d022ee4e51b7"
    assert chat.folder == ("Claude Code", "Demo")
    assert (chat.workdir, chat.branch) == ("/path/to/Demo", "main")
    kinds = Counter(m.kind for m in chat.messages)
    # 13 tool calls of the main thread, each with its result in the same row; the 8 calls of
    # the sub-agent (isSidechain) are folded into its Task call
    assert kinds[TOOL] == 13
    tools = [m for m in chat.messages if m.kind == TOOL]
    assert all(m.tool and m.content for m in tools)
    assert any(m.tool == "Task" for m in tools)
    # the slash command is shown as the command, and is the title for want of a prompt
    first = chat.messages[0]
    assert first.role == "user" and first.content.startswith("/orchestrator")
    assert "<command-name>" not in first.content
    assert all(m.model for m in chat.messages if m.role == "assistant" and m.kind == TEXT)


def test_claude_code_titles_thinking_and_images(realdata: Path) -> None:
    [chat] = _chats(realdata / "claude-code/jazzyalex_agent-sessions__small.jsonl")
    assert chat.title == "Stage0 small fixture"  # the custom title before the summary
    assert any(m.kind == REASONING for m in chat.messages)
    reader = claude_code.Reader()
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AA"}}
    text = {"type": "text", "text": "What is this?"}
    content = [image, text]
    reader.feed({"type": "user", "uuid": "u1", "message": {"role": "user", "content": content}})
    [message] = reader.session.messages.values()
    assert message.content == "[image: image/png]\nWhat is this?"


def test_codex_sample(realdata: Path) -> None:
    [chat] = _chats(
        realdata / "codex/AcidicSoil_codex-session-view__rollout-2025-11-17T15-30-28-"
        "019a93b9-f380-7600-98ff-940e6b99603c.jsonl"
    )
    assert chat.source_id == "019a93b9-f380-7600-98ff-940e6b99603c"
    assert (chat.folder, chat.branch) == (("Codex CLI", "chatbot-ui"), "main")
    kinds = Counter(m.kind for m in chat.messages)
    # one stream: 39 function calls paired with their outputs, not 39 + the events' copies
    assert kinds[TOOL] == 39
    assert kinds[TEXT] == 1  # the one prompt; the injected <environment_context> left out
    assert chat.title.startswith("finish up the users work")
    assert all(m.content or m.is_error for m in chat.messages if m.kind == TOOL)
    assert {m.model for m in chat.messages if m.kind == REASONING} == {"gpt-5.1-codex"}


def test_gemini_cli_json_and_jsonl(realdata: Path) -> None:
    [old] = _chats(realdata / "gemini-cli/jazzyalex_agent-sessions__large.json")
    assert old.source == "gemini-cli" and old.title == "Run a command"
    assert Counter(m.kind for m in old.messages)[TOOL] == 2
    [new] = _chats(realdata / "gemini-cli/jazzyalex_agent-sessions__jsonl_v040.jsonl")
    assert new.source_id == "gemini_stage0_jsonl"
    [tool] = [m for m in new.messages if m.kind == TOOL]
    assert tool.tool == "run_shell_command" and "README.md" in tool.content
    assert new.updated_at is not None


def test_cursor_sample_is_read_without_writing(realdata: Path, tmp_path: Path) -> None:
    source = realdata / "cursor/S2thend_cursor-history__composer-global-state.vscdb"
    copy = tmp_path / "state.vscdb"
    copy.write_bytes(source.read_bytes())
    copy.chmod(0o444)  # read-only: opening it to write would fail
    before = copy.read_bytes()
    [chat] = _chats(copy)
    assert chat.title == "Synthetic v0.16 Composer session"
    texts = [(m.role, m.content[:14]) for m in chat.messages if m.kind == TEXT]
    assert texts == [
        ("user", "Synthetic ques"),
        ("assistant", "Composer owns "),  # its header names it by its own bubbleId
        ("assistant", "Synthetic answ"),
        ("user", "Synthetic empt"),
    ]
    assert [m.tool for m in chat.messages if m.kind == TOOL] == ["read_file", "search"]
    assert copy.read_bytes() == before
    assert not list(tmp_path.glob("state.vscdb-*"))  # no journal, no WAL left


def test_cursor_database_held_by_a_writer_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "state.vscdb"
    cursor.write_example(path, cursor.EXAMPLE)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("BEGIN IMMEDIATE")  # Cursor in the middle of a write
    writer.execute("INSERT INTO ItemTable VALUES ('x', 'y')")
    try:
        [chat] = _chats(path)
    finally:
        writer.rollback()
        writer.close()
    assert chat.title == "Tea"


def test_aider_sample_one_chat_per_run(realdata: Path) -> None:
    chats = _chats(realdata / "aider/Aquaticat_Monochromatic__.aider.chat.history.md")
    # 19 runs, of which 6 hold nothing but aider's own output (it stopped at a question)
    assert len(chats) == 13
    assert len({c.source_id for c in chats}) == 13
    for chat in chats:
        assert chat.messages[0].kind == TOOL or chat.messages[0].role == "user"
        assert all(m.tool == "aider" for m in chat.messages if m.kind == TOOL)
    assert chats[0].title == "What can you say about this package?"


# -- read as the agent writes -------------------------------------------------------------


def _lines(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_half_written_last_line_is_left_for_the_next_read() -> None:
    data = _lines(claude_code.EXAMPLE)
    cut = data + b'{"type": "user", "message": {"role": "us'
    cursor_ = LineCursor()
    records = list(json_lines(io.BytesIO(cut), cursor_))
    assert len(records) == len(claude_code.EXAMPLE)
    assert cursor_.end == len(data) and cursor_.bad == 0


@pytest.mark.parametrize("module", [claude_code, codex])
def test_reading_in_pieces_gives_what_reading_whole_gives(module: Any) -> None:
    """The live reader: the file read a few lines at a time, the reader's state carried over,
    the messages given after each piece merged by id, equal the messages of one whole read."""
    data = _lines(module.EXAMPLE)
    whole = module.Reader()
    for record in json_lines(io.BytesIO(data), LineCursor()):
        whole.feed(record)
    pieces = module.Reader()
    got: dict[str, Any] = {}
    cursor_ = LineCursor()
    rng = random.Random(7)
    end = 0
    while end < len(data):
        end = min(len(data), end + rng.randint(1, 200))  # cuts lines in the middle too
        stream = io.BytesIO(data[:end])
        stream.seek(cursor_.end)
        for record in json_lines(stream, cursor_):
            pieces.feed(record)
        for message in pieces.session.take_changed():
            got[message.source_id] = message
    assert list(got) == list(whole.session.messages)
    assert list(got.values()) == list(whole.session.messages.values())


# -- hostile files of the formats that are not JSON ---------------------------------------


def _aider_cases() -> list[bytes]:
    text = aider.example_bytes()
    rng = random.Random(23)
    cases = [text[:n] for n in range(0, len(text), 7)]
    cases += [b"\xff\xfe" + text, text.replace(b"tea", b"t\xe9a\x00"), text * 500]
    cases.append(b"# aider chat started at 2025-06-02 11:47:49\n#### " + b"x" * 3_000_000)
    cases.append(b"# aider chat started at 9999-99-99 99:99:99\n#### hi\n")
    for _ in range(30):
        mutated = bytearray(text)
        for _ in range(5):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        cases.append(bytes(mutated))
    return cases


def test_aider_hostile(tmp_path: Path) -> None:
    imported = 0
    for n, case in enumerate(_aider_cases()):
        path = tmp_path / f"{n}.aider.chat.history.md"
        path.write_bytes(case)
        try:
            found = _read(path)
        except InputError:
            continue
        imported += sum(isinstance(c, ImportedChat) for c in found)
    assert imported > 10


def test_cursor_hostile(tmp_path: Path) -> None:
    wrong: list[Any] = [None, 0, -1, 1e308, True, "", [], {}, "x" * 300, "y" * 2_000_000]
    rows = cursor.EXAMPLE
    cases: list[dict[str, Any]] = []
    for key, value in rows.items():
        for bad in wrong:
            cases.append({**rows, key: bad})
        assert isinstance(value, dict)
        for field in value:
            for bad in wrong:
                cases.append({**rows, key: {**value, field: bad}})
    read = 0
    for n, case in enumerate(cases):
        path = tmp_path / f"{n}" / "state.vscdb"
        path.parent.mkdir()
        cursor.write_example(path, case)
        with contextlib.suppress(InputError):
            read += sum(isinstance(c, ImportedChat) for c in _read(path))
    assert read > len(cases) // 2
    broken = tmp_path / "broken.vscdb"
    broken.write_bytes(cursor.example_bytes()[:5000] + b"\x00" * 100)
    with pytest.raises(InputError):
        _read(broken)


def test_a_project_folder_and_a_zip_of_the_agent_folder(realdata: Path, tmp_path: Path) -> None:
    """A Claude Code project folder, or a zip of ``~/.claude``: its sessions (named by their
    UUID) are read, its sub-agents' files left out, nothing else taken for a session."""
    import zipfile

    session = "1af7fc5e-8455-4414-9ccd-011d40f70b2a"
    project = tmp_path / ".claude" / "projects" / "-home-me-demo"
    (project / session / "subagents").mkdir(parents=True)
    source = realdata / f"claude-code/d-kimuson_claude-code-viewer__{session}.jsonl"
    (project / f"{session}.jsonl").write_bytes(source.read_bytes())
    (project / session / "subagents" / "agent-a1.jsonl").write_bytes(source.read_bytes())
    (tmp_path / ".claude" / "settings.json").write_text("{}")
    [chat] = _chats(project)
    assert chat.source_id == session
    archive = tmp_path / "claude.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in (tmp_path / ".claude").rglob("*"):
            if path.is_file():
                out.write(path, path.relative_to(tmp_path).as_posix())
    [chat] = _chats(archive)
    assert chat.source_id == session and len(chat.messages) == 16
