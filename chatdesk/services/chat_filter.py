"""Which chats a list shows: by folder (with or without its sub-folders), tags, archive state and
pin (issue 13). :mod:`chatdesk.services.chats` applies it to the list, its count and its
paging; the API, the windows and search share it, so each finds the same chats.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from chatdesk.store.db import run
from chatdesk.store.models import Chat, ChatTag

#: :attr:`ChatFilter.folder_id` for the chats in no folder.
NO_FOLDER = 0


@dataclass(frozen=True)
class ChatFilter:
    """A chat list's filter; the default is the default list (every chat neither deleted nor
    archived).

    Attributes:
        folder_id: only the chats in this folder (:data:`NO_FOLDER`: in none); None for any.
        subfolders: with ``folder_id``, the chats of its sub-folders (at any depth) too.
        tag_ids: only the chats that carry every one of these tags.
        archived: False, the chats not archived; True, only the archived ones; None, both.
        pinned: only pinned (True) or unpinned (False) chats; None for both.
    """

    folder_id: int | None = None
    subfolders: bool = False
    tag_ids: tuple[int, ...] = ()
    archived: bool | None = False
    pinned: bool | None = None

    @property
    def is_default(self) -> bool:
        return self == DEFAULT


DEFAULT = ChatFilter()
#: Every chat not deleted, archived or not (an export, a search).
EVERY = ChatFilter(archived=None)


def subtree(user_id: int, folder_id: int) -> list[int]:
    """``folder_id`` and the ids of every folder below it (the user's folders, walked here:
    a person has hundreds, not millions)."""
    children: dict[int, list[int]] = {}
    for fid, parent in run('SELECT id, parent_id FROM "folder" WHERE user_id = ?', (user_id,)):
        children.setdefault(parent or NO_FOLDER, []).append(fid)
    found, todo = [folder_id], [folder_id]
    while todo:
        below = children.get(todo.pop(), [])
        found += below
        todo += below
    return found


def apply(select: pw.ModelSelect[Chat], user_id: int, where: ChatFilter) -> pw.ModelSelect[Chat]:
    """``select`` (over ``chat``, already limited to chats not deleted) narrowed to ``where``.

    The archive conditions are written as the partial indexes ``chat_list`` and
    ``chat_archive`` (schema v12) state them, so that each engine reads the list from one.
    """
    if where.archived is False:
        select = select.where(Chat.archived_at.is_null())
    elif where.archived:
        select = select.where(Chat.archived_at.is_null(False))
    if where.pinned is not None:
        select = select.where(Chat.pinned == where.pinned)
    if where.folder_id == NO_FOLDER:
        select = select.where(Chat.folder_id.is_null())
    elif where.folder_id is not None:
        if where.subfolders:
            select = select.where(Chat.folder_id.in_(subtree(user_id, where.folder_id)))
        else:
            select = select.where(Chat.folder_id == where.folder_id)
    for tag_id in dict.fromkeys(where.tag_ids):
        select = select.where(
            Chat.id.in_(ChatTag.select(ChatTag.chat).where(ChatTag.tag == tag_id))
        )
    return select


def ids_by_keys(user_id: int, chat_keys: list[str]) -> list[int]:
    """The ids of the user's chats (not deleted) with these client keys (the API's
    ``chat_id``), in the order given; keys of no such chat are left out."""
    found: dict[str, int] = {}
    for start in range(0, len(chat_keys), 500):
        batch = chat_keys[start : start + 500]
        select = Chat.select(Chat.id, Chat.chat_key).where(
            Chat.user == user_id, Chat.chat_key.in_(batch), Chat.deleted_at.is_null()
        )
        found.update({c.chat_key: c.id for c in select})
    return [found[k] for k in dict.fromkeys(chat_keys) if k in found]
