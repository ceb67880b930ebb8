"""The prompt search results: a list model paged over ``prompts.list_prompts``."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from chatdesk.services import prompts
from chatdesk.services.prompts import PromptRow
from chatdesk.ui.prompts.card import star_icon
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import Index, plain_tip

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account


class PromptListModel(QAbstractListModel):
    """Prompts whose title or text contains the query, favourites first (marked with a gold
    star), then by title."""

    TextRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    FavoriteRole = Qt.ItemDataRole.UserRole + 3
    PAGE = 100

    def __init__(self, tasks: Tasks, parent: Any = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.query = ""
        self.user: Account | None = None  # whose favourites come first and are marked
        self._rows: list[PromptRow] = []
        self._exhausted = True
        self._loading = False
        self._generation = 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        prompt = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return prompt.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(prompt.text[:500])
        if role == self.TextRole:
            return prompt.text
        if role == self.IdRole:
            return prompt.id
        if role == self.FavoriteRole:
            return prompt.favorite
        if role == Qt.ItemDataRole.DecorationRole:
            return star_icon(prompt.favorite)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self.tr("Favorite") if prompt.favorite else None
        return None

    def restyle(self) -> None:
        """Repaint the stars in the colours of the theme now in use."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._rows) - 1), [Qt.ItemDataRole.DecorationRole]
            )

    def prompt_at(self, row: int) -> PromptRow:
        return self._rows[row]

    def set_favorite(self, prompt_id: int, favorite: bool) -> None:
        """Mark a row's star in place: the rows keep their order (and the cursor its row) until
        the next search, so starring results one after another stars each of them."""
        for row, prompt in enumerate(self._rows):
            if prompt.id == prompt_id and prompt.favorite != favorite:
                self._rows[row] = replace(prompt, favorite=favorite)
                self.dataChanged.emit(self.index(row), self.index(row))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        query, offset, generation, user = self.query, len(self._rows), self._generation, self.user
        self.tasks.run(
            lambda: prompts.list_prompts(query, user=user, offset=offset, limit=self.PAGE),
            lambda rows: self._arrived(generation, offset, rows),
            owner=self,
        )

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self.query = query.strip()
        self._generation += 1
        self._rows.clear()
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self.fetchMore()

    def _arrived(self, generation: int, offset: int, rows: list[PromptRow]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return  # an older query's page, or one already shown
        self._loading = False
        self._exhausted = len(rows) < self.PAGE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
