"""The three export layouts, each written a chat at a time: Markdown, HTML and ChatDesk JSON.

The HTML renders each message's Markdown as the app does (:mod:`chatdesk.services.markdown`),
its raw HTML escaped, with its styles in the file, so that it opens anywhere on its own.

The JSON is what :mod:`chatdesk.importers.native` reads back: every title, role, text, time,
order and source id survives the round trip.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from typing import Protocol, TextIO

from chatdesk.importers import CHATDESK_MARK, native, to_iso
from chatdesk.services.markdown import to_page_html
from chatdesk.store.models import Chat, Message, utcnow

ROLE_LABELS = {"user": "User", "assistant": "Assistant", "system": "System", "tool": "Tool"}
JSON_VERSION = 1


class Writer(Protocol):
    def begin(self) -> None: ...
    def chat(self, chat: Chat, messages: Iterable[Message]) -> None: ...
    def end(self) -> None: ...


def writer(fmt: str, out: TextIO) -> Writer:
    """The writer for ``fmt`` ("md", "json" or "html")."""
    writers: dict[str, type[Writer]] = {"md": Markdown, "json": Json, "html": Html}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (md, json or html)")
    return writers[fmt](out)  # type: ignore[call-arg]


def _when(value: dt.datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class Markdown:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.first = True

    def begin(self) -> None:
        pass

    def chat(self, chat: Chat, messages: Iterable[Message]) -> None:
        if not self.first:
            self.out.write("\n\n---\n\n")
        self.first = False
        self.out.write(f"# {_one_line(chat.title)}\n\n")
        self.out.write(f"*{_when(chat.created_at)} · {chat.message_count} messages*\n")
        for m in messages:
            self.out.write(f"\n## {ROLE_LABELS.get(m.role, m.role)} · {_when(m.created_at)}\n\n")
            self.out.write(m.content.rstrip("\n") + "\n")

    def end(self) -> None:
        pass


HTML_HEAD = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
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
.content blockquote { margin: .5rem 0; padding-left: .75rem; border-left: 3px solid #ccc;
       color: #555; }
</style>
</head>
<body>
"""


class Html:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def begin(self) -> None:
        self.out.write(HTML_HEAD)

    def chat(self, chat: Chat, messages: Iterable[Message]) -> None:
        e = html.escape
        self.out.write(f"<article>\n<h1>{e(chat.title)}</h1>\n")
        self.out.write(
            f'<p class="meta">{e(_when(chat.created_at))} · {chat.message_count} messages</p>\n'
        )
        for m in messages:
            role = m.role if m.role in ROLE_LABELS else "other"
            self.out.write(
                f'<section class="message {role}">\n'
                f"<strong>{e(ROLE_LABELS.get(m.role, m.role))}</strong> "
                f'<time datetime="{to_iso(m.created_at)}">{e(_when(m.created_at))}</time>\n'
                f'<div class="content">\n{to_page_html(m.content)}\n</div>\n</section>\n'
            )
        self.out.write("</article>\n")

    def end(self) -> None:
        self.out.write("</body>\n</html>\n")


class Json:
    """``{"format": "chatdesk-chats", "version": 1, "exported_at": …, "chats": [...]}``."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.first = True

    def begin(self) -> None:
        head = {"format": CHATDESK_MARK, "version": JSON_VERSION, "exported_at": to_iso(utcnow())}
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
