"""The chat list: every row from the start, a chat's title and preview loaded when its row is
shown.

``rowCount`` is the number of chats as soon as the first page arrives (the total is one row of
``chat_count``); the order keys of all the rows follow (one scan of the ``chat_list`` index, on
the worker), and the summaries of a page of rows are loaded, by id, when one of its rows is
first painted (a placeholder is painted meanwhile). The row count is kept by the C++ base class
(``QStringListModel``, its strings all empty): a layout of 100,000 rows then makes no Python call
per row (a Python ``rowCount`` was called twice per row on every layout, 0.3 s at 100,000).
"""

from __future__ import annotations

import bisect
import operator
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)

from chatdesk.services import chats, tags
from chatdesk.services.chat_filter import DEFAULT, ChatFilter
from chatdesk.services.chats import ChatSummary, RawKey
from chatdesk.services.events import Change
from chatdesk.ui.chats import ops
from chatdesk.ui.chats.mime import CHAT_IDS_MIME, chat_ids_mime
from chatdesk.ui.tasks import Tasks, error_text
from chatdesk.ui.widgets import Index, plain_tip

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account
    from chatdesk.services.tags import TagInfo


def page_of(user: Account, ids: list[int]) -> tuple[list[ChatSummary], dict[int, list[TagInfo]]]:
    """The summaries of these chats and their tags (for the rows' chips), on the worker."""
    rows = chats.summaries(user, ids)
    return rows, tags.tags_of([r.id for r in rows])


def all_keys(user: Account, query: str, where: ChatFilter) -> tuple[list[RawKey], list[int]]:
    """Every row's key and id (on the worker: 100,000 ids listed here would hold the GIL from
    the window's thread for a few milliseconds)."""
    keys = chats.list_keys(user, query, where=where)
    return keys, list(map(operator.itemgetter(2), keys))  # one C loop: no bytecode per row


Page = tuple[list[ChatSummary], dict[int, list["TagInfo"]]]


class ChatListModel(QStringListModel):
    """The user's live chats, pinned first then newest first.

    Every row is there from the first page on; ``ChatIdRole`` is known for every row once the
    keys have arrived (:attr:`complete`), the other roles once the row's page is loaded
    (``PlaceholderRole`` is True until then). A change announced by the services moves,
    inserts or removes just the rows it names (placed by their order keys), never the whole
    list; more than :data:`BULK` at once reload the keys in one reset (``live_reset`` is True
    during it, so that the view restores its selection and scroll position).

    Signals:
        loaded(): rows or summaries arrived.
        failed(str): why a rename was refused.
        rename_refused(int, str): a rename refused: the chat and the title typed (to be offered
            again rather than lost).
    """

    ChatIdRole = Qt.ItemDataRole.UserRole + 1
    PreviewRole = Qt.ItemDataRole.UserRole + 2
    UpdatedRole = Qt.ItemDataRole.UserRole + 3
    SummaryRole = Qt.ItemDataRole.UserRole + 4
    PinnedRole = Qt.ItemDataRole.UserRole + 5
    PlaceholderRole = Qt.ItemDataRole.UserRole + 6
    #: The chat's tags (a tuple of :class:`TagInfo`, by name).
    TagsRole = Qt.ItemDataRole.UserRole + 7
    #: Where the chat was imported from (``deepseek``…), or None (issue 22).
    SourceRole = Qt.ItemDataRole.UserRole + 8
    PAGE = 100
    #: Summaries kept (least recently shown dropped first).
    CACHE = 20_000
    #: Pages waiting to be loaded at most (the latest asked for first; older ones dropped).
    WANTED = 6
    #: More changed chats at once than this reload the whole list's keys.
    BULK = 200
    #: How long after the first page the keys of all the rows are asked for.
    KEYS_AFTER_MS = 100

    loaded = Signal()
    failed = Signal(str)
    rename_refused = Signal(int, str)

    def __init__(self, tasks: Tasks, parent: Any = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.user: Account | None = None
        self.query = ""
        #: Which chats the list shows besides the title filter (folder, tags, archive).
        self.where: ChatFilter = DEFAULT
        self._ids: list[int] = []  # the rows whose ids are known: all once complete
        self._keys: list[RawKey] = []  # their order keys, descending
        self._complete = True
        self._settled = False  # the first answer for the current query and filter arrived
        self._cache: OrderedDict[int, ChatSummary] = OrderedDict()
        self._tags: dict[int, tuple[TagInfo, ...]] = {}  # of the chats in the cache
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._page_busy = self._page_soon = False
        self._ahead: set[int] = set()  # pages wanted ahead of the scrolling, not for a paint
        self._dirty: set[int] = set()
        self._refreshing = False
        self._generation = 0  # bumped by a new query: late answers of an old one are dropped
        self._rows: dict[int, int] | None = None  # id -> row, built when asked, until a change
        self.live_reset = False
        self._apply: Callable[[], None] | None = None
        # first among the receivers: the rows' ids change with the base class's row count
        self.rowsInserted.connect(self._run_apply)
        self.rowsRemoved.connect(self._run_apply)
        self.modelReset.connect(self._run_apply)

    # --- Qt model API -----------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._ids):
            return True if role == self.PlaceholderRole and index.isValid() else None
        chat_id = self._ids[row]
        if role == self.ChatIdRole:
            return chat_id
        chat = self._cache.get(chat_id)
        if chat is None:
            if role in (Qt.ItemDataRole.DisplayRole, self.PlaceholderRole):
                self._want(row // self.PAGE)
            return True if role == self.PlaceholderRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            self._cache.move_to_end(chat_id)
            return chat.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(chat.title)  # a tooltip is read as rich text if it looks like it
        if role == self.PreviewRole:
            return chat.last_preview
        if role == self.UpdatedRole:
            return chat.updated_at
        if role == self.SummaryRole:
            return chat
        if role == self.PinnedRole:
            return chat.pinned
        if role == self.TagsRole:
            return self._tags.get(chat_id, ())
        if role == self.SourceRole:
            return chat.source
        if role == self.PlaceholderRole:
            return False
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [CHAT_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The chats of ``indexes`` (those whose id is known), for a drop onto a folder."""
        ids = [self.id_at(i.row()) for i in indexes if i.isValid()]
        return chat_ids_mime([i for i in dict.fromkeys(ids) if i])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Renaming through the view's editor: stored on the worker, shown when it is saved."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        chat = self.summary(self.id_at(index.row()))
        title = str(value).strip()
        if chat is None or not title or title == chat.title:
            return False
        user = self.user
        assert user is not None
        chat_id = chat.id

        def refused(exc: BaseException) -> None:
            self.failed.emit(error_text(exc))
            self.rename_refused.emit(chat_id, title)

        ops.rename(self.tasks, self, user, chat_id, title, refused)
        return True

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update(
            {
                self.ChatIdRole: QByteArray(b"chatId"),
                self.PreviewRole: QByteArray(b"preview"),
                self.UpdatedRole: QByteArray(b"updated"),
                self.SummaryRole: QByteArray(b"summary"),
                self.PinnedRole: QByteArray(b"pinned"),
                self.PlaceholderRole: QByteArray(b"placeholder"),
                self.TagsRole: QByteArray(b"tags"),
            }
        )
        return names

    # --- rows: the base class counts them, this class names them -----------------------------

    def _run_apply(self, *_: object) -> None:
        apply, self._apply = self._apply, None
        if apply is not None:
            apply()

    def _insert(self, row: int, keys: list[RawKey]) -> None:
        def apply() -> None:
            self._keys[row:row] = keys
            self._ids[row:row] = [k[2] for k in keys]
            self._rows = None

        self._apply = apply
        self.insertRows(row, len(keys))
        self._run_apply()

    def _remove(self, row: int, count: int) -> None:
        def apply() -> None:
            del self._keys[row : row + count]
            del self._ids[row : row + count]
            self._rows = None

        self._apply = apply
        self.removeRows(row, count)
        self._run_apply()

    def _move(self, old: int, new: int, key: RawKey) -> None:
        """The row at ``old`` to ``new`` (its index once moved), with its new key."""
        self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), new if new < old else new + 1)
        chat_id = self._ids.pop(old)
        del self._keys[old]
        self._ids.insert(new, chat_id)
        self._keys.insert(new, key)
        self._rows = None
        self.endMoveRows()

    def _install(self, keys: list[RawKey], total: int, ids: list[int] | None = None) -> None:
        """All the rows anew: ``total`` of them, the first ``len(keys)`` known."""

        def apply() -> None:
            self._keys = keys
            self._ids = [k[2] for k in keys] if ids is None else ids
            self._complete = total <= len(keys)
            self._rows = None

        self._apply = apply
        if self.rowCount() == 0 and total:
            self.insertRows(0, total)
        else:
            self.setStringList([""] * total)
        self._run_apply()

    # --- loading ----------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """Whether every row's id is known (the keys of all rows arrived)."""
        return self._complete

    exhausted = complete  # the name from when rows arrived a page at a time

    @property
    def settled(self) -> bool:
        """Whether the rows shown answer the current query and filter (their first page came;
        False while it is on its way, and after it failed)."""
        return self._settled

    def set_user(self, user: Account) -> None:
        """Show ``user``'s chats, from the first page."""
        self.user = user
        self._cache.clear()
        self._tags.clear()
        self.set_query("")

    def set_filter(self, where: ChatFilter) -> None:
        """Show the chats ``where`` selects (a folder, tags, the archive); starts over."""
        self.where = where
        self.set_query(self.query)

    def set_query(self, query: str) -> None:
        """Filter by title; starts over from the first page."""
        self.query = query.strip()
        self._generation += 1
        self._dirty.clear()
        self._wanted.clear()
        self._ahead.clear()
        self._page_busy = self._refreshing = self._settled = False
        self._install([], 0)
        if self.user is None:
            return
        user, query, generation, page = self.user, self.query, self._generation, self.PAGE
        where = self.where

        def first() -> tuple[list[RawKey], int, Page]:
            if query:  # a filter scans every title anyway: all the keys at once
                keys = chats.list_keys(user, query, where=where)
                return keys, len(keys), page_of(user, [k[2] for k in keys[:page]])
            keys = chats.list_keys(user, limit=page, where=where)
            total = len(keys) if len(keys) < page else chats.count_chats(user, where=where)
            return keys, total, page_of(user, [k[2] for k in keys])

        self._refreshing = True  # changes wait for the rows
        self.tasks.run(
            first,
            lambda got: self._first_arrived(generation, *got),
            lambda exc: self._failed(generation),
            owner=self,
        )

    def _first_arrived(self, generation: int, keys: list[RawKey], total: int, got: Page) -> None:
        if generation != self._generation:
            return
        self._remember(*got)
        self._settled = True
        self._install(keys, max(total, len(keys)))
        self.loaded.emit()
        if self._complete:
            self._refresh_done()
        else:  # once the first page is painted (the worker would slow its paint down)
            QTimer.singleShot(self.KEYS_AFTER_MS, lambda: self._load_keys(generation))

    def _load_keys(self, generation: int) -> None:
        user, query, where = self.user, self.query, self.where
        if generation != self._generation or user is None:
            return
        self.tasks.run(
            lambda: all_keys(user, query, where),
            lambda got: self._keys_arrived(generation, *got),
            lambda exc: self._failed(generation),
            owner=self,
        )

    def _keys_arrived(
        self, generation: int, keys: list[RawKey], ids: list[int], repaint: bool = False
    ) -> None:
        """The keys of every row (after the first page, or after many changes at once)."""
        if generation != self._generation:
            return
        known = 0 if repaint else len(self._keys)
        if len(keys) == self.rowCount() and keys[: len(self._keys)] == self._keys:
            self._keys = keys  # the rows stay; their ids are known now
            self._ids = ids
            self._complete = True
            self._rows = None
            if known < len(keys):
                self.dataChanged.emit(self.index(known), self.index(len(keys) - 1))
        else:  # changed meanwhile
            self._replace(keys, ids)
        self.loaded.emit()
        self._refresh_done()

    def _replace(self, keys: list[RawKey], ids: list[int]) -> None:
        """Every row anew, in a reset the view restores its selection and scroll after."""
        self.live_reset = True
        try:
            self._install(keys, len(keys), ids)
        finally:
            self.live_reset = False

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self._refreshing = False

    # --- pages of summaries ---------------------------------------------------------------------

    def _remember(
        self, summaries: Iterable[ChatSummary], tagged: dict[int, list[TagInfo]] | None = None
    ) -> None:
        cache, known = self._cache, self._tags
        for chat in summaries:
            cache[chat.id] = chat
            cache.move_to_end(chat.id)
            known[chat.id] = tuple(tagged.get(chat.id, ())) if tagged else ()
        while len(cache) > self.CACHE:
            gone, _ = cache.popitem(last=False)
            known.pop(gone, None)

    def _missing(self, page: int) -> list[int]:
        ids = self._ids[page * self.PAGE : (page + 1) * self.PAGE]
        return [i for i in ids if i not in self._cache]

    def _want(self, page: int) -> None:
        self._ahead.discard(page)
        wanted = self._wanted
        if page in wanted:
            wanted.move_to_end(page)
        else:
            wanted[page] = None
            while len(wanted) > self.WANTED:
                wanted.popitem(last=False)
        if not self._page_busy and not self._page_soon:
            self._page_soon = True
            QTimer.singleShot(0, self._next_page)  # after this paint: its pages all asked for

    def ensure_loaded(self, first: int, last: int) -> None:
        """Load the summaries of rows ``first``..``last`` (tests, and rows about to be used)."""
        for page in range(max(0, first) // self.PAGE, max(0, last) // self.PAGE + 1):
            if self._missing(page):
                self._want(page)

    def _next_page(self) -> None:
        self._page_soon = False
        while self._wanted and not self._page_busy and self.user is not None:
            page, _ = self._wanted.popitem(last=True)
            ids = self._missing(page)
            if not ids:
                continue
            self._page_busy = True
            self._load_page(page, ids)

    def _load_page(self, page: int, ids: list[int]) -> None:
        user, generation = self.user, self._generation
        assert user is not None
        self.tasks.run(
            lambda: page_of(user, ids),
            lambda got: self._page_arrived(generation, page, got),
            lambda exc: self._page_failed(generation),
            owner=self,
        )

    def _page_arrived(self, generation: int, page: int, got: Page) -> None:
        if generation != self._generation:
            return
        self._page_busy = False
        rows, tagged = got
        self._remember((r for r in rows if r.id not in self._dirty), tagged)
        first = page * self.PAGE
        last = min(first + self.PAGE, len(self._ids)) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first), self.index(last))
        if not self._wanted and page not in self._ahead:
            # the next page and the one before, ahead of the scrolling (once: a page loaded
            # ahead loads none ahead of itself)
            for near in (page - 1, page + 1):
                if 0 <= near * self.PAGE < len(self._ids) and self._missing(near):
                    self._wanted[near] = None
                    self._ahead.add(near)
        self._ahead.discard(page)
        self.loaded.emit()
        self._next_page()

    def _page_failed(self, generation: int) -> None:
        if generation == self._generation:
            self._page_busy = False

    # --- rows ---------------------------------------------------------------------------------

    def id_at(self, row: int) -> int:
        """The chat at ``row`` (0 while not known)."""
        return self._ids[row] if 0 <= row < len(self._ids) else 0

    def ids(self) -> list[int]:
        """The known rows' ids, in order (a copy)."""
        return list(self._ids)

    def row_of(self, chat_id: int) -> int:
        if self._rows is not None:
            return self._rows.get(chat_id, -1)
        try:
            return self._ids.index(chat_id)
        except ValueError:
            return -1

    def rows_of(self, chat_ids: Iterable[int]) -> dict[int, int]:
        """Rows of many chats at once: {id: row} for those listed."""
        if self._rows is None:
            self._rows = {chat_id: row for row, chat_id in enumerate(self._ids)}
        rows = self._rows
        return {i: rows[i] for i in chat_ids if i in rows}

    def summary(self, chat_id: int) -> ChatSummary | None:
        return self._cache.get(chat_id)

    def tags_of(self, chat_id: int) -> tuple[TagInfo, ...]:
        """The chat's tags, as last loaded (none while it is not)."""
        return self._tags.get(chat_id, ())

    def tags_carried(self, chat_ids: Iterable[int]) -> set[int]:
        """The ids of the tags every one of these chats carries (none when one of them is not
        loaded: not known)."""
        found: set[int] | None = None
        for chat_id in chat_ids:
            if chat_id not in self._cache:
                return set()
            have = {t.id for t in self._tags.get(chat_id, ())}
            found = have if found is None else found & have
        return found or set()

    def on_change(self, change: Change) -> None:
        """Refresh the chats changes name (if they are this user's): those delivered together
        are refreshed together, after the rows in hand."""
        if self.user is None or change.kind not in ("chat", "message"):
            return
        if change.user_id != self.user.id:
            return
        self._dirty.add(change.chat_id)
        self._cache.pop(change.chat_id, None)
        self._tags.pop(change.chat_id, None)
        if not self._refreshing:
            self._refreshing = True
            QTimer.singleShot(0, self._refresh)

    def _refresh_done(self) -> None:
        self._refreshing = False
        if self._dirty:
            self._refreshing = True
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        if not self._dirty or self.user is None:
            self._refreshing = False
            return
        dirty, self._dirty = self._dirty, set()
        user, query, generation, where = self.user, self.query, self._generation, self.where
        if len(dirty) > self.BULK:
            self.tasks.run(
                lambda: all_keys(user, query, where),
                lambda got: self._keys_arrived(generation, got[0], got[1], repaint=True),
                lambda exc: self._failed(generation),
                owner=self,
            )
            return

        def fetch() -> tuple[list[RawKey], Page]:
            keys = chats.list_keys(user, query, ids=dirty, where=where)
            return keys, page_of(user, [k[2] for k in keys])

        self.tasks.run(
            fetch,
            lambda got: self._refreshed(generation, dirty, *got),
            lambda exc: self._failed(generation),
            owner=self,
        )

    def _matches(self, chat: ChatSummary) -> bool:
        return chats.title_matches(chat.title, self.query)

    def _position(self, key: RawKey) -> int:
        """Where a chat of ``key`` belongs among the known rows (the keys are descending)."""
        return bisect.bisect_left(self._keys, True, key=lambda k: k < key)

    def _refreshed(self, generation: int, dirty: set[int], keys: list[RawKey], got: Page) -> None:
        if generation != self._generation:
            return
        self._remember(*got)
        fresh = {k[2]: k for k in keys}
        for chat_id in sorted(dirty, key=lambda i: i in fresh):  # removals first
            self._place(chat_id, fresh.get(chat_id))
        self.loaded.emit()
        self._refresh_done()

    def _place(self, chat_id: int, key: RawKey | None) -> None:
        chat = self._cache.get(chat_id)
        keep = key is not None and chat is not None and self._matches(chat)
        old = self.row_of(chat_id)
        if not keep:
            if old >= 0:
                self._remove(old, 1)
            return
        assert key is not None
        if old >= 0:
            del self._keys[old]  # look for its new place among the others
            new = self._position(key)
            self._keys.insert(old, key)
            if new == old:
                self._keys[old] = key
                self.dataChanged.emit(self.index(old), self.index(old))
            else:
                self._move(old, new, key)
        elif self._complete:
            self._insert(self._position(key), [key])
