"""Exporting chats to Markdown, HTML or JSON; the JSON reads back losslessly through the importer.

Chats are written one at a time, their messages streamed from the database, so exporting a whole
history needs memory for one chat only. A GUI passes ``progress(done, total)`` (chats) and
``cancel``; :func:`export_to_file` writes to a temporary file and renames it at the end, so a
failed or cancelled export leaves no half-written file.

A selection is chats by id or key, or by folder (with its sub-folders) and tags
(:func:`selection`, a :class:`~chatdesk.services.chat_filter.ChatFilter`: the rule the chat list
uses), archived chats included: an export is a copy of the library, not of a list's view. Each
chat's filing (folder, tags, pin, archive) goes into every format (:class:`organize_io.Filing`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from chatdesk.paths import new_private_file
from chatdesk.services import export_formats, organize_io, secrets
from chatdesk.services.accounts import AccountRef
from chatdesk.services.chat_filter import ChatFilter, subtree
from chatdesk.services.chats import list_order, live_chats
from chatdesk.services.errors import ServiceError
from chatdesk.store.models import Chat, Message

FORMATS = ("md", "json", "html")
ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class _Owner:
    """The account whose chats are written (all a service needs of it is its id)."""

    id: int


class ExportCancelled(Exception):
    """The caller's ``cancel`` said stop; nothing was kept."""


def selection(
    user: AccountRef, folder: str | None = None, tag_names: Sequence[str] = ()
) -> ChatFilter | None:
    """The chats in the folder at the path ``folder`` (with its sub-folders) that carry every
    tag of ``tag_names``, archived or not; None when neither is given (every chat).

    Raises:
        ServiceError: 6001 for no such folder, 6004 for no such tag.
    """
    if folder is None and not tag_names:
        return None
    folder_id = None if folder is None else organize_io.folder_by_path(user, folder)
    tag_ids = tuple(dict.fromkeys(organize_io.tag_by_name(user, n) for n in tag_names))
    return ChatFilter(folder_id=folder_id, subfolders=True, tag_ids=tag_ids, archived=None)


def selected_chats(
    user: AccountRef,
    chat_ids: Sequence[int] = (),
    chat_keys: Sequence[str] = (),
    where: ChatFilter | None = None,
) -> list[Chat]:
    """The user's live chats by id or key, in the order asked; all of them (or all that
    ``where`` selects, in the list's order) when none are named.

    Raises:
        ServiceError: 3001 when a named chat is not one of the user's live chats (in ``where``).
    """
    live = live_chats(user, where)
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


def _masked(messages: Iterator[Message]) -> Iterator[Message]:
    """The messages with their secrets masked (the rows are not saved: the store keeps them)."""
    for message in messages:
        message.content = secrets.mask(message.content)
        message.detail = secrets.mask_detail(message.detail)
        yield message


def filing_of(
    user: AccountRef, chats: Sequence[Chat], where: ChatFilter | None, everything: bool
) -> organize_io.Filing:
    """Where ``chats`` are filed; the JSON's head lists every folder and tag when the export is
    ``everything``, else the chats' folders (and a selected folder's sub-folders) and tags."""
    folder_ids = {int(c.folder_id) for c in chats if c.folder_id is not None}
    if where is not None and where.folder_id:
        folder_ids |= set(subtree(user.id, where.folder_id))
    return organize_io.filing(user, [c.id for c in chats], folder_ids, everything)


def write_chats(
    chats: Iterable[Chat],
    out: TextIO,
    fmt: str,
    *,
    total: int = 0,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    filing: organize_io.Filing | None = None,
) -> int:
    """Write ``chats`` to ``out`` as ``fmt`` (md, json or html); returns how many were written.
    Without ``filing``, it is read for the chats (one user's) as for a selection."""
    if filing is None:
        chats = list(chats)
        owners = {int(c.user_id) for c in chats}  # type: ignore[attr-defined]
        if len(owners) == 1:
            filing = filing_of(_Owner(owners.pop()), chats, None, everything=False)
    writer = export_formats.writer(fmt, out, filing)
    writer.begin()
    done = 0
    for chat in chats:
        if cancel is not None and cancel():
            raise ExportCancelled
        messages = _messages(chat.id)
        if secrets.masking_chat(chat.id):  # the owner's option (issue 23)
            messages = _masked(messages)
        writer.chat(chat, messages)
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
        new_private_file(partial)  # 0600: an export holds chats (chatdesk.paths)
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
    where: ChatFilter | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> int:
    """Export the user's chats (the named ones, else all that ``where`` selects, else all) to
    ``target``; returns how many. Nothing is written when a name is unknown."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (md, json or html)")
    chats = selected_chats(user, chat_ids, chat_keys, where)
    everything = where is None and not chat_ids and not chat_keys
    filing = filing_of(user, chats, where, everything)
    with atomic_output(target) as out:
        return write_chats(
            chats,
            out,
            fmt,
            total=len(chats),
            progress=progress,
            cancel=cancel,
            filing=filing,
        )
