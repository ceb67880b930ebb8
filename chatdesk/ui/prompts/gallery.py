"""The prompt gallery: 8 cards (favourites first), Shuffle for 8 others (from every prompt or from
the favourites only), a search over all prompts, add a prompt, import and export collections."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import prompts
from chatdesk.services.events import Change
from chatdesk.services.prompts import PromptRow
from chatdesk.ui import theme
from chatdesk.ui.help import PROMPT_DELETE_KEY, PROMPT_EDIT_KEY, PROMPT_STAR_KEYS, show_keys
from chatdesk.ui.prompts.card import CARD_KEYS, PromptCard, is_star_key
from chatdesk.ui.prompts.collections_menu import PromptCollectionsMenu
from chatdesk.ui.prompts.dialog import AddPromptDialog
from chatdesk.ui.prompts.models import PromptListModel
from chatdesk.ui.tasks import Tasks, error_text
from chatdesk.ui.widgets import named, plain, single_shot_timer

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account

CARDS = 8
SEARCH_DELAY_MS = 250
NOTICE_MS = 8000


class PromptGallery(QWidget):
    """Cards, Shuffle (换一批) with a Favorites only switch, search, Add, Import and Export.

    A favourite is marked with a card's star (or F / Ctrl+D on a focused card or search result)
    and listed first: first among the drawn cards, first in the search results. Favourites are
    the signed-in person's own (:attr:`user`). F2 edits a card or result, Delete removes it
    (with Undo); both are in their context menus too.

    Signals:
        chosen(str): a prompt's text, to put into the composer.
    """

    chosen = Signal(str)
    GRID, RESULTS, EMPTY = range(3)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptGallery")
        self.tasks = tasks
        self.heading = plain(QLabel())
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.search = named(QLineEdit(), "promptSearchEdit")
        self.search.setClearButtonEnabled(True)
        self.shuffle_button = named(QPushButton(), "shuffleButton")
        self.favorites_only = named(QCheckBox(), "favoritesOnlyCheck")
        self.add_button = named(QPushButton(), "addPromptButton")
        self.collections = PromptCollectionsMenu(tasks, self)
        self.collections_button = named(QToolButton(), "promptCollectionsButton")
        self.collections_button.setMenu(self.collections)
        self.collections_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The style draws its menu arrow over the text's last character: an arrow in the text.
        self.collections_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.notice = plain(named(QLabel(), "promptNoticeLabel"))
        self.notice.hide()
        self.undo_button = named(QPushButton(), "promptUndoButton")
        self.undo_button.setFlat(True)
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo_delete)
        self._deleted: prompts.DeletedPrompt | None = None
        self.user: Account | None = None
        self.cards = [PromptCard() for _ in range(CARDS)]
        grid_page = QWidget()
        grid = QGridLayout(grid_page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for n, card in enumerate(self.cards):
            grid.addWidget(card, n // 2, n % 2)
            card.chosen.connect(self.chosen)
            card.star_toggled.connect(self.set_favorite)
            card.edit_requested.connect(self.edit_prompt)
            card.delete_requested.connect(self.delete_prompt)
        grid.setRowStretch(CARDS // 2, 1)
        self.results_model = PromptListModel(tasks, self)
        self.results = named(QListView(), "promptResults")
        self.results.setModel(self.results_model)
        self.results.setUniformItemSizes(True)
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results.customContextMenuRequested.connect(self._result_menu)
        self.results.installEventFilter(self)
        self.results.viewport().installEventFilter(self)
        self.results.activated.connect(self._result_chosen)
        self.results.clicked.connect(self._result_chosen)
        self.empty_label = plain(named(QLabel(), "promptEmptyLabel"))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.show_all_button = named(QPushButton(), "showAllPromptsButton")
        empty_page = QWidget()
        empty = QVBoxLayout(empty_page)
        empty.addStretch(1)
        empty.addWidget(self.empty_label)
        empty.addWidget(self.show_all_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty.addStretch(2)
        self.stack = QStackedWidget()
        for page in (grid_page, self.results, empty_page):
            self.stack.addWidget(page)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.favorites_only)
        top.addWidget(self.shuffle_button)
        second = QHBoxLayout()
        second.addWidget(self.search, 1)
        second.addWidget(self.add_button)
        second.addWidget(self.collections_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(second)
        notice = QHBoxLayout()
        notice.addWidget(self.notice, 1)
        notice.addWidget(self.undo_button)
        layout.addLayout(notice)
        layout.addWidget(self.stack, 1)
        self._timer = single_shot_timer(self, SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self._notice_timer = single_shot_timer(self, NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice.hide)
        self._notice_timer.timeout.connect(self.undo_button.hide)
        self.search.textChanged.connect(self._timer.start)
        self.shuffle_button.clicked.connect(self.shuffle)
        self.favorites_only.toggled.connect(lambda _: self.draw())
        self.show_all_button.clicked.connect(lambda: self.favorites_only.setChecked(False))
        self.add_button.clicked.connect(self.add_prompt)
        self.collections.status.connect(self._notice)
        self.collections.imported.connect(self._imported)
        self._dialog: AddPromptDialog | None = None
        # Stars set on screen whose write is still queued: a draw read before it lands
        # would show the old state.
        self._pending_stars: dict[int, bool] = {}
        self._drawn = False
        self.restyle()
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Prompts"))
        self.undo_button.setText(self.tr("Undo"))
        self.search.setPlaceholderText(self.tr("Search all prompts…"))
        self.shuffle_button.setText(self.tr("Shuffle"))
        self.favorites_only.setText(self.tr("Favorites only"))
        self.favorites_only.setToolTip(self.tr("Shuffle draws from your starred prompts only"))
        self.add_button.setText(self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Add a prompt to the gallery"))
        self.collections_button.setText(self.tr("Collections") + " ▾")
        self.collections_button.setToolTip(self.tr("Import prompts or export the gallery"))
        self.collections_button.setAccessibleName(self.tr("Prompt collections"))
        self.show_all_button.setText(self.tr("Show all prompts"))
        self._retranslate_state()

    def _retranslate_state(self) -> None:
        """The texts that depend on the Favorites only switch."""
        if self.favorites_only.isChecked():
            self.shuffle_button.setToolTip(self.tr("Show 8 other favorites"))
            self.empty_label.setText(
                self.tr("No favorites yet — star a prompt")
                + "\n"
                + self.tr("Show all prompts, then click a card's star or press F on it.")
            )
        else:
            self.shuffle_button.setToolTip(self.tr("Show 8 other prompts"))
            self.empty_label.setText(self.tr("No prompts yet — add one or import a collection"))
        self.show_all_button.setVisible(self.favorites_only.isChecked())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def restyle(self) -> None:
        colors = theme.current()
        self.notice.setStyleSheet(f"color: {colors.muted};")
        self.empty_label.setStyleSheet(f"color: {colors.muted};")
        for card in self.cards:
            card.update()
            card.star.update()
        self.results_model.restyle()

    # --- the cards ------------------------------------------------------------------------------

    def shown_ids(self) -> list[int]:
        return [c.prompt.id for c in self.cards if c.prompt is not None]

    def shuffle(self) -> None:
        """Draw 8 prompts other than those on screen (while enough others exist)."""
        self.draw(exclude=self.shown_ids())

    def draw(self, exclude: list[int] | None = None) -> None:
        """Draw up to 8 prompts, from the favourites when Favorites only is on."""
        favorites_only, user = self.favorites_only.isChecked(), self.user
        self._retranslate_state()
        avoid = list(exclude or ())
        self.tasks.run(
            lambda: prompts.random_prompts(
                CARDS, exclude=avoid, favorites_only=favorites_only, user=user
            ),
            self._show,
            owner=self,
        )

    def _show(self, rows: list[PromptRow]) -> None:
        rows = [replace(r, favorite=self._pending_stars.get(r.id, r.favorite)) for r in rows]
        rows.sort(key=lambda r: not r.favorite)  # favourites first; otherwise as drawn
        for n, card in enumerate(self.cards):
            card.set_prompt(rows[n] if n < len(rows) else None)
            card.setVisible(n < len(rows))
        self._drawn = True
        self._update_page()

    def _update_page(self) -> None:
        if self.search.text().strip():
            self.stack.setCurrentIndex(self.RESULTS)
        elif self._drawn and not self.shown_ids():
            self.stack.setCurrentIndex(self.EMPTY)
        else:
            self.stack.setCurrentIndex(self.GRID)

    # --- favourites -----------------------------------------------------------------------------

    def set_user(self, user: Account) -> None:
        """Whose favourites the gallery shows (the signed-in person)."""
        self.user = self.results_model.user = self.collections.user = user

    def set_favorite(self, prompt_id: int, favorite: bool) -> None:
        """Star or unstar a prompt: shown at once, written in the background."""
        user = self.user
        if user is None:
            return
        self._pending_stars[prompt_id] = favorite
        self._restar(prompt_id, favorite)
        self.tasks.run(
            lambda: prompts.set_favorite(user, prompt_id, favorite),
            lambda _: self._starred(prompt_id, favorite),
            lambda error: self._star_failed(prompt_id, favorite, error),
            owner=self,
        )

    def _restar(self, prompt_id: int, favorite: bool) -> None:
        for card in self.cards:
            if card.prompt is not None and card.prompt.id == prompt_id:
                card.set_prompt(replace(card.prompt, favorite=favorite))
        self.results_model.set_favorite(prompt_id, favorite)

    def _starred(self, prompt_id: int, favorite: bool) -> None:
        if self._pending_stars.get(prompt_id) == favorite:
            del self._pending_stars[prompt_id]

    def _star_failed(self, prompt_id: int, favorite: bool, error: BaseException) -> None:
        self._starred(prompt_id, favorite)
        self._restar(prompt_id, not favorite)
        self._notice(error_text(error))

    # --- search ---------------------------------------------------------------------------------

    def _search(self) -> None:
        query = self.search.text().strip()
        self._update_page()
        if query:
            self.results_model.set_query(query)

    def _result_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen.emit(str(index.data(PromptListModel.TextRole)))

    def _toggle_result(self, index: QModelIndex) -> None:
        if index.isValid():
            favorite = bool(index.data(PromptListModel.FavoriteRole))
            self.set_favorite(int(index.data(PromptListModel.IdRole)), not favorite)

    def _result_menu(self, pos: QPoint) -> None:
        index = self.results.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.setObjectName("promptResultMenu")
        menu.addAction(self.tr("Use this prompt"), lambda: self._result_chosen(index))
        favorite = bool(index.data(PromptListModel.FavoriteRole))
        star = self.tr("Remove from favorites") if favorite else self.tr("Add to favorites")
        # the keys help.py names, as F1 lists them
        show_keys(menu.addAction(star, lambda: self._toggle_result(index)), PROMPT_STAR_KEYS)
        prompt = self.results_model.prompt_at(index.row())
        edit = menu.addAction(self.tr("Edit…"), lambda: self.edit_prompt(prompt))
        delete = menu.addAction(self.tr("Delete"), lambda: self.delete_prompt(prompt))
        show_keys(edit, [PROMPT_EDIT_KEY])
        show_keys(delete, [PROMPT_DELETE_KEY])
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.results.viewport().mapToGlobal(pos))

    def star_rect(self, index: QModelIndex) -> QRect:
        """Where a search result's star is drawn (a click there stars, elsewhere uses)."""
        row = self.results.visualRect(index)
        size = self.results.iconSize().width() if self.results.iconSize().isValid() else 16
        return QRect(row.left(), row.top(), size + 8, row.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.results
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in CARD_KEYS
            and self.results.currentIndex().isValid()
        ):
            event.accept()  # the result's F2 and Delete, not the window's
            return True
        if (
            watched is self.results
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            current = self.results.currentIndex()
            if is_star_key(event):
                self._toggle_result(current)
                return True
            if current.isValid() and event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Delete):
                prompt = self.results_model.prompt_at(current.row())
                if event.key() == Qt.Key.Key_F2:
                    self.edit_prompt(prompt)
                else:
                    self.delete_prompt(prompt)
                return True
        if (
            watched is self.results.viewport()
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            pos = event.position().toPoint()
            index = self.results.indexAt(pos)
            if index.isValid() and self.star_rect(index).contains(pos):
                self._toggle_result(index)
                return True
        return super().eventFilter(watched, event)

    def on_change(self, change: Change) -> None:
        # a star (a change with a user) is shown in place; an edit, add or delete re-searches
        if change.kind == "prompt" and not change.user_id and self.search.text().strip():
            self.results_model.set_query(self.search.text())

    # --- edit, delete ---------------------------------------------------------------------------

    def edit_prompt(self, prompt: PromptRow) -> None:
        dialog = AddPromptDialog(self.tasks, self, editing=prompt, user=self.user)
        dialog.added.connect(self._edited)
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    def _edited(self, prompt: PromptRow) -> None:
        for card in self.cards:
            if card.prompt is not None and card.prompt.id == prompt.id:
                card.set_prompt(prompt)

    def delete_prompt(self, prompt: PromptRow) -> None:
        """Remove a prompt from the gallery, for everyone, with Undo under the toolbar."""
        self.tasks.run(
            lambda: prompts.delete_prompt(prompt.id),
            lambda deleted: self._prompt_deleted(prompt, deleted),
            lambda error: self._notice(error_text(error)),
            owner=self,
        )

    def _prompt_deleted(self, prompt: PromptRow, deleted: prompts.DeletedPrompt | None) -> None:
        for card in self.cards:
            if card.prompt is not None and card.prompt.id == prompt.id:
                card.set_prompt(None)
                card.hide()
        self._deleted = deleted
        self._notice(self.tr("Deleted “%s”") % prompt.title)
        self.undo_button.setVisible(deleted is not None)
        self._update_page()

    def undo_delete(self) -> None:
        deleted, self._deleted = self._deleted, None
        self.undo_button.hide()
        if deleted is None:
            return
        self.tasks.run(
            lambda: prompts.restore_prompt(deleted),
            lambda _: self._restored(deleted),
            lambda error: self._notice(error_text(error)),
            owner=self,
        )

    def _restored(self, deleted: prompts.DeletedPrompt) -> None:
        self._notice(self.tr("Restored “%s”") % deleted.row.title)
        if not self.search.text().strip():
            self.draw(exclude=self.shown_ids())

    # --- add, import, export --------------------------------------------------------------------

    def add_prompt(self) -> None:
        dialog = AddPromptDialog(self.tasks, self)
        dialog.added.connect(self._added)
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    def _added(self, prompt: PromptRow) -> None:
        self.cards[0].set_prompt(prompt)
        self.cards[0].show()
        self._update_page()

    def _imported(self, report: object) -> None:
        if not self.shown_ids():
            self.draw()

    def _notice(self, text: str) -> None:
        """A line under the toolbar (what an import or export is doing or did)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        if text and not self.collections.running:
            self._notice_timer.start()
        else:
            self._notice_timer.stop()
        self.undo_button.hide()  # a new notice: the Undo it offered is for what came before
