"""Exporting chats to Markdown, HTML or JSON; the JSON reads back losslessly through the importer.

Chats are written one at a time, their messages streamed from the database, so exporting a whole
history needs memory for one chat only. A GUI passes ``progress(done, total)`` (chats) and
``cancel``; :func:`export_to_file` writes to a temporary file and renames it at the end, so a
failed or cancelled export leaves no half-written file.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from chatdesk.services import export_formats
from chatdesk.services.accounts import AccountRef
from chatdesk.services.chats import list_order, live_chats
from chatdesk.services.errors import ServiceError
from chatdesk.store.models import Chat, Message

FORMATS = ("md", "json", "html")
ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


class ExportCancelled(Exception):
    """The caller's ``cancel`` said stop; nothing was kept."""


def selected_chats(
    user: AccountRef, chat_ids: Sequence[int] = (), chat_keys: Sequence[str] = ()
) -> list[Chat]:
    """The user's live chats by id or key, in the order asked; all of them when none are named.

    Raises:
        ServiceError: 3001 when a named chat is not one of the user's live chats.
    """
    live = live_chats(user)
    if not chat_ids and not chat_keys:
        return list(list_order(live))
    by_id = {c.id: c for c in live.where(Chat.id.in_(list(chat_ids)))} if chat_ids else {}
    by_key = {c.chat_key: c for c in live.where(Chat.chat_key.in_(list(chat_keys)))}
    found = [by_id.get(i) for i in chat_ids] + [by_key.get(k) for k in chat_keys]
    chosen: dict[int, Chat] = {}
    for chat in found:
        if chat is None:
            raise ServiceError(3001)
        chosen.setdefault(chat.id, chat)
    return list(chosen.values())


def _messages(chat_id: int) -> Iterator[Message]:
    query = Message.select().where(Message.chat == chat_id).order_by(Message.id)
    yield from query.iterator()


def write_chats(
    chats: Iterable[Chat],
    out: TextIO,
    fmt: str,
    *,
    total: int = 0,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> int:
    """Write ``chats`` to ``out`` as ``fmt`` (md, json or html); returns how many were written."""
    writer = export_formats.writer(fmt, out)
    writer.begin()
    done = 0
    for chat in chats:
        if cancel is not None and cancel():
            raise ExportCancelled
        writer.chat(chat, _messages(chat.id))
        done += 1
        if progress is not None:
            progress(done, total)
    writer.end()
    return done


@contextmanager
def atomic_output(target: Path, newline: str | None = "\n") -> Iterator[TextIO]:
    """A text file that appears at ``target`` only when the block finishes without error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with partial.open("w", encoding="utf-8", newline=newline) as out:
            yield out
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def export_to_file(
    user: AccountRef,
    target: Path,
    fmt: str,
    chat_ids: Sequence[int] = (),
    chat_keys: Sequence[str] = (),
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> int:
    """Export the user's chats (the named ones, else all) to ``target``; returns how many."""
    chats = selected_chats(user, chat_ids, chat_keys)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (md, json or html)")
    with atomic_output(target) as out:
        return write_chats(chats, out, fmt, total=len(chats), progress=progress, cancel=cancel)
