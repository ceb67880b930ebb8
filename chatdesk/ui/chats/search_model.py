"""Message search results: a list model paged over ``search.search``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    Qt,
    Signal,
)

from chatdesk.services import search
from chatdesk.services.search import Hit
from chatdesk.services.tags import TagInfo
from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import Index, plain_tip

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account


class SearchHitsModel(QAbstractListModel):
    """Chats whose title contains the query, then messages containing it (newest first or
    best match first), a page at a time.

    Rows use the chat list's roles (title, preview = the snippet, time, chat id), so the chat
    list's delegate draws them; ``HighlightsRole`` gives where the matches are in the snippet.

    The service counts hits only up to a cap (:func:`chatdesk.services.search.find`): past it
    ``exact`` is False, ``total`` is a lower bound, and paging goes on until a page comes back
    short.

    Signals:
        loaded(): a page arrived (``total`` is known).
    """

    ChatIdRole = ChatListModel.ChatIdRole
    PreviewRole = ChatListModel.PreviewRole
    UpdatedRole = ChatListModel.UpdatedRole
    MessageIdRole = Qt.ItemDataRole.UserRole + 10
    HighlightsRole = Qt.ItemDataRole.UserRole + 11
    HitRoleRole = Qt.ItemDataRole.UserRole + 12
    #: The hit's chat's folder name ("" when in none) and tags (as on the chat list's rows).
    FolderRole = Qt.ItemDataRole.UserRole + 13
    TagsRole = ChatListModel.TagsRole
    SourceRole = ChatListModel.SourceRole
    PAGE = 50

    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: Any = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.user: Account | None = None
        self.query = ""
        self.order = "newest"
        self._hits: list[Hit] = []
        self._total = 0
        self._exact = True
        self._loading = False
        self._generation = 0

    @property
    def total(self) -> int:
        """How many hits there are; when not :attr:`exact`, more than this."""
        return self._total

    @property
    def exact(self) -> bool:
        """False while the count stopped at the cap: there are more hits than :attr:`total`."""
        return self._exact

    @property
    def loading(self) -> bool:
        return self._loading

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.chat_title
        if role == self.PreviewRole:
            return hit.snippet
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(hit.snippet)
        if role == self.UpdatedRole:
            return hit.created_at
        if role == self.ChatIdRole:
            return hit.chat_id
        if role == self.MessageIdRole:
            return hit.message_id
        if role == self.HighlightsRole:
            return hit.highlights
        if role == self.HitRoleRole:
            return hit.role
        if role == self.FolderRole:
            return hit.folder
        if role == self.SourceRole:
            return hit.source
        if role == self.TagsRole:
            return tuple(TagInfo(0, name, "") for name in hit.tags)
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update(
            {
                self.ChatIdRole: QByteArray(b"chatId"),
                self.PreviewRole: QByteArray(b"snippet"),
                self.UpdatedRole: QByteArray(b"created"),
                self.MessageIdRole: QByteArray(b"messageId"),
                self.HighlightsRole: QByteArray(b"highlights"),
                self.HitRoleRole: QByteArray(b"hitRole"),
                self.FolderRole: QByteArray(b"folder"),
                self.TagsRole: QByteArray(b"tags"),
            }
        )
        return names

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and self.user is not None
            and bool(self.query)
            and not self._loading
            and (len(self._hits) < self._total or not self._exact)
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch()

    def _fetch(self) -> None:
        assert self.user is not None
        self._loading = True
        user, query, offset, order = self.user, self.query, len(self._hits), self.order
        generation = self._generation
        self.tasks.run(
            lambda: search.find(
                user, query, offset=offset, limit=self.PAGE, order=order, cap=search.COUNT_CAP
            ),
            lambda found: self._arrived(generation, offset, found),
            lambda exc: self._failed(generation),
            owner=self,
        )

    def set_query(self, user: Account, query: str, order: str = "newest") -> None:
        """Search ``user``'s messages for ``query`` from the first page ("" clears), in
        ``order`` ("newest" or "relevance")."""
        self.beginResetModel()
        self.user = user
        self.query = query.strip()
        self.order = order
        self._generation += 1
        self._hits.clear()
        self._total = 0
        self._exact = True
        self._loading = False
        self.endResetModel()
        if self.query:
            self._fetch()

    def _arrived(self, generation: int, offset: int, found: search.Found) -> None:
        if generation != self._generation or offset != len(self._hits):
            return  # an older query's page, or one already shown
        self._loading = False
        hits = found.hits
        self._total, self._exact = found.total, found.exact
        if hits:
            first = len(self._hits)
            self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
            self._hits.extend(hits)
            self.endInsertRows()
        if not hits:
            self._total, self._exact = len(self._hits), True  # nothing more to fetch
        self.loaded.emit()

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self._loading = False
            self._total, self._exact = len(self._hits), True
            self.loaded.emit()
