"""What an import does with what every importer hands it (issue 20, items 3, 6, 10; issue 21,
items 9 and 13): messages cut at the limit with a note, stray control characters taken out and
counted, a conversation with a repeated message id skipped and named, a ChatGPT conversation
that is all loop skipped and named, and repeats inside one file counted apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chatdesk.services import accounts
from chatdesk.services.importing import import_chats
from chatdesk.services.prompt_collections import import_prompts
from chatdesk.services.validation import CONTENT_MAX
from chatdesk.store.models import Chat, Message, Prompt


def node(node_id: str, parent: str | None, children: list[str], text: str | None) -> Any:
    message = None
    if text is not None:
        message = {
            "id": node_id,
            "author": {"role": "user"},
            "content": {"content_type": "text", "parts": [text]},
            "create_time": 2,
        }
    return {"id": node_id, "parent": parent, "children": children, "message": message}


def conversation(cid: str, title: str, mapping: dict[str, Any], current: str | None) -> Any:
    return {
        "title": title,
        "id": cid,
        "create_time": 1,
        "current_node": current,
        "mapping": mapping,
    }


def simple(cid: str, title: str, *texts: str) -> Any:
    mapping = {"root": node("root", None, ["m0"], None)}
    for i, text in enumerate(texts):
        nxt = [f"m{i + 1}"] if i + 1 < len(texts) else []
        mapping[f"m{i}"] = node(f"m{i}", "root" if i == 0 else f"m{i - 1}", nxt, text)
    return conversation(cid, title, mapping, f"m{len(texts) - 1}")


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_repeated_message_id_skips_that_conversation_only(store: str, tmp_path: Path) -> None:
    """Before: sqlite3.IntegrityError out of the import, nothing imported."""
    user = accounts.register("alice", "secret1")
    damaged = simple("c2", "Damaged", "one", "two")
    damaged["mapping"]["m1"]["message"]["id"] = "m0"  # two messages named m0
    path = write(tmp_path / "c.json", [simple("c1", "Fine", "a"), damaged, simple("c3", "Also")])
    report = import_chats(user, path)
    assert report.chats_added == 2
    assert [s.name for s in report.skipped] == ["'Damaged' (c2)"]
    assert "same id" in report.skipped[0].reason
    assert sorted(c.title for c in Chat.select()) == ["Also", "Fine"]


def test_a_chatgpt_conversation_that_is_all_loop_is_skipped_and_named(
    store: str, tmp_path: Path
) -> None:
    """Before: an empty chat, without a word."""
    user = accounts.register("alice", "secret1")
    loop = {
        "a": node("a", "b", ["b"], "first"),
        "b": node("b", "a", ["a"], "second"),
    }
    path = write(
        tmp_path / "c.json", [conversation("c1", "Loop", loop, None), simple("c2", "Ok", "x")]
    )
    report = import_chats(user, path)
    assert report.chats_added == 1
    assert [s.name for s in report.skipped] == ["'Loop' (c1)"]
    assert "loop" in report.skipped[0].reason
    assert [c.title for c in Chat.select()] == ["Ok"]


def test_an_empty_chatgpt_conversation_still_imports(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    path = write(tmp_path / "c.json", [conversation("c1", "Empty", {}, None)])
    assert import_chats(user, path).chats_added == 1


def test_a_message_over_the_limit_is_cut_with_a_note(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    path = write(tmp_path / "c.json", [simple("c1", "Long", "y" * (CONTENT_MAX + 5000), "short")])
    report = import_chats(user, path)
    assert (report.chats_added, report.messages_cut, report.messages_added) == (1, 1, 2)
    long, short = [m.content for m in Message.select().order_by(Message.id)]
    assert len(long) == CONTENT_MAX and short == "short"
    kept = len(long) - len(long.lstrip("y"))
    assert long.endswith(
        f"was {CONTENT_MAX + 5000:,} characters long; the first {kept:,} are kept]"
    )
    assert kept > CONTENT_MAX - 200


def test_stray_control_characters_are_taken_out_and_counted(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    text = "a\x1eb\x1f\tc\r\nd\x07"
    path = write(tmp_path / "c.json", [simple("c1", "Ctl", text)])
    report = import_chats(user, path)
    assert report.controls_removed == 3
    assert Message.get().content == "a b\tc\r\nd"


def test_repeats_inside_the_file_are_counted_apart(store: str, tmp_path: Path) -> None:
    """Before: a first import said "Already imported, unchanged: 2" for these."""
    user = accounts.register("alice", "secret1")
    one, two = simple("c1", "One", "x"), simple("c2", "Two", "y")
    path = write(tmp_path / "c.json", [one, two, one, two, one])
    report = import_chats(user, path)
    assert (report.chats_added, report.repeated, report.unchanged) == (2, 3, 0)
    again = import_chats(user, path)
    assert (again.chats_added, again.unchanged, again.repeated) == (0, 2, 3)


def test_prompts_with_control_characters_are_kept_clean(store: str, tmp_path: Path) -> None:
    """Issue 21, item 9: 15 of 1,529 prompts of a real CSV were refused for U+001E/U+001F."""
    path = tmp_path / "prompts.csv"
    path.write_text(
        'act,prompt\nSep\x1earator,"Say\x1fhello\x1e"\nPlain,"fine\ttext"\n', encoding="utf-8"
    )
    report = import_prompts(path)
    assert (report.added, len(report.invalid), report.controls_removed) == (2, 0, 3)
    texts = {
        p.title: p.text for p in Prompt.select().where(Prompt.title.in_(["Sep arator", "Plain"]))
    }
    assert texts == {"Sep arator": "Say hello", "Plain": "fine\ttext"}
