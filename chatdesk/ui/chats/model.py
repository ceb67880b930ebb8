"""The chat list: a lazily paged list model over ``chats.chats_after`` (keyset paging)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    Qt,
    Signal,
)

from chatdesk.services import chats
from chatdesk.services.chats import ChatSummary
from chatdesk.services.events import Change
from chatdesk.ui.tasks import Tasks, error_text
from chatdesk.ui.widgets import Index

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account

SortKey = tuple[bool, dt.datetime, int]


def sort_key(chat: ChatSummary) -> SortKey:
    return (chat.pinned, chat.updated_at, chat.id)


class ChatListModel(QAbstractListModel):
    """The user's live chats, pinned first then newest first, fetched a page at a time.

    Rows are cached by id; a change announced by the services refreshes just that row (moved,
    inserted or removed), never the whole list.

    Signals:
        loaded(): a page (or a refreshed row) arrived.
        failed(str): why a rename was refused.
    """

    ChatIdRole = Qt.ItemDataRole.UserRole + 1
    PreviewRole = Qt.ItemDataRole.UserRole + 2
    UpdatedRole = Qt.ItemDataRole.UserRole + 3
    SummaryRole = Qt.ItemDataRole.UserRole + 4
    PinnedRole = Qt.ItemDataRole.UserRole + 5
    PAGE = 100

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, tasks: Tasks, parent: Any = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.user: Account | None = None
        self.query = ""
        self._ids: list[int] = []
        self._rows: dict[int, ChatSummary] = {}
        self._exhausted = False
        self._loading = False
        self._generation = 0  # bumped by a new query: late pages of an old one are dropped

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        chat = self._rows[self._ids[index.row()]]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return chat.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return chat.title
        if role == self.ChatIdRole:
            return chat.id
        if role == self.PreviewRole:
            return chat.last_preview
        if role == self.UpdatedRole:
            return chat.updated_at
        if role == self.SummaryRole:
            return chat
        if role == self.PinnedRole:
            return chat.pinned
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Renaming through the view's editor: stored on the worker, shown when it is saved."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        title = str(value).strip()
        chat = self._rows[self._ids[index.row()]]
        if not title or title == chat.title:
            return False
        user = self.user
        assert user is not None
        self.tasks.run(
            lambda: chats.rename_chat(user, chat.id, title),
            on_error=lambda exc: self.failed.emit(error_text(exc)),
            owner=self,
        )
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
            }
        )
        return names

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and self.user is not None
            and not self._exhausted
            and not self._loading
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        after = sort_key(self._rows[self._ids[-1]]) if self._ids else None
        assert self.user is not None
        user, query, generation = self.user, self.query, self._generation
        self.tasks.run(
            lambda: chats.chats_after(user, after, self.PAGE, query),
            lambda rows: self._page_arrived(generation, rows),
            lambda exc: self._page_failed(generation),
            owner=self,
        )

    # --- loading ----------------------------------------------------------------------------

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def set_user(self, user: Account) -> None:
        """Show ``user``'s chats, from the first page."""
        self.user = user
        self.set_query("")

    def set_query(self, query: str) -> None:
        """Filter by title; starts over from the first page."""
        self.beginResetModel()
        self.query = query.strip()
        self._generation += 1
        self._ids.clear()
        self._rows.clear()
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self.fetchMore()

    def _page_arrived(self, generation: int, rows: list[ChatSummary]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        rows = [r for r in rows if r.id not in self._rows]
        if len(rows) < self.PAGE:
            self._exhausted = True
        if rows:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            for row in rows:
                self._ids.append(row.id)
                self._rows[row.id] = row
            self.endInsertRows()
        self.loaded.emit()

    def _page_failed(self, generation: int) -> None:
        if generation == self._generation:
            self._loading = False

    # --- rows ---------------------------------------------------------------------------------

    def row_of(self, chat_id: int) -> int:
        try:
            return self._ids.index(chat_id)
        except ValueError:
            return -1

    def summary(self, chat_id: int) -> ChatSummary | None:
        return self._rows.get(chat_id)

    def on_change(self, change: Change) -> None:
        """Refresh the one chat a change names (if it is this user's)."""
        if self.user is None or change.kind not in ("chat", "message"):
            return
        if change.user_id != self.user.id:
            return
        chat_id, generation = change.chat_id, self._generation
        self.tasks.run(
            lambda: chats.get_summary(chat_id),
            lambda summary: self._refresh(generation, chat_id, summary),
            owner=self,
        )

    def _matches(self, chat: ChatSummary) -> bool:
        return not self.query or self.query.casefold() in chat.title.casefold()

    def _position(self, chat: ChatSummary) -> int:
        """Where ``chat`` belongs among the loaded rows, or -1 when it sorts after all of them
        while more pages remain (it will come with a later page)."""
        key = sort_key(chat)
        for row, chat_id in enumerate(self._ids):
            if sort_key(self._rows[chat_id]) < key:
                return row
        return len(self._ids) if self._exhausted else -1

    def _refresh(self, generation: int, chat_id: int, chat: ChatSummary | None) -> None:
        if generation != self._generation:
            return
        old = self.row_of(chat_id)
        keep = chat is not None and self._matches(chat)
        if old >= 0:
            del self._ids[old]  # look for its new place among the others
        new = self._position(chat) if chat is not None and keep else -1
        if old >= 0 and new == old:
            self._ids.insert(old, chat_id)
            assert chat is not None
            self._rows[chat_id] = chat
            self.dataChanged.emit(self.index(old), self.index(old))
        elif old >= 0 and new >= 0:
            self._ids.insert(old, chat_id)
            dest = new if new < old else new + 1
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), dest)
            del self._ids[old]
            self._ids.insert(new, chat_id)
            assert chat is not None
            self._rows[chat_id] = chat
            self.endMoveRows()
        elif old >= 0:
            self._ids.insert(old, chat_id)
            self.beginRemoveRows(QModelIndex(), old, old)
            del self._ids[old]
            del self._rows[chat_id]
            self.endRemoveRows()
        elif new >= 0:
            assert chat is not None
            self.beginInsertRows(QModelIndex(), new, new)
            self._ids.insert(new, chat_id)
            self._rows[chat_id] = chat
            self.endInsertRows()
        self.loaded.emit()
