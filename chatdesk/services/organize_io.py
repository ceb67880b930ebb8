"""Filing imported chats (issue 13 item 6): folders found or made by path, tags by name, archive.

An import builds one :class:`Organizer`. It reads the user's folders and tags once and caches
their ids, so filing a chat costs nothing but its own row's columns (the folder and archive time
go into the chat's ``INSERT``) and one insert of its tags, not a look-up per name. Names are
compared as :mod:`chatdesk.services.folders` and :mod:`~.tags` compare them (NFKC + casefold): a
folder of the same name among the siblings, or a tag of the same name, is reused, and an
existing tag keeps its colour.

Only a chat the import adds is filed: one stored already (matched on its source and id) keeps
the folder, tags, pin and archive state the person gave it since, whatever the file says. So
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chatdesk.importers import ImportedChat, Library, Skipped
from chatdesk.services import folders, tags
from chatdesk.services.accounts import AccountRef
from chatdesk.services.errors import ServiceError, invalid
from chatdesk.services.events import Change, publish
from chatdesk.services.validation import username_key
from chatdesk.store import write_transaction
from chatdesk.store.db import run
from chatdesk.store.models import Folder, Tag, utcnow

# A filed chat's tags go in with one INSERT of hand-written SQL: Peewee's insert_many took most
# of the filing's time.
FolderKey = tuple[int | None, str]


@dataclass(frozen=True)
class Placement:
    """Where an imported chat is filed: written with its row, then its tags."""

    folder_id: int | None = None
    archived_at: dt.datetime | None = None
    tag_ids: list[int] = field(default_factory=list)


@dataclass
class _Made:
    """What the current chat's filing made (to announce it)."""

    folders: list[FolderKey] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


class Organizer:
    """Files the chats one import adds: see the module's docstring."""

    def __init__(self, user: AccountRef, library: Library | None = None) -> None:
        self.user = user
        self.library = library or Library()
        self._folders: dict[FolderKey, int] | None = None
        self._next: dict[int | None, int] = {}  # the position a new folder takes, per parent
        self._fresh: set[int | None] = set()  # parents with no sub-folder before this import
        self._tags: dict[str, int] = {}
        # what the file's own spellings resolved to: a path, a (name, colour) -> its id
        self._paths: dict[tuple[str, ...], int | None] = {}
        self._tag_spellings: dict[tuple[str, str], int] = {}

    # --- the cache ---------------------------------------------------------------------------

    def _load(self) -> dict[FolderKey, int]:
        if self._folders is None:
            self._paths.clear()
            self._tag_spellings.clear()
            rows = run(
                'SELECT id, parent_id, name_key, position FROM "folder" WHERE user_id = ?',
                (self.user.id,),
            ).fetchall()
            self._folders = {}
            parents: set[int | None] = set()
            for fid, parent, key, position in rows:
                self._folders[(parent, key)] = int(fid)
                parents.add(parent)
                self._next[parent] = max(self._next.get(parent, 0), int(position) + 1)
            fresh: set[int | None] = set() if None in parents else {None}
            self._fresh = fresh | {fid for fid in self._folders.values() if fid not in parents}
            found = run('SELECT name_key, id FROM "tag" WHERE user_id = ?', (self.user.id,))
            self._tags = {str(key): int(tid) for key, tid in found.fetchall()}
        return self._folders

    # --- the library -------------------------------------------------------------------------

    def prepare(self, skipped: list[Skipped]) -> None:
        """Make the folders (in the file's order among siblings) and tags the file lists, each
        in a savepoint of one transaction; a bad one is named in ``skipped`` and left out."""
        if not self.library.folders and not self.library.tags:
            return
        with write_transaction():
            self._load()
            made = False
            for entry in self.library.folders:
                try:
                    with write_transaction():
                        made |= self._folder(entry.path, entry.position, _Made())
                except ServiceError as exc:
                    self.forget()
                    skipped.append(Skipped(f"folder {'/'.join(entry.path)!r}", exc.message("en")))
            for tag_name, tag_color in self.library.tags:
                try:
                    with write_transaction():
                        made |= self._tag(tag_name, tag_color, _Made())[1]
                except ServiceError as exc:
                    self.forget()
                    skipped.append(Skipped(f"tag {tag_name!r}", exc.message("en")))
            if made:
                publish(Change("folder", self.user.id))
                publish(Change("tag", self.user.id))

    def forget(self) -> None:
        """A savepoint rolled back, and what it made is gone: the cache is read again when next
        needed (a name made meanwhile by another process is then found, not made twice)."""
        self._folders = None

    # --- folders and tags --------------------------------------------------------------------

    def _folder(self, path: tuple[str, ...], position: int | None, made: _Made) -> bool:
        """Find or make the folder at ``path``; returns whether one was made. Its id is
        ``self._at(path)`` afterwards."""
        self._at(path, made, position)
        return bool(made.folders)

    def _at(self, path: tuple[str, ...], made: _Made, position: int | None = None) -> int | None:
        """The id of the folder at ``path`` (made where missing); None for ``()``."""
        self._load()
        if path in self._paths:
            return self._paths[path]
        found = self._walk(path, made, position)
        self._paths[path] = found
        return found

    def _walk(self, path: tuple[str, ...], made: _Made, position: int | None) -> int | None:
        if len(path) > folders.DEPTH_MAX:
            raise invalid("folder", "range", min=1, max=folders.DEPTH_MAX)
        cache = self._load()
        parent: int | None = None
        for depth, raw in enumerate(path):
            text = folders.name(raw, "folder")
            key = (parent, username_key(text))
            found = cache.get(key)
            if found is None:
                last = depth == len(path) - 1
                if last and position is not None and parent in self._fresh:
                    place = position
                else:
                    place = self._next.get(parent, 0)
                found = int(
                    Folder.insert(
                        user=self.user.id, parent=parent, name=text, name_key=key[1], position=place
                    ).execute()
                )
                cache[key] = found
                self._next[parent] = max(self._next.get(parent, 0), place + 1)
                self._fresh.add(found)
                made.folders.append(key)
            parent = found
        return parent

    def _tag(self, raw_name: str, raw_color: str, made: _Made) -> tuple[int, bool]:
        """The id of the user's tag of this name (made, with this colour, where missing)."""
        self._load()
        spelled = self._tag_spellings.get((raw_name, raw_color))
        if spelled is not None:
            return spelled, False
        text = tags.name(raw_name, "tag")
        hue = tags.color(raw_color)
        key = username_key(text)
        if key in self._tags:
            self._tag_spellings[(raw_name, raw_color)] = self._tags[key]
            return self._tags[key], False
        tag_id = int(Tag.insert(user=self.user.id, name=text, name_key=key, color=hue).execute())
        self._tags[key] = self._tag_spellings[(raw_name, raw_color)] = tag_id
        made.tags.append(key)
        return tag_id, True

    # --- a chat ------------------------------------------------------------------------------

    def folder_of(self, chat: ImportedChat) -> tuple[str, ...]:
        """The folder path ``chat`` goes in: its own, else its project's name (if the input
        names the project), else none."""
        if chat.folder:
            return chat.folder
        name = self.library.projects.get(chat.project or "")
        return (name,) if name else ()

    def place(self, chat: ImportedChat) -> Placement:
        """Where the chat the import is adding goes (inside its savepoint, before its row is
        written): its folder, archive time and tags, made where missing. Raises ServiceError
        for a name or colour that is not valid; the caller then rolls the savepoint back and
        calls :meth:`forget`."""
        path = self.folder_of(chat)
        if not path and not chat.archived and not chat.tags:
            return Placement()
        made = _Made()
        folder_id = self._at(path, made)
        tag_ids = list(dict.fromkeys(self._tag(n, c, made)[0] for n, c in chat.tags))
        if made.folders:
            publish(Change("folder", self.user.id))
        if made.tags:
            publish(Change("tag", self.user.id))
        archived_at = (chat.archived_at or utcnow()) if chat.archived else None
        return Placement(folder_id, archived_at, tag_ids)

    @staticmethod
    def tag(chat_id: int, placement: Placement) -> None:
        """Give the chat just written the tags of its :class:`Placement`."""
        if placement.tag_ids:
            values = ", ".join(["(?, ?)"] * len(placement.tag_ids))
            pairs = [v for t in placement.tag_ids for v in (chat_id, t)]
            run(f'INSERT INTO "chat_tag" (chat_id, tag_id) VALUES {values}', pairs)


# --- the other way: where an exported chat is filed ---------------------------------------------


def folder_by_path(user: AccountRef, path: str) -> int:
    """The id of the user's folder at ``path`` (names from the top, ``/`` between them,
    compared as folders compare them); a single name that is no top folder may name a folder at
    any level, if only one has it. Raises ServiceError 6001 when there is no such folder (or
    the single name is ambiguous)."""
    names = [part.strip() for part in path.split("/")]
    if not path.strip() or not all(names):
        raise ServiceError(6001, name=path)
    rows = run('SELECT id, parent_id, name_key FROM "folder" WHERE user_id = ?', (user.id,))
    by_key = {(parent, key): fid for fid, parent, key in rows.fetchall()}
    parent: int | None = None
    for name in names:
        parent = by_key.get((parent, username_key(name)))
        if parent is None:
            break
    if parent is not None:
        return parent
    if len(names) == 1:
        found = folders.find_folder(user, names[0])
        if len(found) == 1:
            return found[0]
    raise ServiceError(6001, name=path)


def tag_by_name(user: AccountRef, name: str) -> int:
    """The id of the user's tag of this name; ServiceError 6004 when there is none."""
    found = tags.find_tag(user, name) if name.strip() else None
    if found is None:
        raise ServiceError(6004, name=name)
    return found


@dataclass(frozen=True)
class Filing:
    """Where the chats of an export are filed, read once for the whole export: each folder's
    path and place, and each chat's tags.

    Attributes:
        folders: (folder id, path from the top, position among its siblings), parents first.
        tags: every tag the export lists: (name, colour).
        chat_tags: each chat's tags by name: (name, colour).
        paths: every folder's path by id.
        projects: a coding agent's session's working directory and git branch, by chat id.
    """

    folders: tuple[tuple[int, tuple[str, ...], int], ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    chat_tags: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    paths: dict[int, tuple[str, ...]] = field(default_factory=dict)
    projects: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)

    def path(self, folder_id: int | None) -> tuple[str, ...]:
        """The path of the folder ``folder_id`` from the top; () for none (or one not listed)."""
        return () if folder_id is None else self.paths.get(folder_id, ())

    def tags_of(self, chat_id: int) -> tuple[tuple[str, str], ...]:
        return self.chat_tags.get(chat_id, ())


_SESSIONS = (
    'SELECT s.chat_id, s.workdir, s.branch FROM "agent_session" s '
    'JOIN "chat" c ON c.id = s.chat_id WHERE c.user_id = ?'
)


def filing(user: AccountRef, chat_ids: list[int], folder_ids: set[int], everything: bool) -> Filing:
    """The :class:`Filing` of an export of ``chat_ids``: every folder and tag of the user when
    it is ``everything``; else the folders ``folder_ids`` (a selection's, with their parents)
    and the tags the chats carry."""
    infos = folders.list_folders(user)
    paths: dict[int, tuple[str, ...]] = {}
    for info in infos:  # parents first
        paths[info.id] = (*paths.get(info.parent_id or -1, ()), info.name)
    wanted = set(paths) if everything else set()
    if not everything:
        parents = {info.id: info.parent_id for info in infos}
        for fid in folder_ids:
            while fid is not None and fid not in wanted and fid in parents:
                wanted.add(fid)
                fid = parents[fid]  # type: ignore[assignment]
    listed = tuple((i.id, paths[i.id], i.position) for i in infos if i.id in wanted)
    chat_paths = {i.id: paths[i.id] for i in infos}  # a chat's own folder, listed or not
    per_chat = {
        chat: tuple((t.name, t.color) for t in found)
        for chat, found in tags.tags_of(chat_ids).items()
    }
    if everything:
        every = tuple((t.name, t.color) for t in tags.list_tags(user))
    else:
        every = tuple(dict.fromkeys(t for found in per_chat.values() for t in found))
    sessions = run(_SESSIONS, (user.id,)).fetchall()
    projects = {int(chat): (workdir, branch) for chat, workdir, branch in sessions}
    return Filing(listed, every, per_chat, chat_paths, projects)
