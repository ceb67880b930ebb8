"""Message kinds and models (issue 22, schema v19): reasoning and tool rows are stored with
their detail, on both engines; the legacy ``/myapp/`` history, the chat's count and its preview
are of the visible turns only, as old clients know them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from chatdesk.api.app import API_ROLES
from chatdesk.importers.model import (
    REASONING,
    TOOL,
    ImportedChat,
    ImportedMessage,
    read_detail,
)
from chatdesk.services import accounts, chats
from chatdesk.services.exporting import export_to_file
from chatdesk.services.importing import ImportReport, _import_one, import_chats
from chatdesk.store.models import Chat, Message

T0 = dt.datetime(2025, 1, 1, 10, 0, 0)


def _chat() -> ImportedChat:
    return ImportedChat(
        source="deepseek",
        source_id="c1",
        title="Tea",
        created_at=T0,
        messages=[
            ImportedMessage("m1", "user", "How long to steep tea?", T0),
            ImportedMessage(
                "m2",
                "assistant",
                "Green tea is delicate…",
                T0,
                kind=REASONING,
                seconds=12.4,
                model="deepseek-reasoner",
            ),
            ImportedMessage(
                "m3",
                "assistant",
                "line 1\nline 2\nline 3",
                T0,
                kind=TOOL,
                tool="Bash",
                tool_input='{"command": "ls"}',
                is_error=True,
                model="deepseek-reasoner",
            ),
            ImportedMessage("m4", "assistant", "About 3 minutes.", T0, model="deepseek-reasoner"),
            ImportedMessage("m5", "assistant", "a last thought", T0, kind=REASONING),
        ],
    )


def test_kinds_models_and_detail_are_stored(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    report = ImportReport()
    _import_one(alice, _chat(), report)
    assert report.chats_added == 1 and report.messages_added == 5
    rows = list(Message.select().order_by(Message.id))
    assert [r.kind for r in rows] == ["text", "reasoning", "tool", "text", "reasoning"]
    assert [r.model for r in rows] == [None, *["deepseek-reasoner"] * 3, None]
    assert read_detail(rows[1].detail).seconds == 12.4
    tool = read_detail(rows[2].detail)
    assert (tool.tool, tool.input, tool.error) == ("Bash", '{"command": "ls"}', True)
    assert rows[0].detail is None and rows[3].detail is None
    chat = Chat.get()
    # the count and the preview: the visible turns (the last row is a thought)
    assert chat.message_count == 2
    assert chat.last_preview == "About 3 minutes."
    # the legacy history: text only, as before kinds existed
    assert chats.history(chat.id) == [
        ("user", "How long to steep tea?"),
        ("assistant", "About 3 minutes."),
    ]
    assert chats.history_json(chat.id, API_ROLES).decode().count("About 3 minutes.") == 1
    assert "Green tea" not in chats.history_json(chat.id, API_ROLES).decode()


def test_messages_typed_in_chatdesk_are_text(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    summary = chats.create_chat(alice, "mine")
    chats.add_message(alice, summary.id, "user", "hello")
    row = Message.get()
    assert (row.kind, row.model, row.detail) == ("text", None, None)


def _rows(user: object) -> list[tuple[object, ...]]:
    return [
        (m.role, m.content, m.kind, m.model, m.detail)
        for m in Message.select()
        .join(Chat)
        .where(Chat.user == user.id)  # type: ignore[attr-defined]
        .order_by(Message.id)
    ]


def test_json_export_and_reimport_keep_kind_model_detail_and_source(
    store: str, tmp_path: Path
) -> None:
    alice = accounts.register("alice", "secret1")
    _import_one(alice, _chat(), ImportReport())
    target = tmp_path / "out.json"
    export_to_file(alice, target, "json")
    data = json.loads(target.read_text("utf-8"))
    assert data["version"] == 3
    kinds = [m.get("kind", "text") for m in data["chats"][0]["messages"]]
    assert kinds == ["text", "reasoning", "tool", "text", "reasoning"]
    assert data["chats"][0]["source"] == "deepseek"
    bob = accounts.register("bob", "secret1")
    report = import_chats(bob, target)
    assert report.chats_added == 1
    assert _rows(bob) == _rows(alice)
    assert Chat.get(Chat.user == bob.id).source == "deepseek"
    assert import_chats(bob, target).messages_added == 0  # again: nothing new


def test_markdown_and_html_fold_reasoning_and_tools(store: str, tmp_path: Path) -> None:
    alice = accounts.register("alice", "secret1")
    _import_one(alice, _chat(), ImportReport())
    export_to_file(alice, tmp_path / "out.md", "md")
    export_to_file(alice, tmp_path / "out.html", "html")
    md = (tmp_path / "out.md").read_text("utf-8")
    page = (tmp_path / "out.html").read_text("utf-8")
    assert "<details><summary>Thought for 12 s</summary>" in md
    assert "> Green tea is delicate…" in md
    assert "<summary>Ran Bash · 3 lines · failed</summary>" in md
    assert '<details class="message reasoning"><summary>Thought for 12 s</summary>' in page
    assert "<summary>Thinking</summary>" in page  # the last thought has no time
    assert '<pre class="input">{&quot;command&quot;: &quot;ls&quot;}</pre>' in page


def test_default_search_leaves_reasoning_and_tools_out(store: str) -> None:
    from chatdesk.services import search

    alice = accounts.register("alice", "secret1")
    _import_one(alice, _chat(), ImportReport())
    assert search.search(alice, "delicate")[1] == 0  # only in the reasoning
    hits, total = search.search(alice, "in:reasoning delicate")
    assert total == 1 and hits[0].snippet.startswith("Green tea is delicate")
    assert search.search(alice, "line 2")[1] == 0  # only in the tool's result
    assert search.search(alice, "in:tools line 2")[1] == 1
    assert search.search(alice, "3 minutes")[1] == 1  # the answer itself
    assert search.search(alice, "in:reasoning 3 minutes")[1] == 0
