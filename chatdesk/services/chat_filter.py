"""Which chats a list shows: by folder (with or without its sub-folders), tags, archive state and
pin (issue 13). :mod:`chatdesk.services.chats` applies it to the list, its count and its
paging; the API, the windows and search share it, so each finds the same chats.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from chatdesk.store.db import is_sqlite, run
from chatdesk.store.models import ArchiveCount, Chat, ChatCount, ChatTag, Tag, TagCount

#: :attr:`ChatFilter.folder_id` for the chats in no folder.
NO_FOLDER = 0
#: :attr:`ChatFilter.source` for the chats made in ChatDesk (no source stored, or the JSON
#: export's name for them).
NATIVE = "chatdesk"


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
        source: only the chats imported from this source (``deepseek``…; :data:`NATIVE`: the
            ones made in ChatDesk); None for any (issue 22: the folder tree's Sources).
    """

    folder_id: int | None = None
    subfolders: bool = False
    tag_ids: tuple[int, ...] = ()
    archived: bool | None = False
    pinned: bool | None = None
    source: str | None = None

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


def apply(
    select: pw.ModelSelect[Chat], user_id: int, where: ChatFilter, *, counting: bool = False
) -> pw.ModelSelect[Chat]:
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
    if where.source == NATIVE:
        select = select.where(Chat.source.is_null() | (Chat.source == NATIVE))
    elif where.source is not None:
        select = select.where(Chat.source == where.source)
    if where.folder_id == NO_FOLDER:
        select = select.where(Chat.folder_id.is_null())
    elif where.folder_id is not None:
        if where.subfolders:
            select = select.where(Chat.folder_id.in_(subtree(user_id, where.folder_id)))
        else:
            select = select.where(Chat.folder_id == where.folder_id)
    # a count of a folder's chats probes each of them; else it reads the rarest tag's chats
    drive = counting and where.folder_id is None
    return _tagged(select, list(dict.fromkeys(where.tag_ids)), drive)


#: A tag on fewer chats than this drives the list: its chats are read (``chat_tag``) and
#: sorted. A commoner one is checked per row (a primary-key probe of ``chat_tag``) as the list
#: is walked in its index's order, which finds a page of it sooner (docs/benchmarks-list.md).
TAG_DRIVES_BELOW = 2_000


def _tagged(select: pw.ModelSelect[Chat], tag_ids: list[int], drive: bool) -> pw.ModelSelect[Chat]:
    """``select`` narrowed to the chats carrying every tag of ``tag_ids``: the rarest drives
    (an ``IN`` list) when it is rare enough or when told to (a count over all the user's chats
    reads every match anyway), the others are probed (``EXISTS``)."""
    if not tag_ids:
        return select
    counts = _tag_counts(tag_ids)
    rarest = min(tag_ids, key=lambda t: counts[t])
    if drive or counts[rarest] < TAG_DRIVES_BELOW:
        rare = ChatTag.select(ChatTag.chat).where(ChatTag.tag == rarest)
        if is_sqlite():
            select = select.where(Chat.id.in_(rare))
        else:  # an IN becomes a semi-join walking chat_list with a probe per row: the ids
            # first, once (an InitPlan), then the chats by their key (docs/benchmarks-list.md)
            select = select.where(Chat.id == pw.fn.ANY(pw.fn.ARRAY(rare)))
        tag_ids = [t for t in tag_ids if t != rarest]
    for tag_id in tag_ids:
        probe = ChatTag.select(pw.SQL("1")).where(ChatTag.chat == Chat.id, ChatTag.tag == tag_id)
        select = select.where(pw.fn.EXISTS(probe))
    return select


def lists(user_id: int, chat_id: int, where: ChatFilter) -> bool:
    """Whether the list ``where`` shows the chat ``chat_id`` (the user's, not deleted)."""
    select = Chat.select(Chat.id).where(
        Chat.id == chat_id, Chat.user == user_id, Chat.deleted_at.is_null()
    )
    return bool(apply(select, user_id, where).exists())


def _tag_counts(tag_ids: list[int]) -> dict[int, int]:
    """How many listed chats carry each tag (``tag_count``, kept by triggers: schema v15); 0
    for an id of no tag."""
    rows = TagCount.select(TagCount.tag, TagCount.listed).where(TagCount.tag.in_(tag_ids))
    found = {int(r.tag_id): int(r.listed) for r in rows}  # type: ignore[attr-defined]
    return {t: found.get(t, 0) for t in tag_ids}


def kept_count(user_id: int, where: ChatFilter) -> int | None:
    """How many chats the list ``where`` shows, from the counts the database keeps (schema v7
    and v15) when it is one of the folder tree's lists (a folder, with or without its
    sub-folders; no folder; one tag; the Archive), else None (the chats are to be counted)."""
    if where == ChatFilter(archived=True):
        archived = ArchiveCount.select(ArchiveCount.archived).where(ArchiveCount.user_id == user_id)
        return int(archived.scalar() or 0)
    if where.archived is not False or where.pinned is not None or where.source is not None:
        return None
    if where.folder_id is None and len(set(where.tag_ids)) == 1:
        mine = (
            TagCount.select(TagCount.listed)
            .join(Tag, on=(Tag.id == TagCount.tag))
            .where(TagCount.tag == where.tag_ids[0], Tag.user == user_id)
        )
        return int(mine.scalar() or 0)  # another's tag: none of the user's chats carry it
    if where.tag_ids or where.folder_id is None:
        return None
    counts = dict(
        run(
            'SELECT c.folder_id, c.listed FROM "folder_count" c '
            'JOIN "folder" f ON f.id = c.folder_id WHERE f.user_id = ?',
            (user_id,),
        ).fetchall()
    )
    if where.folder_id == NO_FOLDER:
        live = ChatCount.select(ChatCount.live).where(ChatCount.user_id == user_id).scalar()
        return int(live or 0) - sum(int(n) for n in counts.values())
    if where.folder_id not in counts:
        return 0
    ids = subtree(user_id, where.folder_id) if where.subfolders else [where.folder_id]
    return sum(int(counts.get(f, 0)) for f in ids)


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
