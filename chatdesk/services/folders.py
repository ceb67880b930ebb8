"""Folders of chats (issue 13): a tree per user, a chat in at most one folder.

Every write is one transaction and announces itself: ``Change("folder", user)`` when the tree
changed, ``Change("chat", user, chat)`` for each chat that moved, so open windows and other
processes follow. Deleting a folder takes its sub-folders with it and moves their chats out or
deletes them (soft, as :func:`chatdesk.services.chats.delete_chats` does); the
:class:`FolderDeletion` it returns undoes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import peewee as pw

from chatdesk.services import validation
from chatdesk.services.accounts import AccountRef
from chatdesk.services.chat_filter import subtree
from chatdesk.services.errors import ServiceError, invalid
from chatdesk.services.events import Change, publish, publish_all
from chatdesk.store import database, write_transaction
from chatdesk.store.db import run
from chatdesk.store.models import Chat, Folder, utcnow

NAME_MAX = 100
#: How deep folders nest: deep enough for any filing, shallow enough for a tree on screen.
DEPTH_MAX = 16

ChatsMode = Literal["keep", "delete"]
_BATCH = 500


@dataclass(frozen=True)
class FolderInfo:
    """A folder as the tree shows it: ``count`` is its own chats (neither deleted nor
    archived), ``total`` with those of its sub-folders."""

    id: int
    name: str
    parent_id: int | None
    position: int
    count: int = 0
    total: int = 0


@dataclass(frozen=True)
class FolderDeletion:
    """What :func:`delete_folder` did, for :func:`undo_delete`: the folders (parents first),
    where each chat was, and which chats it deleted."""

    folders: tuple[FolderInfo, ...]
    chat_folders: tuple[tuple[int, int], ...]
    deleted_chat_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class Moved:
    """What :func:`move_chats` did, for :func:`undo_move`: the chats moved to ``folder_id``
    (None: out of any folder), each with the folder it was in before."""

    folder_id: int | None
    before: tuple[tuple[int, int | None], ...]

    @property
    def ids(self) -> list[int]:
        return [chat_id for chat_id, _ in self.before]


def name(value: str | None, field_name: str = "name") -> str:
    """A folder's name: text without control characters, surrounding blanks trimmed."""
    text = validation.text(value, field_name, max_len=NAME_MAX).strip()
    if not text:
        raise ServiceError(1001, field=field_name)
    return text


def _owned(user: AccountRef, folder_id: int | None) -> Folder:
    folder = (
        Folder.get_or_none(Folder.id == folder_id, Folder.user == user.id)
        if isinstance(folder_id, int)
        else None
    )
    if folder is None:
        raise ServiceError(6001)
    return folder


def owned(user: AccountRef, folder_id: int) -> None:
    """Raises 6001 unless ``folder_id`` is the user's folder."""
    _owned(user, folder_id)


def _parent(user: AccountRef, parent_id: int | None) -> int | None:
    """``parent_id`` checked to be the user's folder (None: the top level)."""
    return None if parent_id is None else int(_owned(user, parent_id).id)


def _taken(user: AccountRef, parent_id: int | None, key: str, but: int | None = None) -> bool:
    parent = Folder.parent.is_null() if parent_id is None else Folder.parent == parent_id
    select = Folder.select().where(Folder.user == user.id, parent, Folder.name_key == key)
    if but is not None:
        select = select.where(Folder.id != but)
    return bool(select.exists())


def _insert(user: AccountRef, text: str, parent_id: int | None, position: int | None) -> int:
    """Insert a folder (inside a write transaction); 6002 when a sibling has the name."""
    key = validation.username_key(text)
    if _taken(user, parent_id, key):
        raise ServiceError(6002, name=text)
    if position is None:
        parent = Folder.parent.is_null() if parent_id is None else Folder.parent == parent_id
        last = (
            Folder.select(pw.fn.MAX(Folder.position)).where(Folder.user == user.id, parent).scalar()
        )
        position = 0 if last is None else int(last) + 1
    try:
        with database.atomic():
            return int(
                Folder.insert(
                    user=user.id, parent=parent_id, name=text, name_key=key, position=position
                ).execute()
            )
    except pw.IntegrityError:  # made meanwhile by another process (folder_sibling)
        raise ServiceError(6002, name=text) from None


def create_folder(
    user: AccountRef, folder_name: str | None, parent_id: int | None = None
) -> FolderInfo:
    """A new folder, last among its siblings; 6002 when one of them has the name (compared
    under NFKC + casefold), 6001 when ``parent_id`` is not the user's folder."""
    text = name(folder_name)
    with write_transaction():
        parent = _parent(user, parent_id)
        if parent is not None and len(_ancestors(user, parent)) >= DEPTH_MAX:
            raise invalid("parent", "range", min=1, max=DEPTH_MAX)
        folder_id = _insert(user, text, parent, None)
        publish(Change("folder", user.id))
    return _info(_owned(user, folder_id))


def rename_folder(user: AccountRef, folder_id: int, folder_name: str | None) -> None:
    text = name(folder_name)
    with write_transaction():
        folder = _owned(user, folder_id)
        key = validation.username_key(text)
        if _taken(user, folder.parent_id, key, but=folder.id):  # type: ignore[attr-defined]
            raise ServiceError(6002, name=text)
        Folder.update(name=text, name_key=key).where(Folder.id == folder.id).execute()
        publish(Change("folder", user.id))


def _ancestors(user: AccountRef, folder_id: int) -> list[int]:
    """``folder_id`` and its parents up to the top."""
    parents = dict(
        run('SELECT id, parent_id FROM "folder" WHERE user_id = ?', (user.id,)).fetchall()
    )
    found = [folder_id]
    while (up := parents.get(found[-1])) is not None and up not in found:
        found.append(up)
    return found


def move_folder(
    user: AccountRef, folder_id: int, parent_id: int | None, position: int | None = None
) -> None:
    """Re-parent a folder (None: to the top level), at ``position`` among its new siblings
    (those at or after it move one down) or last. 6003 when ``parent_id`` is the folder itself
    or below it."""
    with write_transaction():
        folder = _owned(user, folder_id)
        parent = _parent(user, parent_id)
        if parent is not None and folder.id in _ancestors(user, parent):
            raise ServiceError(6003)
        depth = len(_ancestors(user, parent)) if parent is not None else 0
        height = _height(user, folder.id)
        if depth + height > DEPTH_MAX:
            raise invalid("parent", "range", min=1, max=DEPTH_MAX)
        if _taken(user, parent, folder.name_key, but=folder.id):
            raise ServiceError(6002, name=folder.name)
        siblings = Folder.parent.is_null() if parent is None else Folder.parent == parent
        if position is None:
            last = (
                Folder.select(pw.fn.MAX(Folder.position))
                .where(Folder.user == user.id, siblings, Folder.id != folder.id)
                .scalar()
            )
            position = 0 if last is None else int(last) + 1
        else:
            Folder.update(position=Folder.position + 1).where(
                Folder.user == user.id, siblings, Folder.position >= position
            ).execute()
        Folder.update(parent=parent, position=position).where(Folder.id == folder.id).execute()
        publish(Change("folder", user.id))


def _height(user: AccountRef, folder_id: int) -> int:
    """How many levels the folder's subtree has (1: no sub-folders)."""
    children: dict[int | None, list[int]] = {}
    for fid, parent in run('SELECT id, parent_id FROM "folder" WHERE user_id = ?', (user.id,)):
        children.setdefault(parent, []).append(fid)
    level, height = [folder_id], 0
    while level:
        height += 1
        level = [c for f in level for c in children.get(f, [])]
    return height


def _info(folder: Folder, count: int = 0, total: int = 0) -> FolderInfo:
    return FolderInfo(
        id=folder.id,
        name=folder.name,
        parent_id=folder.parent_id,  # type: ignore[attr-defined]
        position=folder.position,
        count=count,
        total=total,
    )


#: The folder tree in one read: Peewee's rows cost more than the query (34 ms for 1,000
#: folders against 2 ms as tuples; docs/benchmarks-list.md).
_TREE = (
    'SELECT f.id, f.name, f.parent_id, f.position, COALESCE(c.listed, 0) FROM "folder" f '
    'LEFT JOIN "folder_count" c ON c.folder_id = f.id WHERE f.user_id = ? '
    "ORDER BY f.position, f.id"
)


def list_folders(user: AccountRef) -> list[FolderInfo]:
    """The user's folders, parents before children, siblings in order, each with its count of
    chats (neither deleted nor archived) and the total with its sub-folders': the counts the
    triggers of schema v15 keep (``folder_count``)."""
    rows = [
        (int(i), str(n), None if p is None else int(p), int(pos), int(c))
        for i, n, p, pos, c in run(_TREE, (user.id,))
    ]
    children: dict[int | None, list[int]] = {}
    for folder_id, _, parent, _, _ in rows:
        children.setdefault(parent, []).append(folder_id)
    by_id = {row[0]: row for row in rows}
    totals: dict[int, int] = {}
    for folder_id in reversed(_walk(children)):  # children before their parents
        below = children.get(folder_id, [])
        totals[folder_id] = by_id[folder_id][4] + sum(totals[c] for c in below)
    return [FolderInfo(*by_id[f], total=totals[f]) for f in _walk(children)]


def _walk(children: dict[int | None, list[int]]) -> list[int]:
    """The folders depth first from the top, parents before children, siblings in order."""
    ordered: list[int] = []
    todo = list(reversed(children.get(None, [])))
    while todo:
        folder_id = todo.pop()
        ordered.append(folder_id)
        todo += reversed(children.get(folder_id, []))
    return ordered


def folder_counts(user_id: int) -> dict[int, int]:
    """{folder id: how many of its own chats the lists show} for the user's folders, as the
    triggers of schema v15 keep them (``folder_count``)."""
    rows = run(
        'SELECT c.folder_id, c.listed FROM "folder_count" c '
        'JOIN "folder" f ON f.id = c.folder_id WHERE f.user_id = ?',
        (user_id,),
    )
    return {int(folder_id): int(listed) for folder_id, listed in rows}


def find_folder(user: AccountRef, folder_name: str) -> list[int]:
    """The ids of the user's folders with this name (under NFKC + casefold), at any level;
    oldest first. Search's ``folder:`` and the API's ``folder`` resolve names with it."""
    key = validation.username_key(folder_name.strip())
    select = Folder.select(Folder.id).where(Folder.user == user.id, Folder.name_key == key)
    return [f.id for f in select.order_by(Folder.id)]


def move_chats(user: AccountRef, chat_ids: Iterable[int], folder_id: int | None) -> Moved:
    """File chats (many at once) into a folder, or out of any (None): the user's chats not
    deleted (others are left alone). Returns them with the folder each was in, read in the
    same transaction, for :func:`undo_move`."""
    ids = list(dict.fromkeys(chat_ids))
    with write_transaction():
        target = _parent(user, folder_id)
        before = _live_folders(user, ids)
        moved = [chat_id for chat_id, _ in before]
        for start in range(0, len(moved), _BATCH):
            batch = moved[start : start + _BATCH]
            Chat.update(folder_id=target).where(Chat.id.in_(batch)).execute()
        publish_all(Change("chat", user.id, chat_id) for chat_id in moved)
    return Moved(target, tuple(before))


def undo_move(user: AccountRef, moved: Moved) -> list[int]:
    """Undo :func:`move_chats`: each chat back in the folder it was in, unless it moved again
    meanwhile (it stays where it is now) or was deleted; a chat whose folder went meanwhile
    goes out of any. One transaction; returns the ids put back."""
    with write_transaction():
        ids = [chat_id for chat_id, _ in moved.before]
        now = dict(_live_folders(user, ids))
        olds = {f for _, f in moved.before if f is not None}
        there = {
            f.id
            for f in Folder.select(Folder.id).where(
                Folder.id.in_(list(olds)), Folder.user == user.id
            )
        }
        back: dict[int | None, list[int]] = {}
        for chat_id, old in moved.before:
            if chat_id in now and now[chat_id] == moved.folder_id:
                back.setdefault(old if old in there else None, []).append(chat_id)
        for folder, chat_ids in back.items():
            for start in range(0, len(chat_ids), _BATCH):
                batch = chat_ids[start : start + _BATCH]
                Chat.update(folder_id=folder).where(Chat.id.in_(batch)).execute()
        put = {chat_id for chat_ids in back.values() for chat_id in chat_ids}
        done = [chat_id for chat_id, _ in moved.before if chat_id in put]
        publish_all(Change("chat", user.id, chat_id) for chat_id in done)
    return done


def _live_folders(user: AccountRef, ids: Sequence[int]) -> list[tuple[int, int | None]]:
    """Those of ``ids`` that are the user's chats not deleted, in the order given, each with
    its folder (None: in none)."""
    found: list[tuple[int, int | None]] = []
    for start in range(0, len(ids), _BATCH):
        batch = list(ids[start : start + _BATCH])
        select = Chat.select(Chat.id, Chat.folder_id).where(
            Chat.id.in_(batch), Chat.user == user.id, Chat.deleted_at.is_null()
        )
        have = {c.id: c.folder_id for c in select}
        found += [(i, have[i]) for i in batch if i in have]
    return found


def delete_folder(user: AccountRef, folder_id: int, chats: ChatsMode = "keep") -> FolderDeletion:
    """Delete a folder and its sub-folders. Their chats move out to the folder's parent
    (``keep``) or are deleted, kept for Undo as any deleted chat (``delete``). Returns what
    :func:`undo_delete` needs to put it all back."""
    if chats not in ("keep", "delete"):
        raise invalid("chats", "chats_mode")
    with write_transaction():
        folder = _owned(user, folder_id)
        ids = subtree(user.id, folder.id)
        infos = {f.id: _info(f) for f in Folder.select().where(Folder.id.in_(ids))}
        placed = [
            (int(c.id), int(c.folder_id or 0))
            for c in Chat.select(Chat.id, Chat.folder_id).where(
                Chat.user == user.id, Chat.folder_id.in_(ids)
            )
        ]
        deleted: list[int] = []
        if chats == "delete":
            deleted = [
                c.id
                for c in Chat.select(Chat.id).where(
                    Chat.user == user.id, Chat.folder_id.in_(ids), Chat.deleted_at.is_null()
                )
            ]
            Chat.update(deleted_at=utcnow()).where(Chat.id.in_(deleted)).execute()
        parent = folder.parent_id  # type: ignore[attr-defined]
        Chat.update(folder_id=parent).where(Chat.user == user.id, Chat.folder_id.in_(ids)).execute()
        Folder.delete().where(Folder.id.in_(ids)).execute()  # children go by the cascade
        publish_all([Change("folder", user.id), *(Change("chat", user.id, c) for c, _ in placed)])
    return FolderDeletion(
        folders=tuple(infos[i] for i in ids),
        chat_folders=tuple(placed),
        deleted_chat_ids=tuple(deleted),
    )


def undo_delete(user: AccountRef, deletion: FolderDeletion) -> dict[int, int]:
    """Undo :func:`delete_folder`: the folders come back (with new ids, returned as old -> new),
    their chats back in them, the chats it deleted restored. A chat deleted for good meanwhile
    stays gone; 6002 when a folder of the same name took a place meanwhile (nothing changes)."""
    with write_transaction():
        new: dict[int, int] = {}
        for folder in deletion.folders:  # parents first
            parent = folder.parent_id
            if parent is not None and parent in new:
                parent = new[parent]
            elif (
                parent is not None
                and not Folder.select().where(Folder.id == parent, Folder.user == user.id).exists()
            ):
                parent = None  # its parent went meanwhile: back at the top
            new[folder.id] = _insert(user, folder.name, parent, folder.position)
        if deletion.deleted_chat_ids:
            Chat.update(deleted_at=None).where(
                Chat.id.in_(list(deletion.deleted_chat_ids)), Chat.user == user.id
            ).execute()
        out = deletion.folders[0].parent_id if deletion.folders else None
        where_put = Chat.folder_id.is_null() if out is None else Chat.folder_id == out
        for chat_id, old in deletion.chat_folders:  # those moved since stay where they are
            Chat.update(folder_id=new.get(old)).where(
                Chat.id == chat_id, Chat.user == user.id, where_put
            ).execute()
        publish_all(
            [
                Change("folder", user.id),
                *(Change("chat", user.id, c) for c, _ in deletion.chat_folders),
            ]
        )
    return new
