"""Export to Markdown, HTML and JSON; the JSON reads back losslessly."""

from __future__ import annotations

import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from chatdesk.services import accounts, chats
from chatdesk.services.errors import ServiceError
from chatdesk.services.exporting import (
    ExportCancelled,
    export_to_file,
    selected_chats,
    write_chats,
)
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, Message, User

CLAUDE = "claude/yetanotherchris_openwebui-importer__claude_example.json"
GPT = "chatgpt/yetanotherchris_openwebui-importer__gpt_example.json"
TRICKY = 'Use <script>alert("x")</script> & "quotes"\n  indented\n\n中文 — ✓'


def snapshot(user: User) -> list[tuple[object, ...]]:
    """Everything the round trip must keep, chat by chat in creation order."""
    out: list[tuple[object, ...]] = []
    for chat in Chat.select().where(Chat.user == user.id).order_by(Chat.created_at, Chat.title):
        messages = Message.select().where(Message.chat == chat.id).order_by(Message.id)
        out.append(
            (
                chat.title,
                chat.chat_key,
                chat.created_at,
                chat.updated_at,
                chat.pinned,
                chat.message_count,
                chat.last_preview,
                tuple((m.role, m.content, m.created_at) for m in messages),
            )
        )
    return out


def local_chat(user: User) -> Chat:
    summary = chats.create_chat(user, "Mine <b>bold</b>")
    chats.add_message(user, summary.id, "user", TRICKY)
    chats.add_message(user, summary.id, "assistant", "```py\nprint('hi')\n```")
    chats.set_pinned(user, [summary.id], True)
    return Chat.get_by_id(summary.id)


def test_json_round_trip_is_lossless(store: str, realdata: Path, tmp_path: Path) -> None:
    alice = accounts.register("alice", "secret1")
    import_chats(alice, realdata / CLAUDE)
    import_chats(alice, realdata / GPT)
    local_chat(alice)
    out = tmp_path / "all.json"
    assert export_to_file(alice, out, "json") == 87
    bob = accounts.register("bob", "secret1")
    report = import_chats(bob, out)
    assert (report.formats, report.chats_added, report.skipped) == (["chatdesk"], 87, [])
    assert snapshot(bob) == snapshot(alice)
    assert import_chats(bob, out).unchanged == 87  # and a second time adds nothing
    # chats keep where they first came from: alice's own import of her export adds nothing,
    # her hand-made chat included
    before = snapshot(alice)
    again = import_chats(alice, out)
    assert (again.unchanged, again.chats_added, again.messages_added) == (87, 0, 0)
    assert snapshot(alice) == before


def exported(user: User) -> list[dict[str, object]]:
    out = io.StringIO()
    write_chats(selected_chats(user), out, "json")
    chats_: list[dict[str, object]] = json.loads(out.getvalue())["chats"]
    return chats_


def test_round_trip_keeps_api_keys_and_adds_nothing_twice(
    store: str, realdata: Path, tmp_path: Path
) -> None:
    alice = accounts.register("alice", "secret1")
    assert chats.add_chat(alice, "native1", "From the API", "**hi** ~~there~~", "user")
    chats.add_chat(alice, "native1", "", "an answer", "assistant")
    chats.set_pinned(alice, [chats.find_chat(alice, chat_key="native1")], True)
    local_chat(alice)
    import_chats(alice, realdata / GPT)
    gpt = Chat.get(Chat.user == alice.id, Chat.source == "chatgpt")
    chats.add_message(alice, gpt.id, "user", "typed in ChatDesk after the import")
    out = tmp_path / "all.json"
    assert export_to_file(alice, out, "json") == 3
    record = next(
        c for c in json.loads(out.read_text("utf-8"))["chats"] if c["title"] == "From the API"
    )
    assert record["chat_key"] == "native1"

    bob = accounts.register("bob", "secret1")  # a fresh account: keys are per user
    report = import_chats(bob, out)
    assert (report.chats_added, report.skipped) == (3, [])
    assert snapshot(bob) == snapshot(alice)
    assert exported(bob) == exported(alice)  # every field, every message's id too
    native = chats.find_chat(bob, chat_key="native1")
    assert chats.history(native) == [("user", "**hi** ~~there~~"), ("assistant", "an answer")]
    assert chats.add_chat(bob, "native1", "", "more") is False  # the same chat, not a second

    before = snapshot(alice)
    again = import_chats(alice, out)  # one's own export, into the same account
    assert (again.chats_added, again.chats_updated, again.messages_added) == (0, 0, 0)
    assert again.unchanged == 3 and snapshot(alice) == before
    assert Chat.select().where(Chat.user == alice.id).count() == 3
    assert import_chats(bob, out).messages_added == 0  # bob's extra message stays, nothing doubles


def test_markdown_and_html(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    chat = local_chat(user)
    Chat.update(created_at=dt.datetime(2025, 1, 2, 3, 4, 5)).where(Chat.id == chat.id).execute()
    md = tmp_path / "out.md"
    export_to_file(user, md, "md", chat_ids=[chat.id])
    text = md.read_text(encoding="utf-8")
    # the title escaped as the folder and tag names are: Markdown shows it as it is written
    assert text.startswith("# Mine \\<b\\>bold\\</b\\>\n\n*2025-01-02 03:04 UTC · 2 messages*\n")
    assert "\n## User · " in text and "\n## Assistant · " in text
    assert TRICKY in text and "```py\nprint('hi')\n```" in text
    page = tmp_path / "out.html"
    export_to_file(user, page, "html", chat_keys=[chat.chat_key])
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert "<h1>Mine &lt;b&gt;bold&lt;/b&gt;</h1>" in html
    assert "中文 — ✓" in html and '<meta charset="utf-8">' in html


def test_several_chats_in_one_file_and_selection(sqlite_store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    first = chats.create_chat(user, "First")
    second = chats.create_chat(user, "Second")
    other = chats.create_chat(accounts.register("bob", "secret1"), "Bob's")
    assert [c.title for c in selected_chats(user, [second.id, first.id])] == ["Second", "First"]
    with pytest.raises(ServiceError) as err:
        selected_chats(user, [other.id])  # not hers
    assert err.value.code == 3001
    chats.delete_chats(user, [first.id])
    assert [c.title for c in selected_chats(user)] == ["Second"]
    out = io.StringIO()
    assert write_chats(selected_chats(user), out, "json") == 1
    assert [c["title"] for c in json.loads(out.getvalue())["chats"]] == ["Second"]


def test_cancel_leaves_no_file(sqlite_store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    for n in range(3):
        chats.create_chat(user, f"Chat {n}")
    seen: list[tuple[int, int]] = []
    target = tmp_path / "exports" / "out.md"
    with pytest.raises(ExportCancelled):
        export_to_file(
            user,
            target,
            "md",
            progress=lambda d, t: seen.append((d, t)),
            cancel=lambda: len(seen) == 2,
        )
    assert seen == [(1, 3), (2, 3)]
    assert list(target.parent.iterdir()) == []
    with pytest.raises(ValueError, match="unknown export format"):
        export_to_file(user, target, "pdf")


RICH = """Some **bold** and `inline` code, ~~gone~~.

- first
- second

| name | value |
|------|-------|
| a    | 1     |

```python
def answer():
    return 42
```

<script>alert("x")</script> <b>raw</b>
"""


class Page(HTMLParser):
    """The exported page as (tag, attrs, text inside) for every element, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.elements: list[tuple[str, dict[str, str | None], str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("meta", "br", "hr", "img", "input", "link"):
            self.open.append((tag, dict(attrs), []))
        else:
            self.elements.append((tag, dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, attrs, parts = self.open.pop()
            self.elements.append((name, attrs, "".join(parts)))
            if self.open:
                self.open[-1][2].extend(parts)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.open:
            self.open[-1][2].append(data)

    def find(self, tag: str) -> list[tuple[dict[str, str | None], str]]:
        return [(attrs, text) for name, attrs, text in self.elements if name == tag]


def test_html_export_renders_markdown_and_keeps_raw_html_as_text(
    sqlite_store: str, tmp_path: Path
) -> None:
    user = accounts.register("alice", "secret1")
    chat = chats.create_chat(user, "Rich")
    chats.add_message(user, chat.id, "assistant", RICH)
    target = tmp_path / "rich.html"
    export_to_file(user, target, "html")
    page = Page()
    page.feed(target.read_text("utf-8"))
    page.close()
    assert ("bold" in [t for _, t in page.find("strong")]) and page.find("del")
    assert [t for _, t in page.find("li")] == ["first", "second"]
    assert [t for _, t in page.find("th")] == ["name", "value"]
    assert [t for _, t in page.find("td")] == ["a", "1"] and len(page.find("table")) == 1
    assert "inline" in [t for _, t in page.find("code")]
    ((pre_attrs, pre_text),) = page.find("pre")
    assert pre_attrs["class"] == "code" and pre_attrs["data-lang"] == "python"
    assert pre_text == "def answer():\n    return 42"
    highlighted = [a["style"] for a, t in page.find("span") if t == "def"]
    assert highlighted and "color" in str(highlighted[0])  # Pygments, inline styles
    # the styles travel in the file: table grid lines, monospaced code
    ((_, css),) = page.find("style")
    assert "border: 1px solid" in css and "monospace" in css
    assert not page.find("link") and not page.find("script") and not page.find("b")
    text = "".join(page.text)
    assert '<script>alert("x")</script> <b>raw</b>' in text  # shown as text, never run
    assert "**" not in text and "```" not in text and "|---" not in text


def test_a_key_taken_by_another_chat_is_not_merged_into(store: str, tmp_path: Path) -> None:
    alice = accounts.register("alice", "secret1")
    chats.add_chat(alice, "native1", "Alice's", "alice asks", "user")
    out = tmp_path / "alice.json"
    export_to_file(alice, out, "json")
    bob = accounts.register("bob", "secret1")
    chats.add_chat(bob, "native1", "Bob's own", "bob asks", "user")  # the same key, another chat
    report = import_chats(bob, out)
    assert (report.chats_added, report.chats_updated, report.skipped) == (1, 0, [])
    own = chats.find_chat(bob, chat_key="native1")
    assert chats.history(own) == [("user", "bob asks")]  # untouched
    copy = chats.find_chat(bob, chat_key="chatdesk:native1")
    assert chats.history(copy) == [("user", "alice asks")]
    assert import_chats(bob, out).unchanged == 1
    # alice's own chat, grown since her export, still takes the export as itself
    chats.add_chat(alice, "native1", "", "a later question", "user")
    again = import_chats(alice, out)
    assert (again.unchanged, again.chats_added, again.messages_added) == (1, 0, 0)


class _Loads(HTMLParser):
    """Every address a browser would load by itself from a page (not a link's)."""

    LOADING: ClassVar[set[tuple[str, str]]] = {
        ("img", "src"),
        ("img", "srcset"),
        ("script", "src"),
        ("link", "href"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("object", "data"),
        ("embed", "src"),
        ("image", "href"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.csp = ""
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.loads += [str(v) for a, v in attrs if (tag, a) in self.LOADING]
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = str(values.get("content"))
        if tag == "a":
            self.links.append(str(values.get("href")))


def test_the_html_export_loads_nothing_remote(store: str, tmp_path: Path) -> None:
    """An image in a chat is a link in the page, and the page's policy refuses any load but
    its own styles (a remote image would tell its server when the export is opened)."""
    user = accounts.register("alice", "secret1")
    chat = chats.create_chat(user, "Pictures")
    tracker = "https://tracker.example/pixel.png?u=alice"
    chats.add_message(
        user, chat.id, "assistant", f"Look: ![a chart]({tracker}) and ![](/etc/passwd)"
    )
    page = tmp_path / "out.html"
    export_to_file(user, page, "html", chat_ids=[chat.id])
    parser = _Loads()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.loads == []
    policy = {d.split()[0]: d.split()[1:] for d in parser.csp.split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"] and policy["style-src"] == ["'unsafe-inline'"]
    assert tracker.replace("&", "&amp;") in parser.links  # shown as a link, with its address
    text = page.read_text(encoding="utf-8")
    assert f"a chart ({tracker})" in text and "(/etc/passwd)" not in text.replace(
        ">/etc/passwd<", ""
    )


def test_markdown_export_escapes_titles_like_folder_and_tag_names(
    store: str, tmp_path: Path
) -> None:
    user = accounts.register("alice", "secret1")
    chats.create_chat(user, "# [click](https://evil.example) ![x](/dev/zero) *bold*")
    out = tmp_path / "out.md"
    export_to_file(user, out, "md")
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first == (
        "# \\# \\[click\\]\\(https://evil\\.example\\) \\!\\[x\\]\\(/dev/zero\\) \\*bold\\*"
    )


def test_html_export_keeps_the_line_breaks_of_a_message(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    chat = chats.create_chat(user, "Lines")
    chats.add_message(user, chat.id, "user", "line one\nline two\nline three")
    chats.add_message(user, chat.id, "assistant", "Steps:\n1. first\n2. second\n\nDone.")
    page = tmp_path / "out.html"
    export_to_file(user, page, "html", chat_ids=[chat.id])
    text = page.read_text(encoding="utf-8")
    assert "<p>line one<br />\nline two<br />\nline three</p>" in text
    assert "<p>Steps:</p>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n<p>Done.</p>" in text


def test_json_round_trip_keeps_an_agent_sessions_project(
    store: str, realdata: Path, tmp_path: Path
) -> None:
    """A coding agent's session exported to JSON and imported elsewhere keeps its working
    directory and git branch (shown in the thread's bar), besides its source and messages."""
    from chatdesk.store.models import AgentSession

    session = "claude-code/d-kimuson_claude-code-viewer__5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl"
    alice = accounts.register("alice", "secret1")
    import_chats(alice, realdata / session)
    [mine] = Chat.select().where(Chat.user == alice.id)
    AgentSession.update(branch="feature/测试").where(AgentSession.chat == mine.id).execute()
    project = AgentSession.get_by_id(mine.id)
    assert project.workdir
    out = tmp_path / "agents.json"
    export_to_file(alice, out, "json")
    bob = accounts.register("bob", "secret1")
    assert import_chats(bob, out).chats_added == 1
    [theirs] = Chat.select().where(Chat.user == bob.id)
    copy = AgentSession.get_by_id(theirs.id)
    assert (copy.workdir, copy.branch) == (project.workdir, "feature/测试")
    assert (theirs.source, theirs.source_id) == (mine.source, mine.source_id)
