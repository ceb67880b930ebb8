"""Import inputs and robustness: zip and sharded exports, malformed conversations, odd ChatGPT
nodes, growth since the last import, broken JSON, progress and cancel."""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from chatdesk.importers import InputError
from chatdesk.importers.model import clean
from chatdesk.services import accounts
from chatdesk.services.chats import NewMessage
from chatdesk.services.importing import ImportProgress, import_chats, input_kind
from chatdesk.store.models import Chat, Message

GPT = "chatgpt/yetanotherchris_openwebui-importer__gpt_example.json"
CLAUDE = "claude/yetanotherchris_openwebui-importer__claude_example.json"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def shard(tmp_path: Path, conversations: list[Any], parts: int) -> Path:
    """A 2026-style export folder: conversations-000.json … and export_manifest.json."""
    folder = tmp_path / "export"
    folder.mkdir()
    size = -(-len(conversations) // parts)
    for n in range(parts):
        write(folder / f"conversations-{n:03d}.json", conversations[n * size : (n + 1) * size])
    write(
        folder / "export_manifest.json",
        {"files": [f"conversations-{n:03d}.json" for n in range(parts)]},
    )
    (folder / "user.json").write_text("{}", encoding="utf-8")
    return folder


def test_sharded_folder_and_zip_of_shards(
    sqlite_store: str, realdata: Path, tmp_path: Path
) -> None:
    user = accounts.register("alice", "secret1")
    folder = shard(tmp_path, load(realdata / CLAUDE), 3)
    report = import_chats(user, folder)
    assert (report.conversations, report.chats_added, report.messages_added) == (85, 85, 557)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for item in sorted(folder.iterdir()):
            z.write(item, f"export/{item.name}")
    bob = accounts.register("bob", "secret1")
    report = import_chats(bob, archive)
    assert (report.chats_added, report.messages_added) == (85, 557)
    assert import_chats(bob, archive).unchanged == 85


def test_zip_with_conversations_json_beside_the_other_files(
    store: str, realdata: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "chatgpt-export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(realdata / GPT, "conversations.json")
        z.writestr("chat.html", "<html></html>")
        z.writestr("user.json", "{}")
        z.writestr("message_feedback.json", "[]")
    user = accounts.register("alice", "secret1")
    report = import_chats(user, archive)
    assert (report.formats, report.chats_added, report.messages_added) == (["chatgpt"], 1, 10)
    assert Chat.get().title == "How photosynthesis works"


def test_malformed_conversations_are_named_and_skipped(
    store: str, realdata: Path, tmp_path: Path
) -> None:
    data = load(realdata / CLAUDE)
    data[3]["chat_messages"] = "not a list"
    data[3]["name"] = "Broken one"
    data[10]["chat_messages"][0]["sender"] = "robot"
    broken_id = data[10]["uuid"]
    user = accounts.register("alice", "secret1")
    report = import_chats(user, write(tmp_path / "conversations.json", data))
    assert report.conversations == 85 and report.chats_added == 83
    names = [s.name for s in report.skipped]
    assert names == [f"'Broken one' ({data[3]['uuid']})", broken_id]
    assert "not a list" in report.skipped[0].reason and "robot" in report.skipped[1].reason
    assert Chat.select().count() == 83
    assert not Chat.select().where(Chat.source_id == broken_id).exists()


def conversation(mapping: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"title": None, "create_time": None, "id": "conv-odd", "mapping": mapping, **extra}


def node(node_id: str, parent: str | None, message: dict[str, Any] | None) -> dict[str, Any]:
    return {"id": node_id, "parent": parent, "children": [], "message": message}


def msg(
    role: str, content: dict[str, Any], when: float | None = None, **extra: Any
) -> dict[str, Any]:
    return {"id": None, "author": {"role": role}, "content": content, "create_time": when, **extra}


def text(*parts: Any) -> dict[str, Any]:
    return {"content_type": "text", "parts": list(parts)}


def test_chatgpt_odd_nodes(sqlite_store: str, tmp_path: Path) -> None:
    """A single object, no current_node, a parent cycle, dict and null parts, null times."""
    image = {"content_type": "image_asset_pointer", "asset_pointer": "file-1"}
    heard = {"content_type": "audio_transcription", "text": "A cat."}
    nodes = [
        node("root", "g", None),  # a cycle back from the leaf must not hang the walk
        node("a", "root", msg("user", text("What is in this picture?", image), 100.0)),
        node(
            "f", "a", msg("assistant", {"content_type": "multimodal_text", "parts": [heard, None]})
        ),
        node(
            "g",
            "f",
            msg(
                "assistant", {"content_type": "code", "language": "unknown", "text": "x = 1"}, 106.0
            ),
        ),
        node("z", "a", msg("assistant", text("an older branch"), 50.0)),
    ]
    for n in nodes:
        n["message"] = n["message"] and {**n["message"], "id": n["id"]}
    mapping = {n["id"]: n for n in reversed(nodes)}  # key order is not tree order
    mapping["root"]["children"], mapping["a"]["children"], mapping["f"]["children"] = (
        ["a"],
        ["z", "f"],
        ["g"],
    )
    user = accounts.register("alice", "secret1")
    path = write(tmp_path / "one.json", conversation(mapping))  # a single object, not a list
    report = import_chats(user, path)
    assert report.skipped == [] and report.chats_added == 1
    chat = Chat.get()
    messages = list(Message.select().order_by(Message.id))
    # no current_node: the thread ends at the leaf with the latest time, "g", not "z"
    assert [(m.source_id, m.role, m.content) for m in messages] == [
        ("a", "user", "What is in this picture?\n\n[image: file-1]"),
        ("f", "assistant", "A cat."),
        ("g", "assistant", "```\nx = 1\n```"),
    ]
    assert messages[1].created_at == messages[0].created_at  # a null time takes the one before
    assert chat.title == "What is in this picture?"  # the first line of the first question
    assert chat.created_at == messages[0].created_at  # the conversation's own time is null


def test_chatgpt_thread_from_current_node_drops_plumbing(sqlite_store: str, tmp_path: Path) -> None:
    nodes = [
        node("root", None, None),
        node("s", "root", msg("system", text(""), None, weight=0.0)),
        node("a", "s", msg("user", text("Plot it"), 100.0)),
        node(
            "b",
            "a",
            msg(
                "assistant",
                {"content_type": "code", "language": "python", "text": "plot()"},
                101.0,
                recipient="python",
            ),
        ),
        node("c", "b", msg("tool", {"content_type": "execution_output", "text": "ok"}, 102.0)),
        node("d", "c", msg("assistant", {"content_type": "thoughts", "thoughts": []}, 103.0)),
        node("e", "d", msg("assistant", text(""), 104.0)),
        node(
            "f",
            "e",
            msg(
                "tool",
                {
                    "content_type": "multimodal_text",
                    "parts": [{"content_type": "image_asset_pointer"}],
                },
            ),
        ),
        node(
            "g",
            "f",
            msg(
                "assistant", {"content_type": "code", "language": "unknown", "text": "x = 1"}, 106.0
            ),
        ),
        node("h", "g", msg("assistant", text("Done.", {"unexpected": True}), None)),
    ]
    for n in nodes:
        n["message"] = n["message"] and {**n["message"], "id": n["id"]}
    mapping = {n["id"]: n for n in nodes}
    user = accounts.register("alice", "secret1")
    path = write(tmp_path / "c.json", [conversation(mapping, current_node="h", create_time=99.0)])
    import_chats(user, path)
    rows = [(m.source_id, m.role, m.content) for m in Message.select().order_by(Message.id)]
    assert rows == [
        ("a", "user", "Plot it"),
        ("f", "tool", "[image]"),
        ("g", "assistant", "```\nx = 1\n```"),
        ("h", "assistant", "Done."),  # an object part with no text is not text
    ]
    times = [m.created_at.timestamp() for m in Message.select().order_by(Message.id)]
    assert [t - times[0] for t in times] == [0, 0, 6, 6]  # null times take the one before


def test_a_conversation_that_grew_gets_only_its_new_turns(
    store: str, realdata: Path, tmp_path: Path
) -> None:
    data = load(realdata / GPT)
    conv = data[0]
    mapping = conv["mapping"]
    last = conv["current_node"]
    older = mapping[last]["parent"]
    conv["current_node"] = older
    user = accounts.register("alice", "secret1")
    import_chats(user, write(tmp_path / "before.json", data))
    assert Message.select().count() == 9
    conv["current_node"] = last
    report = import_chats(user, write(tmp_path / "after.json", data))
    assert (report.chats_updated, report.messages_added) == (1, 1)
    chat = Chat.get()
    assert chat.message_count == 10 and chat.last_preview.startswith("Forests, like ponds")
    # continued on another branch since: the new branch's turns come after the stored ones
    stored = [m.content for m in Message.select().order_by(Message.id)]
    mapping["x"] = node("x", older, msg("user", text("A different question"), 1750537600.0))
    mapping["x"]["message"]["id"] = "x"
    mapping["y"] = node("y", "x", msg("assistant", text("A different answer"), 1750537601.0))
    mapping["y"]["message"]["id"] = "y"
    conv["current_node"] = "y"
    report = import_chats(user, write(tmp_path / "branch.json", data))
    assert (report.chats_updated, report.messages_added, report.skipped) == (1, 2, [])
    contents = [m.content for m in Message.select().order_by(Message.id)]
    assert contents[:10] == stored
    assert contents[10:] == ["A different question", "A different answer"]
    assert Chat.get().last_preview == "A different answer"
    assert import_chats(user, write(tmp_path / "branch.json", data)).unchanged == 1


def test_broken_json_keeps_what_came_before(
    sqlite_store: str, realdata: Path, tmp_path: Path
) -> None:
    raw = (realdata / CLAUDE).read_bytes()
    cut = raw.index(b'"uuid": "', len(raw) // 2)
    path = tmp_path / "conversations.json"
    path.write_bytes(raw[:cut])
    user = accounts.register("alice", "secret1")
    with pytest.raises(InputError, match="breaks off after conversation"):
        import_chats(user, path)
    assert 0 < Chat.select().count() < 85


def test_unknown_and_missing_inputs(sqlite_store: str, realdata: Path, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    with pytest.raises(InputError, match="no such file"):
        import_chats(user, tmp_path / "nope.json")
    with pytest.raises(InputError, match="not a format ChatDesk knows"):
        import_chats(user, write(tmp_path / "x.json", {"hello": "world"}))
    with pytest.raises(InputError, match="not valid JSON"):
        (tmp_path / "y.json").write_text("not json", encoding="utf-8")
        import_chats(user, tmp_path / "y.json")
    prompts = realdata / "prompts" / "f_awesome-chatgpt-prompts__prompts.csv"
    assert input_kind(prompts) == "prompts" and input_kind(realdata / GPT) == "chats"
    with pytest.raises(InputError, match="prompt collection"):
        import_chats(user, prompts)
    assert import_chats(user, write(tmp_path / "empty.json", [])).conversations == 0


def test_progress_and_cancel(sqlite_store: str, realdata: Path) -> None:
    user = accounts.register("alice", "secret1")
    seen: list[ImportProgress] = []
    import_chats(user, realdata / CLAUDE, progress=seen.append)
    size = (realdata / CLAUDE).stat().st_size
    assert seen[-1] == ImportProgress(size, size, 85)
    dones = [p.done for p in seen]
    assert dones == sorted(dones) and len(set(dones)) > 2
    stop = threading.Event()

    def progress(p: ImportProgress) -> None:
        if p.conversations == 10:
            stop.set()

    bob = accounts.register("bob", "secret1")
    report = import_chats(bob, realdata / CLAUDE, progress=progress, cancel=stop.is_set)
    assert report.cancelled and report.conversations == 10
    assert Chat.select().where(Chat.user == bob.id).count() == 10


def test_odd_text_and_long_ids_store_on_every_backend(store: str, tmp_path: Path) -> None:
    """NUL characters and lone surrogates (PostgreSQL and UTF-8 refuse them), ids over 255."""
    long_id = "x" * 300
    path = tmp_path / "sharegpt.json"
    turns = (
        '[{"from": "human", "value": "nul\\u0000 here"}, {"from": "gpt", "value": "half \\ud83d"}]'
    )
    path.write_text(f'[{{"id": "{long_id}", "conversations": {turns}}}]', encoding="utf-8")
    user = accounts.register("alice", "secret1")
    report = import_chats(user, path)
    assert (report.chats_added, report.skipped) == (1, [])
    chat = Chat.get()
    assert chat.source_id.startswith("sha256:") and len(chat.source_id) == 71
    assert chat.title == "nul here"
    contents = [m.content for m in Message.select().order_by(Message.id)]
    # ijson's C backend already reads a lone surrogate as "?"; clean() covers the others
    assert contents in (["nul here", "half ?"], ["nul here", "half \ufffd"])
    assert clean("a \ud83d b\x00") == "a \ufffd b"
    assert import_chats(user, path).unchanged == 1  # the hashed id still matches


def test_claude_tree_tools_and_attachments(sqlite_store: str, tmp_path: Path) -> None:
    """Newer Claude exports: rebuild the thread from parent_message_uuid, keep tool turns."""
    root = "00000000-0000-4000-8000-000000000000"

    def turn(uuid: str, parent: str, sender: str, at: str, *blocks: Any, **extra: Any) -> Any:
        return {
            "uuid": uuid,
            "parent_message_uuid": parent,
            "sender": sender,
            "created_at": f"2025-03-01T10:00:{at}.000000Z",
            "text": "",
            "content": list(blocks),
            "attachments": [],
            "files": [],
            **extra,
        }

    def said(text: str) -> dict[str, Any]:
        return {"type": "text", "text": text, "citations": []}

    messages = [
        turn("a2b", "h2b", "assistant", "09", said("Second answer")),  # array order is not thread
        turn(
            "h1",
            root,
            "human",
            "01",
            said("Read this"),
            attachments=[
                {
                    "file_name": "notes.txt",
                    "file_size": 5,
                    "file_type": "txt",
                    "extracted_content": "hello",
                }
            ],
            files=[{"file_name": "notes.txt"}, {"file_name": "photo.png"}],
        ),
        turn(
            "a1",
            "h1",
            "assistant",
            "02",
            {"type": "thinking", "thinking": "hmm", "summaries": []},
            {"type": "tool_use", "name": "web_search", "input": {"query": "北京"}},
            {
                "type": "tool_result",
                "name": "web_search",
                "content": [{"type": "text", "text": "found"}],
            },
            said("Done reading"),
        ),
        turn("h2", "a1", "human", "03", said("First try")),
        turn("a2", "h2", "assistant", "04", said("First answer")),
        turn("h2b", "a1", "human", "08", said("Second try")),
    ]
    data = [
        {
            "uuid": "conv-tree",
            "name": "",
            "created_at": "2025-03-01T10:00:00Z",
            "updated_at": "2025-03-01T10:00:09Z",
            "chat_messages": messages,
        }
    ]
    user = accounts.register("alice", "secret1")
    import_chats(user, write(tmp_path / "conversations.json", data))
    rows = [
        (m.source_id, m.role, m.kind, m.content, m.detail)
        for m in Message.select().order_by(Message.id)
    ]
    # issue 22: the thinking and the tool call are rows of their own, folded in the thread
    tool = json.dumps(
        {"input": '{\n  "query": "北京"\n}', "tool": "web_search"},
        ensure_ascii=False,
        sort_keys=True,
    )
    assert rows == [
        (
            "h1",
            "user",
            "text",
            "Read this\n\n[attachment: notes.txt]\nhello\n\n[file: photo.png]",
            None,
        ),
        ("a1:0", "assistant", "reasoning", "hmm", None),
        ("a1:1", "assistant", "tool", "found", tool),
        ("a1", "assistant", "text", "Done reading", None),
        ("h2b", "user", "text", "Second try", None),
        ("a2b", "assistant", "text", "Second answer", None),
    ]
    assert Chat.get().title == "Read this"


def one_line_error(user: Any, path: Path) -> str:
    with pytest.raises(InputError) as err:
        import_chats(user, path)
    message = str(err.value)
    assert "\n" not in message and "right here" not in message and "^" not in message
    return message


def test_a_damaged_zip_is_reported_as_one(
    sqlite_store: str, realdata: Path, tmp_path: Path
) -> None:
    user = accounts.register("alice", "secret1")
    good = tmp_path / "export.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(realdata / CLAUDE, "conversations.json")
        archive.writestr("users.json", "[]")
    raw = good.read_bytes()
    cut = tmp_path / "cut.zip"  # a download that stopped half-way: no index at the end
    cut.write_bytes(raw[: len(raw) // 2])
    message = one_line_error(user, cut)
    assert "damaged or unreadable zip archive" in message and "JSON" not in message
    noise = tmp_path / "noise.zip"
    noise.write_bytes(bytes(range(256)) * 8)
    assert "damaged or unreadable zip archive" in one_line_error(user, noise)
    unnamed = tmp_path / "export-download"  # no .zip suffix, but a zip's first bytes
    unnamed.write_bytes(raw[: len(raw) // 2])
    assert "damaged or unreadable zip archive" in one_line_error(user, unnamed)
    # the index is intact but the compressed data is not: found while reading, named too
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("conversations.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    broken = bytearray(raw)
    for at in range(start + 1000, start + 1064):
        broken[at] ^= 0x5A
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(broken))
    message = one_line_error(user, flipped)
    assert "flipped.zip:conversations.json: a damaged zip archive" in message
    assert "JSON" not in message.split(":", 2)[2]
    assert Chat.select().count() == 0


def test_json_errors_are_one_line_naming_line_and_column(
    sqlite_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = accounts.register("alice", "secret1")
    bad = tmp_path / "bad.json"
    bad.write_text('[\n  {"mapping": {},\n   "title": tru}\n]\n', encoding="utf-8")
    assert (
        one_line_error(user, bad) == "bad.json: not valid JSON: line 3, column 13: Expecting value"
    )
    cut = tmp_path / "cut.json"
    cut.write_text('[{"conversations": [{"from": "human", "value": "hi"}]},\n {"conv', "utf-8")
    message = one_line_error(user, cut)
    assert message.startswith("cut.json: the JSON breaks off after conversation 1: line 2, column")
    assert message.endswith("line 2, column 8: the file ends inside the JSON (cut off?)")
    latin = tmp_path / "latin.json"
    latin.write_bytes(
        '[{"conversations": [{"from": "human", "value": "caf\u00e9"}]}]'.encode("latin-1")
    )
    assert "line 1, column 52: not UTF-8 text" in one_line_error(user, latin)
    # above the size read again whole: the parser's own first line, still one line
    monkeypatch.setattr("chatdesk.importers.sources.LOCATE_MAX", 10)
    assert (
        one_line_error(user, bad)
        == "bad.json: not valid JSON: lexical error: invalid string in json text."
    )
    assert Chat.select().count() == 1  # the one before the cut, as before


def test_chatgpt_image_turns_keep_a_line_naming_the_file(
    sqlite_store: str, realdata: Path, tmp_path: Path
) -> None:
    """Issue 9 item 7: image turns (uploads, DALL·E and GPT-4o results) stay as placeholder lines
    naming the file, added here to the real export's thread (realdata has no image turn)."""
    [conv] = load(realdata / GPT)
    mapping, parent = conv["mapping"], conv["current_node"]
    upload = {
        "content_type": "image_asset_pointer",
        "asset_pointer": "file-service://file-Ab12",
        "width": 800,
        "height": 600,
    }
    dalle = {
        "content_type": "image_asset_pointer",
        "asset_pointer": "file-service://file-Gen1",
        "width": 1024,
        "height": 1024,
        "metadata": {"dalle": {"prompt": "A watercolour pond with lilies", "seed": 1}},
    }
    gpt4o = {
        "content_type": "image_asset_pointer",
        "asset_pointer": "sediment://file_000abc",
        "width": 1024,
        "height": 1536,
        "metadata": {"dalle": None, "generation": {"gen_id": "g1"}},
    }
    multimodal = {"content_type": "multimodal_text"}
    added = [
        msg(
            "user",
            {**multimodal, "parts": [upload, "What is in this photo?"]},
            metadata={"attachments": [{"id": "file-Ab12", "name": "pond.jpg"}]},
        ),
        msg("assistant", text("A pond with lilies.")),
        msg("user", text("Paint it as a watercolour.")),
        msg(
            "assistant",
            {"content_type": "code", "language": "json", "text": '{"prompt": "…"}'},
            recipient="dalle.text2im",
        ),
        {**msg("tool", {**multimodal, "parts": [dalle]}), "author": {"role": "tool"}},
        msg("tool", text("DALL·E displayed 1 images.")),
        msg("assistant", text("Here is your watercolour.")),
        msg("user", text("Once more, at dawn.")),
        # as exports mark some image tool results: hidden, yet the picture was in the thread
        msg(
            "tool",
            {**multimodal, "parts": [gpt4o, gpt4o]},
            metadata={
                "image_gen_title": "Pond at dawn",
                "is_visually_hidden_from_conversation": True,
            },
        ),
    ]
    for n, message in enumerate(added):
        node_id = f"added-{n}"
        mapping[node_id] = node(node_id, parent, {**message, "id": node_id, "create_time": 2e9})
        mapping[parent]["children"] = [node_id]
        parent = node_id
    conv["current_node"] = parent
    user = accounts.register("alice", "secret1")
    import_chats(user, write(tmp_path / "conversations.json", [conv]))
    rows = [(m.role, m.content) for m in Message.select().order_by(Message.id)]
    assert len(rows) == 10 + 7  # the real thread's 10 turns, then 7 of the 9 added
    assert rows[10:] == [
        ("user", "[image: pond.jpg, 800×600]\n\nWhat is in this photo?"),
        ("assistant", "A pond with lilies."),
        ("user", "Paint it as a watercolour."),
        ("tool", "[generated image: “A watercolour pond with lilies”, 1024×1024]"),
        ("assistant", "Here is your watercolour."),
        ("user", "Once more, at dawn."),
        ("tool", "[generated image: “Pond at dawn”, 1024×1536]"),  # once, and named
    ]


def test_claude_tags_become_markdown() -> None:
    from chatdesk.importers.claude import unwrap_tags

    text = (
        "Sure.\n\n<antThinking>Worth an artifact.\nTwo lines.</antThinking>\n\n"
        '<antArtifact identifier="sum" type="application/vnd.ant.code" language="python" '
        'title="Sum &quot;two&quot; numbers">\ndef add(a, b):\n    """```not a fence```"""\n'
        "    return a + b\n</antArtifact>\n\nDone. "
        '<antArtifact identifier="notes" type="text/markdown" title="Notes">\n# Heading\n'
        "```sh\nls\n```\n</antArtifact>"
    )
    assert unwrap_tags(text) == (
        "Sure.\n\n> **Thinking**\n>\n> Worth an artifact.\n> Two lines.\n\n"
        '**Sum "two" numbers**\n\n```python\ndef add(a, b):\n    """```not a fence```"""\n'
        "    return a + b\n```\n\nDone.\n\n**Notes**\n\n````markdown\n# Heading\n```sh\nls\n```\n"
        "````\n\n"
    )
    cut = unwrap_tags('<antArtifact title="Cut" type="text/html">\n<p>half')  # cut off
    assert cut.strip() == "**Cut**\n\n```html\n<p>half\n```"
    assert unwrap_tags("no tags <b>here</b>") == "no tags <b>here</b>"


def _sharegpt(tmp_path: Path, count: int, turns: int = 3) -> Path:
    records = [
        {
            "id": f"r{n}",
            "conversations": [
                {"from": "human" if t % 2 == 0 else "gpt", "value": f"记录 {n} turn {t} 批量"}
                for t in range(turns)
            ],
        }
        for n in range(count)
    ]
    return write(tmp_path / "sharegpt.json", records)


def test_a_failing_conversation_rolls_back_alone_inside_a_batch(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Conversations share a transaction (a savepoint each): one that fails half-written leaves
    nothing behind, its neighbours in the same batch land, and the index is complete."""
    import peewee as pw

    from chatdesk.services import importing, search

    user = accounts.register("alice", "secret1")
    original = importing.append_messages

    def failing(chat_id: int, messages: Sequence[NewMessage], *args: Any, **kw: Any) -> object:
        # written, then refused: the savepoint must undo it and the chat row
        written = original(chat_id, messages, *args, **kw)
        if "记录 4 " in messages[0][1]:
            raise pw.IntegrityError("refused for the test")
        return written

    monkeypatch.setattr(importing, "append_messages", failing)
    monkeypatch.setattr(importing, "BATCH_MESSAGES", 10)  # several batches, several per batch
    report = import_chats(user, _sharegpt(tmp_path, 9))
    assert (report.chats_added, report.messages_added) == (8, 24)
    assert [s.reason for s in report.skipped] == [
        "conflicts with a stored chat: refused for the test"
    ]
    assert Chat.select().where(Chat.user == user.id).count() == 8
    assert Message.select().join(Chat).where(Chat.user == user.id).count() == 24
    assert not Chat.select().where(Chat.source_id == "r4").exists()
    # searchable on return, without a background indexer: 3+ characters and 1-2 characters
    assert search.search(user, "批量")[1] == 24
    assert search.search(user, "turn 2 批量")[1] == 8
    assert search.search(user, "记录 4")[1] == 0
    monkeypatch.setattr(importing, "append_messages", original)
    again = import_chats(user, tmp_path / "sharegpt.json")
    assert (again.chats_added, again.unchanged, again.messages_added) == (1, 8, 3)
    assert search.search(user, "记录 4")[1] == 3


def test_searches_right_after_an_import_on_both_engines(store: str, tmp_path: Path) -> None:
    """The import's end leaves the index complete, on both engines: every kind of query finds
    the rows (3+ characters, 1-2, accented, across a space)."""
    from chatdesk.services import search

    user = accounts.register("alice", "secret1")
    records = [
        {
            "id": f"r{i}",
            "conversations": [
                {"from": "human", "value": f"导入后立刻搜索 question {i}"},
                {"from": "gpt", "value": f"answer é{i} 数据库"},
            ],
        }
        for i in range(40)
    ]
    report = import_chats(user, write(tmp_path / "sg.json", records))
    assert report.messages_added == 80
    hits = {q: search.search(user, q)[1] for q in ("立刻搜", "搜", "数据", "question 1", "é3")}
    assert hits == {"立刻搜": 40, "搜": 40, "数据": 40, "question 1": 11, "é3": 11}


def test_exports_named_by_title_or_date_are_found_in_a_folder_and_a_zip(
    store: str, realdata: Path, tmp_path: Path
) -> None:
    """LibreChat names an export by its chat's title, Open WebUI by the date: a folder or zip of
    them imports them (their starts are probed), leaving a project's JSON and a prompt
    collection beside them alone; a folder of such files alone is refused as before."""
    folder = tmp_path / "Downloads"
    (folder / "older").mkdir(parents=True)
    librechat = realdata / "librechat" / "danny-avila_LibreChat__librechat-linear.json"
    webui = realdata / "open-webui" / "yetanotherchris_openwebui-importer__webui-json.json"
    (folder / "Adventure Across Time and Space.json").write_bytes(librechat.read_bytes())
    (folder / "older" / "chat-export-1733000000000.json").write_bytes(webui.read_bytes())
    (folder / "package.json").write_text('{"name": "x", "version": "1.0.0"}')
    (folder / "prompts.json").write_text('[{"act": "Linux Terminal", "prompt": "I want"}]')
    alice = accounts.register("alice", "secret1")

    report = import_chats(alice, folder)

    assert report.per_format == {"librechat": 1, "openwebui": 1}
    assert (report.chats_added, report.skipped) == (2, [])
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in folder.rglob("*.json"):
            zipped.write(path, path.relative_to(folder).as_posix())
    bob = accounts.register("bob", "secret1")
    assert import_chats(bob, archive).per_format == {"librechat": 1, "openwebui": 1}
    assert import_chats(alice, archive).chats_added == 0
    (folder / "Adventure Across Time and Space.json").unlink()
    (folder / "older" / "chat-export-1733000000000.json").unlink()
    with pytest.raises(InputError, match="no chat export in this folder"):
        import_chats(alice, folder)


def test_a_file_refused_while_read_is_named_and_the_others_import(
    store: str, realdata: Path, tmp_path: Path
) -> None:
    """Of a folder of several files, one refused only once it is read (a Cherry Studio direct
    backup's metadata.json, a JSON file broken past its start) is skipped and named; the
    others import (before, the first such file ended the whole import)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    fixtures = Path(__file__).parent / "fixtures"
    (folder / "metadata.json").write_bytes(
        (fixtures / "cherry-studio" / "direct-metadata.json").read_bytes()
    )
    librechat = realdata / "librechat" / "danny-avila_LibreChat__librechat-linear.json"
    (folder / "zz Adventure.json").write_bytes(librechat.read_bytes())
    alice = accounts.register("alice", "secret1")

    report = import_chats(alice, folder)

    assert report.per_format.get("librechat") == 1 and report.chats_added == 1
    [skipped] = report.skipped
    assert skipped.name.endswith("metadata.json") and "direct backup" in skipped.reason
    with pytest.raises(InputError, match="direct backup"):  # alone, it is refused as before
        import_chats(alice, folder / "metadata.json")
