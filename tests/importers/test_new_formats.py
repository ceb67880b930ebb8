"""The formats of issue 22, each imported from a file shaped as its writer writes it.

Where no real sample exists (../shared/realdata/SOURCES.md), the fixture is built here from the
format's description in ../shared/realdata/FORMATS.md, which names the code that writes or
parses it; the section is cited at each test. Each test checks: the messages and their kinds,
the thread chosen among branches, the source, a second import adding nothing, and a damaged
conversation skipped and named while the others import.
"""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path
from typing import Any

from chatdesk.importers import deepseek
from chatdesk.importers.model import read_detail
from chatdesk.services import accounts
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, Message


def _thread(user: accounts.Account, source_id: str | None = None) -> list[Message]:
    chat = Chat.get(Chat.user == user.id, *([Chat.source_id == source_id] if source_id else []))
    return list(Message.select().where(Message.chat == chat.id).order_by(Message.id))


def _zip(path: Path, files: dict[str, Any]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, value in files.items():
            data = value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False)
            archive.writestr(name, data)
    return path


def test_deepseek_zip_keeps_reasoning_and_the_last_branch(store: str, tmp_path: Path) -> None:
    """FORMATS.md § 3 (DeepSeek's writer is not public; the fields are those its export holds,
    as xionglongztz/DeepSeekDataExporter ``deepseek_exporter.py`` reads them)."""
    good = copy.deepcopy(deepseek.EXAMPLE[0])
    searched = copy.deepcopy(good)
    searched["id"] = "d2"
    searched["title"] = ""
    searched["mapping"]["3"]["message"]["fragments"].insert(
        0,
        {
            "type": "SEARCH",
            "results": [{"url": "https://example.org/tea", "title": "Tea guide", "cite_index": 1}],
        },
    )
    broken = {
        "id": "d3",
        "title": "Broken",
        "inserted_at": "2025-02-01T10:00:00+08:00",
        "mapping": {
            "root": {"id": "root", "children": ["1"]},
            "1": {
                "id": "1",
                "parent": "root",
                "children": [],
                "message": {"fragments": "not a list"},
            },
        },
    }
    export = _zip(
        tmp_path / "deepseek_data.zip",
        {"conversations.json": [good, broken, searched], "user.json": {"name": "x"}},
    )
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, export)
    assert report.per_format == {"deepseek": 3}
    assert (report.chats_added, report.messages_added) == (2, 7)
    assert [s.name for s in report.skipped] == ["'Broken' (d3)"]
    rows = _thread(alice, "d1")
    assert [(m.role, m.kind, m.content) for m in rows] == [
        ("user", "text", "How long to steep tea?"),
        ("assistant", "reasoning", "Green tea is delicate."),
        ("assistant", "text", "About **3 minutes**."),  # the regenerated answer: last branch
    ]
    assert read_detail(rows[1].detail).seconds == 4
    assert {m.model for m in rows[1:]} == {"deepseek-reasoner"}
    chat = Chat.get(Chat.source_id == "d1")
    assert (chat.source, chat.title, chat.message_count) == ("deepseek", "Tea", 2)
    search = [m for m in _thread(alice, "d2") if m.kind == "tool"]
    assert search[0].content == "Tea guide — https://example.org/tea"
    assert read_detail(search[0].detail).tool == "web search"
    assert Chat.get(Chat.source_id == "d2").title == "How long to steep tea?"
    again = import_chats(alice, export)
    assert (again.chats_added, again.messages_added, again.unchanged) == (0, 0, 2)


def test_grok_export_real_sample(store: str, realdata: Path, tmp_path: Path) -> None:
    """The real sample (../shared/realdata/grok); in a zip as the account data comes."""
    sample = realdata / "grok" / "yetanotherchris_openwebui-importer__grok_example.json"
    data = json.loads(sample.read_text("utf-8"))
    export = _zip(tmp_path / "grok.zip", {"ttl/30d/export_data/x/prod-grok-backend.json": data})
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, export)
    assert report.per_format == {"grok": 1} and report.chats_added == 1
    rows = _thread(alice)
    assert rows[0].content == "Can you explain how photosynthesis works in simple terms?"
    assert [m.role for m in rows] == ["user", "assistant"] * (len(rows) // 2)
    assert rows[1].model == "grok-3" and rows[0].model is None
    chat = Chat.get()
    assert (chat.source, chat.title) == (
        "grok",
        "Photosynthesis Simplified: Process and Importance",
    )
    assert import_chats(alice, export).messages_added == 0


def test_grok_thread_follows_parents_not_file_order(store: str, tmp_path: Path) -> None:
    from chatdesk.importers import grok

    data = copy.deepcopy(grok.EXAMPLE)
    looped = copy.deepcopy(data["conversations"][0])
    looped["conversation"]["conversation_id"] = "g2"
    for item in looped["responses"]:  # each the other's parent: no root
        item["response"]["parent_response_id"] = (
            "r1" if item["response"]["response_id"] == "r2" else "r2"
        )
    data["conversations"].append(looped)
    path = tmp_path / "prod-grok-backend.json"
    path.write_text(json.dumps(data), "utf-8")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, path)
    assert report.chats_added == 1 and len(report.skipped) == 1
    assert "loop" in report.skipped[0].reason and "g2" in report.skipped[0].name
    rows = _thread(alice)
    assert [(m.kind, m.content) for m in rows] == [
        ("text", "How long to steep tea?"),
        ("reasoning", "Green tea is delicate."),
        ("text", "About 3 minutes."),
    ]
    assert read_detail(rows[1].detail).seconds == 8


def _takeout_card(prompt: str, date: str, answer: str) -> str:
    return (
        '<div class="outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp"><div class="mdl-grid">'
        '<div class="header-cell mdl-cell mdl-cell--12-col"><p class="mdl-typography--title">'
        'Gemini Apps<br></p></div><div class="content-cell mdl-cell mdl-cell--6-col '
        f'mdl-typography--body-1">Prompted&nbsp;{prompt}<br>{date}<br>{answer}</div>'
        '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1 '
        'mdl-typography--text-right"></div><div class="content-cell mdl-cell mdl-cell--12-col '
        'mdl-typography--caption"><b>Products:</b><br>&emsp;Gemini Apps<br></div></div></div>'
    )


def test_gemini_takeout_json_and_html(store: str, tmp_path: Path) -> None:
    """FORMATS.md § 4: rows (JSON) and cards (HTML) of "My Activity › Gemini Apps"; only
    "Prompted" rows are messages; rows within 30 minutes (no link) are one conversation."""
    from chatdesk.importers import gemini

    folder = tmp_path / "Takeout" / "My Activity" / "Gemini Apps"
    folder.mkdir(parents=True)
    (folder / "MyActivity.json").write_text(json.dumps(gemini.EXAMPLE), "utf-8")
    (tmp_path / "Takeout" / "My Activity" / "Search").mkdir()
    (tmp_path / "Takeout" / "My Activity" / "Search" / "MyActivity.json").write_text("[]", "utf-8")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, tmp_path / "Takeout")  # the Search activity is not read
    assert report.per_format == {"gemini": 2} and report.chats_added == 2
    first = _thread(alice, "gap@2025-01-05T10:00:00")
    assert [(m.role, m.content) for m in first] == [
        ("user", "How long to steep tea?"),
        ("assistant", "About 3 minutes.\n\n- black: 4"),
        ("user", "Is milk OK?"),
        ("assistant", "Yes."),
    ]
    assert Chat.get(Chat.source_id == "gap@2025-01-05T10:00:00").title == "How long to steep tea?"
    assert import_chats(alice, tmp_path / "Takeout").messages_added == 0
    page = (
        '<html><head><style>.x{}</style></head><body><div class="mdl-grid">'
        + _takeout_card("Second &amp; last", "Jan 5, 2025, 11:10:00 AM CET", "<p>B</p>")
        + _takeout_card(
            "First <b>one</b>", "Jan 5, 2025, 11:00:00 AM CET", "<p>A</p><script>x()</script>"
        )
        + "</div></body></html>"
    )
    (tmp_path / "MyActivity.html").write_text(page, "utf-8")
    bob = accounts.register("bob", "secret1")
    report = import_chats(bob, tmp_path / "MyActivity.html")
    assert report.per_format == {"gemini": 1}
    assert [(m.role, m.content) for m in _thread(bob)] == [
        ("user", "First one"),
        ("assistant", "A"),
        ("user", "Second & last"),
        ("assistant", "B"),
    ]


def test_open_webui_real_sample_and_export_rows(store: str, realdata: Path, tmp_path: Path) -> None:
    """The real sample (a bare chat, ../shared/realdata/open-webui) and the export's rows with
    reasoning and a tool call embedded as <details> (FORMATS.md § 9)."""
    from chatdesk.importers import openwebui

    alice = accounts.register("alice", "secret1")
    sample = realdata / "open-webui" / "yetanotherchris_openwebui-importer__webui-json.json"
    report = import_chats(alice, sample)
    assert report.per_format == {"openwebui": 1} and report.chats_added == 1
    rows = _thread(alice)
    assert rows[0].role == "user" and "Goldwater" in rows[1].content
    assert rows[1].model == "deepseek/deepseek-chat:free"
    export = copy.deepcopy(openwebui.EXAMPLE)
    tool = export[0]["chat"]["history"]["messages"]["m2"]
    tool["content"] += (
        '\n<details type="tool_calls" done="true" name="clock" arguments="{&quot;tz&quot;: 1}"'
        ' result="&quot;10:00&quot;">\n<summary>Tool Executed</summary>\n</details>'
    )
    bob = accounts.register("bob", "secret1")
    path = tmp_path / "chat-export-1744577600000.json"
    path.write_text(json.dumps(export), "utf-8")
    import_chats(bob, path)
    got = [(m.kind, m.content) for m in _thread(bob)]
    assert got == [
        ("text", "How long to steep tea?"),
        ("reasoning", "Green tea is delicate."),
        ("tool", "10:00"),
        ("text", "About 3 minutes."),
    ]
    detail = read_detail(_thread(bob)[2].detail)
    assert (detail.tool, detail.input) == ("clock", '{"tz": 1}')
    assert import_chats(bob, path).messages_added == 0


def test_librechat_linear_tree_and_branches(store: str, realdata: Path) -> None:
    """The three real samples (../shared/realdata/librechat): nested, flat, and flat with
    branches; the last branch is the thread."""
    alice = accounts.register("alice", "secret1")
    for name in ("export", "linear", "opts-nonr-branches"):
        path = realdata / "librechat" / f"danny-avila_LibreChat__librechat-{name}.json"
        report = import_chats(alice, path)
        assert report.per_format == {"librechat": 1} and report.chats_added == 1
    titles = {c.title: c for c in Chat.select().where(Chat.user == alice.id)}
    assert set(titles) == {
        "Conversation 1. Web Search",
        "Adventure Across Time and Space",
        "Original",
    }
    tree = _thread(alice, titles["Conversation 1. Web Search"].source_id)
    assert [m.role for m in tree] == ["user", "assistant"] * 3
    assert all(c.source == "librechat" for c in titles.values())


def test_lechat_zip_of_chat_files(store: str, tmp_path: Path) -> None:
    """FORMATS.md § 15: a zip of chat-<uuid>.json with their file folders; no titles."""
    from chatdesk.importers import lechat

    other = copy.deepcopy(lechat.EXAMPLE)
    for item in other:
        item["chatId"] = "c0ffee00-0000-4000-8000-000000000002"
    other[0]["content"] = "Second chat"
    export = _zip(
        tmp_path / "lechat-export.zip",
        {
            "chat-c0ffee00-0000-4000-8000-000000000001.json": lechat.EXAMPLE,
            "chat-c0ffee00-0000-4000-8000-000000000002.json": other,
            "chat-c0ffee00-0000-4000-8000-000000000003.json": b"[{",
            "chat-c0ffee00-0000-4000-8000-000000000001-files/photo.png": b"\x89PNG",
        },
    )
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, export)  # the third file is cut: named, the others import
    assert report.per_format == {"lechat": 2}
    [bad] = report.skipped
    assert "000000000003.json" in bad.name and "not valid JSON" in bad.reason
    titles = sorted(c.title for c in Chat.select())
    assert titles == ["How long to steep tea?", "Second chat"]
    rows = _thread(alice, "c0ffee00-0000-4000-8000-000000000001")
    assert [(m.kind, m.content) for m in rows] == [
        ("text", "How long to steep tea?"),
        ("tool", "3-5 minutes"),
        ("text", "About 3 minutes."),
    ]
    assert read_detail(rows[1].detail).tool == "web_search"


def test_jan_data_folder(store: str, realdata: Path, tmp_path: Path) -> None:
    """The real thread (../shared/realdata/jan) laid out as Jan keeps it."""
    thread = tmp_path / "jan" / "threads" / "thread_test_1"
    thread.mkdir(parents=True)
    (thread / "thread.json").write_bytes(
        (realdata / "jan" / "byteowlz_hstry__thread.json").read_bytes()
    )
    (thread / "messages.jsonl").write_bytes(
        (realdata / "jan" / "byteowlz_hstry__messages.jsonl").read_bytes()
    )
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, tmp_path / "jan")
    assert report.per_format == {"jan": 1} and report.chats_added == 1
    rows = _thread(alice)
    assert [(m.role, m.kind, m.content) for m in rows] == [
        ("user", "text", "Hello Jan!"),
        ("assistant", "tool", '{\n  "items": [\n    "result-1",\n    "result-2"\n  ]\n}'),
        ("assistant", "text", "Hello from Jan."),
    ]
    assert rows[2].model == "jan-model-1"
    assert Chat.get().title == "Test Jan Thread"
    # the messages file alone finds its thread beside it: the same chat, nothing new
    assert import_chats(alice, thread / "messages.jsonl").messages_added == 0


def test_sillytavern_jsonl(store: str, tmp_path: Path) -> None:
    """FORMATS.md § 13: a header line, then messages; a last line cut off is left."""
    from chatdesk.importers import sillytavern

    lines = "".join(json.dumps(line) + "\n" for line in sillytavern.EXAMPLE)
    path = tmp_path / "Tea Master - 2025-03-01@10h00m00s.jsonl"
    path.write_text(lines + '{"name": "You", "mes": "cut', "utf-8")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, path)
    assert report.per_format == {"sillytavern": 1}
    assert [(m.role, m.kind, m.content) for m in _thread(alice)] == [
        ("user", "text", "How long to steep tea?"),
        ("assistant", "reasoning", "Green tea is delicate."),
        ("assistant", "text", "About 3 minutes."),
    ]
    assert Chat.get().title == "Tea Master · 2025-03-01@10h00m00s"
    path.write_text(lines + json.dumps({"name": "You", "is_user": True, "mes": "Thanks"}) + "\n")
    again = import_chats(alice, path)
    assert (again.chats_updated, again.messages_added) == (1, 1)


def test_app_backups_lobechat_nextchat_chatbox_cherry(store: str, tmp_path: Path) -> None:
    """FORMATS.md §§ 10, 11, 7, 8: each app's backup as its writer lays it out (LobeChat
    ``createConfigFile``, NextChat ``getLocalAppState``, Chatbox's stored keys, Cherry Studio's
    ``BackupService.backup`` format 3); the EXAMPLE of each module is that layout."""
    from chatdesk.importers import chatbox, cherrystudio, lobechat, nextchat

    alice = accounts.register("alice", "secret1")
    for module, name in (
        (lobechat, "LobeChat-sessions-v7.json"),
        (nextchat, "Backup-2024-5-29.json"),
        (chatbox, "chatbox-exported-data-2025-03-01.json"),
        (cherrystudio, "cherry-studio.202503011000.json"),
    ):
        path = tmp_path / name
        path.write_text(json.dumps(module.EXAMPLE), "utf-8")
        report = import_chats(alice, path)
        assert report.per_format == {module.SOURCE: 1}, name
        assert report.chats_added == 1 and not report.skipped, name
        chat = Chat.get(Chat.source == module.SOURCE)
        rows = [
            m
            for m in Message.select().where(Message.chat == chat.id).order_by(Message.id)
            if m.kind == "text"
        ]
        assert [m.content for m in rows] == ["How long to steep tea?", "About 3 minutes."], name
        assert rows[1].model and rows[0].model is None, name
        assert chat.title == "Tea", name
        assert import_chats(alice, path).messages_added == 0, name
    lobe_chat = Chat.get(Chat.source == "lobechat")
    lobe = list(Message.select().where(Message.chat == lobe_chat.id).order_by(Message.id))
    assert lobe[1].kind == "reasoning" and lobe[1].model == "gpt-4o"
    cherry = Chat.get(Chat.source == "cherry-studio")
    assert cherry.title == "Tea"


def test_cherry_studio_copied_storage_is_refused_naming_the_format(
    store: str, tmp_path: Path
) -> None:
    """CherryHQ/cherry-studio ``src/main/services/BackupManager.ts``: from 1.8 its backup is a
    "direct backup", a ``metadata.json`` (``createDirectBackupMetadata``: version 6, the app's
    version) beside copies of the ``IndexedDB`` and ``Local Storage`` folders (PR #13587,
    merged 2026-03-18); before, a zip holding ``data.json`` (read: test_app_writers.py)."""
    import pytest

    from chatdesk.importers import InputError

    metadata = {
        "version": 6,
        "timestamp": 1774000000000,
        "appName": "Cherry Studio",
        "appVersion": "1.8.3",
        "platform": "win32",
        "arch": "x64",
    }
    path = tmp_path / "cherry-studio.20260401120000.host.pc.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", json.dumps(metadata))
        archive.writestr("IndexedDB/file__0.indexeddb.leveldb/000003.log", b"\x00\x01leveldb")
        archive.writestr("Local Storage/leveldb/000003.log", b"\x00\x01leveldb")
        archive.writestr("Data/Files/a.png", b"\x89PNG\r\n\x1a\n")
    alice = accounts.register("alice", "secret1")
    with pytest.raises(InputError) as caught:
        import_chats(alice, path)
    assert caught.value.code == "cherry_direct_backup"
    message = str(caught.value)
    assert "format 6" in message and "1.8.3" in message
    assert "1.7 or earlier" in message and "data.json" in message
    assert Chat.select().count() == 0
