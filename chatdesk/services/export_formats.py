"""The three export layouts, each written a chat at a time: Markdown, HTML and ChatDesk JSON.

The HTML renders each message's Markdown as the app does (:mod:`chatdesk.services.markdown`),
its raw HTML escaped and its images written as links, with its styles in the file, so that it
opens anywhere on its own. Its Content-Security-Policy (:data:`HTML_POLICY`) lets the page
load nothing but its inline styles (and ``data:`` images): opening an export tells no server
anything. Markdown escapes the chat's title, folder and tag names (:func:`_md_text`), so a
title shows as it is written and never as a link or an image.

The JSON is what :mod:`chatdesk.importers.native` reads back: every title, role, text, time,
order and source id survives the round trip, and (version 2) every chat's filing: pin, archive,
folder path and tags, with the folders (and their order) and tags listed at the head. Markdown and
HTML show a chat's folder and tags under its title.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from typing import Protocol, TextIO

from chatdesk.importers import CHATDESK_MARK, native, to_iso
from chatdesk.services.markdown import to_page_html
from chatdesk.services.organize_io import Filing
from chatdesk.store.models import Chat, Message, utcnow

ROLE_LABELS = {"user": "User", "assistant": "Assistant", "system": "System", "tool": "Tool"}
#: 1: chats, messages, pin. 2 (issue 13): archive, folders and tags too.
JSON_VERSION = 2
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
            role = m.role if m.role in ROLE_LABELS else "other"
            self.out.write(
                f'<section class="message {role}">\n'
                f"<strong>{e(ROLE_LABELS.get(m.role, m.role))}</strong> "
                f'<time datetime="{to_iso(m.created_at)}">{e(_when(m.created_at))}</time>\n'
                f'<div class="content">\n{to_page_html(m.content)}\n</div>\n</section>\n'
            )
        self.out.write("</article>\n")

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
            "messages": [
                {
                    "role": m.role,
                    "content": m.content,
                    "created_at": to_iso(m.created_at),
                    "source_id": source_id,
                }
                for m, source_id in zip(rows, ids, strict=True)
            ],
        }
        self.out.write(("\n" if self.first else ",\n") + json.dumps(record, ensure_ascii=False))
        self.first = False

    def end(self) -> None:
        self.out.write("\n]}\n")
