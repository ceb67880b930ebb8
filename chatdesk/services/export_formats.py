"""The three export layouts, each written a chat at a time: Markdown, HTML and ChatDesk JSON.

The HTML renders each message's Markdown as the app does (:mod:`chatdesk.services.markdown`),
its raw HTML escaped and its images written as links, with its styles in the file, so that it
opens anywhere on its own. Its Content-Security-Policy (:data:`HTML_POLICY`) lets the page
load nothing but its inline styles (and ``data:`` images): opening an export tells no server
anything. Markdown escapes the chat's title, folder and tag names (:func:`_md_text`), so a
title shows as it is written and never as a link or an image.

The JSON is what :mod:`chatdesk.importers.native` reads back: every title, role, text, time,
order and source id survives the round trip, and (version 2) every chat's filing: pin, archive,
folder path and tags, with the folders (and their order) and tags listed at the head, and
(version 3) each message's kind, model and detail, and a coding agent's session's working
directory and git branch. Markdown and HTML show a chat's folder and tags under its title, and
its reasoning and tool calls folded (``<details>``: "Thought for 12 s", "Ran Bash · 3 lines").
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable
from typing import Protocol, TextIO

from chatdesk.importers import CHATDESK_MARK, native, to_iso
from chatdesk.importers.model import REASONING, TEXT, Detail, read_detail
from chatdesk.services.markdown import to_page_html
from chatdesk.services.organize_io import Filing
from chatdesk.store.models import Chat, Message, utcnow

ROLE_LABELS = {"user": "User", "assistant": "Assistant", "system": "System", "tool": "Tool"}
#: 1: chats, messages, pin. 2 (issue 13): archive, folders and tags too. 3 (issue 22): a
#: message's kind, model and detail (a tool call's name, input and error; a step's seconds).
JSON_VERSION = 3
#: How a folder path is written in Markdown and HTML.
PATH_SEPARATOR = " / "


class Writer(Protocol):
    def begin(self) -> None: ...
    def chat(self, chat: Chat, messages: Iterable[Message]) -> None: ...
    def end(self) -> None: ...


def writer(fmt: str, out: TextIO, filing: Filing | None = None) -> Writer:
    """The writer for ``fmt`` ("md", "json" or "html"); ``filing`` says where each chat is
    filed (none is, without it)."""
    writers: dict[str, type[Writer]] = {"md": Markdown, "json": Json, "html": Html}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (md, json or html)")
    return writers[fmt](out, filing or Filing())  # type: ignore[call-arg]


def _filed(chat: Chat, filing: Filing) -> list[str]:
    """The parts of a chat's header that say where it is filed, in plain text."""
    parts = []
    if chat.pinned:
        parts.append("Pinned")
    if chat.archived_at is not None:
        parts.append("Archived")
    path = filing.path(chat.folder_id)
    if path:
        parts.append("Folder: " + PATH_SEPARATOR.join(path))
    names = [name for name, _ in filing.tags_of(chat.id)]
    if names:
        parts.append("Tags: " + ", ".join(names))
    return parts


def _when(value: dt.datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class Markdown:
    def __init__(self, out: TextIO, filing: Filing) -> None:
        self.out = out
        self.filing = filing
        self.first = True

    def begin(self) -> None:
        pass

    def chat(self, chat: Chat, messages: Iterable[Message]) -> None:
        if not self.first:
            self.out.write("\n\n---\n\n")
        self.first = False
        self.out.write(f"# {_md_text(chat.title)}\n\n")
        self.out.write(f"*{_when(chat.created_at)} · {chat.message_count} messages*\n")
        filed = _filed(chat, self.filing)
        if filed:
            self.out.write("\n" + " · ".join(_md_text(p) for p in filed) + "\n")
        for m in messages:
            if m.kind != TEXT:
                self.out.write(_md_folded(m))
                continue
            self.out.write(f"\n## {ROLE_LABELS.get(m.role, m.role)} · {_when(m.created_at)}\n\n")
            self.out.write(m.content.rstrip("\n") + "\n")

    def end(self) -> None:
        pass


#: What the exported page may load: nothing from anywhere but its own inline styles (no remote
#: image, font, script or frame; a ``data:`` image is inside the file already).
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

HTML_HEAD = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@POLICY@">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ChatDesk export</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
article { margin-bottom: 3rem; }
.meta, time { color: #666; font-size: .85rem; }
.message { margin: 1rem 0; padding: .75rem 1rem; border-radius: .5rem; background: #f4f4f5; }
.message.user { background: #e8f0fe; }
.message.system, .message.tool { background: #fdf6e3; }
details.message { background: #f7f7f8; padding: .4rem 1rem; }
details.message summary { cursor: pointer; color: #555; font-size: .9rem; }
details.message pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85em; }
details.message pre.input { color: #555; }
.content { overflow-wrap: anywhere; }
.content > :first-child { margin-top: .25rem; }
.content > :last-child { margin-bottom: 0; }
.content table { border-collapse: collapse; margin: .5rem 0; background: #fff; }
.content th, .content td { border: 1px solid #bbb; padding: .25rem .6rem; text-align: left; }
.content th { background: #eee; }
.content code, .content pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas,
       "Liberation Mono", monospace; font-size: .9em; }
.content :not(pre) > code { background: rgba(0, 0, 0, .06); padding: .1em .3em;
       border-radius: .25rem; }
.content pre.code { padding: .75rem 1rem; border-radius: .4rem; overflow-x: auto;
       white-space: pre; line-height: 1.4; }
.content pre.code[data-lang]::before { content: attr(data-lang); display: block; color: #8b949e;
       font-size: .8em; margin-bottom: .25rem; }
.filing { font-size: .85rem; }
.filing span { display: inline-block; margin-right: .35rem; padding: 0 .45rem;
       border: 1px solid #bbb; border-radius: .6rem; color: #444; }
.content blockquote { margin: .5rem 0; padding-left: .75rem; border-left: 3px solid #ccc;
       color: #555; }
</style>
</head>
<body>
""".replace("@POLICY@", HTML_POLICY)


def folded_label(kind: str, detail: Detail, content: str) -> str:
    """How a reasoning or tool row is named when folded: "Thought for 12 s", "Thinking",
    "Ran Bash · 3 lines" (the English of the exports; the windows translate their own)."""
    if kind == REASONING:
        if detail.seconds is not None:
            return f"Thought for {max(1, round(detail.seconds))} s"
        return "Thinking"
    lines = len(content.splitlines())
    name = detail.tool or "a tool"
    failed = " · failed" if detail.error else ""
    return f"Ran {name} · {lines} line{'s' if lines != 1 else ''}{failed}"


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _md_folded(m: Message) -> str:
    """A reasoning or tool row in Markdown: a collapsed ``<details>`` (GitHub and most viewers
    fold it) holding the thinking as a quote, or the call's input and result as code."""
    detail = read_detail(m.detail)
    label = html.escape(folded_label(m.kind, detail, m.content))
    body = m.content.rstrip("\n")
    if m.kind == REASONING:
        inner = "\n".join(f"> {line}".rstrip() for line in body.splitlines())
    else:
        parts = []
        if detail.input:
            parts.append(f"{_fence(detail.input)}\n{detail.input}\n{_fence(detail.input)}")
        if body:
            parts.append(f"{_fence(body)}\n{body}\n{_fence(body)}")
        inner = "\n\n".join(parts)
    return f"\n<details><summary>{label}</summary>\n\n{inner}\n\n</details>\n"


def _md_text(text: str) -> str:
    """Text that Markdown shows as it is (its markup characters escaped)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-.!|~" else ch for ch in _one_line(text))


class Html:
    def __init__(self, out: TextIO, filing: Filing) -> None:
        self.out = out
        self.filing = filing

    def begin(self) -> None:
        self.out.write(HTML_HEAD)

    def chat(self, chat: Chat, messages: Iterable[Message]) -> None:
        e = html.escape
        self.out.write(f"<article>\n<h1>{e(chat.title)}</h1>\n")
        self.out.write(
            f'<p class="meta">{e(_when(chat.created_at))} · {chat.message_count} messages</p>\n'
        )
        self._filing(chat)
        for m in messages:
            if m.kind != TEXT:
                self._folded(m)
                continue
            role = m.role if m.role in ROLE_LABELS else "other"
            self.out.write(
                f'<section class="message {role}">\n'
                f"<strong>{e(ROLE_LABELS.get(m.role, m.role))}</strong> "
                f'<time datetime="{to_iso(m.created_at)}">{e(_when(m.created_at))}</time>\n'
                f'<div class="content">\n{to_page_html(m.content)}\n</div>\n</section>\n'
            )
        self.out.write("</article>\n")

    def _folded(self, m: Message) -> None:
        """A reasoning or tool row: a closed ``<details>``, its label the summary."""
        e = html.escape
        detail = read_detail(m.detail)
        label = folded_label(m.kind, detail, m.content)
        if m.kind == REASONING:
            body = f'<div class="content">\n{to_page_html(m.content)}\n</div>'
        else:
            given = f'<pre class="input">{e(detail.input)}</pre>\n' if detail.input else ""
            body = f'{given}<pre class="result">{e(m.content)}</pre>'
        self.out.write(
            f'<details class="message {e(m.kind)}"><summary>{e(label)}</summary>\n'
            f"{body}\n</details>\n"
        )

    def _filing(self, chat: Chat) -> None:
        e = html.escape
        parts = []
        if chat.pinned:
            parts.append('<span class="flag">Pinned</span>')
        if chat.archived_at is not None:
            parts.append('<span class="flag">Archived</span>')
        path = self.filing.path(chat.folder_id)
        if path:
            parts.append(f'<span class="folder">Folder: {e(PATH_SEPARATOR.join(path))}</span>')
        for name, color in self.filing.tags_of(chat.id):
            style = f' style="border-color: {color}"' if color else ""
            parts.append(f'<span class="tag"{style}>{e(name)}</span>')
        if parts:
            self.out.write(f'<p class="filing">{" ".join(parts)}</p>\n')

    def end(self) -> None:
        self.out.write("</body>\n</html>\n")


def _json_message(m: Message, source_id: str) -> dict[str, object]:
    """A message of the JSON export: role, content, time, id; and (version 3) its kind and
    model, and a tool call's ``tool``, ``input``, ``error`` or a step's ``seconds`` where set."""
    record: dict[str, object] = {
        "role": m.role,
        "content": m.content,
        "created_at": to_iso(m.created_at),
        "source_id": source_id,
    }
    if m.kind != TEXT:
        record["kind"] = m.kind
    if m.model:
        record["model"] = m.model
    if m.detail:
        detail = read_detail(m.detail)
        record.update(
            (key, value)
            for key, value in (
                ("tool", detail.tool),
                ("input", detail.input),
                ("error", detail.error),
                ("seconds", detail.seconds),
            )
            if value
        )
        if detail.extra:
            record["extra"] = detail.extra
    return record


def _project(session: tuple[str | None, str | None] | None) -> dict[str, str]:
    """A coding agent's session's ``workdir`` and ``branch``, those it has."""
    if session is None:
        return {}
    return {k: v for k, v in zip(("workdir", "branch"), session, strict=True) if v}


class Json:
    """``{"format": "chatdesk-chats", "version": 2, "exported_at": …, "folders": [{"path":
    [names…], "position": n}, …], "tags": [{"name", "color"}, …], "chats": [...]}``: the folders
    parents first, so an importer makes them in order, before the chats that go in them."""

    def __init__(self, out: TextIO, filing: Filing) -> None:
        self.out = out
        self.filing = filing
        self.first = True

    def begin(self) -> None:
        head = {
            "format": CHATDESK_MARK,
            "version": JSON_VERSION,
            "exported_at": to_iso(utcnow()),
            "folders": [
                {"path": list(path), "position": position}
                for _, path, position in self.filing.folders
            ],
            "tags": [{"name": name, "color": color} for name, color in self.filing.tags],
        }
        self.out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "chats": [')

    def chat(self, chat: Chat, messages: Iterable[Message]) -> None:
        rows = list(messages)
        ids = native.message_ids((m.id, m.source_id) for m in rows)
        record = {
            "title": chat.title,
            "source": chat.source or "chatdesk",
            "source_id": chat.source_id or chat.chat_key,
            "chat_key": chat.chat_key,
            "created_at": to_iso(chat.created_at),
            "updated_at": to_iso(chat.updated_at),
            "pinned": bool(chat.pinned),
            "archived_at": None if chat.archived_at is None else to_iso(chat.archived_at),
            "folder": list(self.filing.path(chat.folder_id)),
            "tags": [{"name": n, "color": c} for n, c in self.filing.tags_of(chat.id)],
            **({"detail": read_detail(chat.detail).extra} if chat.detail else {}),
            **_project(self.filing.projects.get(chat.id)),
            "messages": [
                _json_message(m, source_id) for m, source_id in zip(rows, ids, strict=True)
            ],
        }
        self.out.write(("\n" if self.first else ",\n") + json.dumps(record, ensure_ascii=False))
        self.first = False

    def end(self) -> None:
        self.out.write("\n]}\n")
