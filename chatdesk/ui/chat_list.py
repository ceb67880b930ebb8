"""The chat list panel: search box, new chat, the paged list, rename, delete with Undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import chats
from chatdesk.ui.chat_list_model import ChatListModel
from chatdesk.ui.chat_row_delegate import ChatRowDelegate
from chatdesk.ui.search_model import SearchHitsModel
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import named, single_shot_timer

if TYPE_CHECKING:
    from chatdesk.store.models import User

Index = QModelIndex | QPersistentModelIndex
SEARCH_DELAY_MS = 250


class ChatListPanel(QWidget):
    """Search, new, list, rename (F2 / double-click), delete (Del) with confirmation and Undo.

    Signals:
        chat_selected(int): the chat now current (0 when none).
        deleted(list, str): ids deleted and the title shown in the Undo offer.
        status(str): a message for the status bar.
    """

    chat_selected = Signal(int)
    deleted = Signal(list, str)
    status = Signal(str)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.user: User | None = None
        self.search = named(QLineEdit(), "chatSearchEdit")
        self.search.setClearButtonEnabled(True)
        self.new_button = named(QPushButton(), "newChatButton")
        self.delete_button = named(QPushButton(), "deleteChatButton")
        self.model = ChatListModel(tasks, self)
        self.view = named(QListView(), "chatList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ChatRowDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.in_messages = named(QCheckBox(), "messageSearchCheck")
        self.hits = SearchHitsModel(tasks, self)
        self.hits_view = named(QListView(), "searchHitsList")
        self.hits_view.setModel(self.hits)
        self.hits_view.setItemDelegate(ChatRowDelegate(self.hits_view))
        self.hits_view.setUniformItemSizes(True)
        self.hits_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.hits_view)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.in_messages)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)

        self._search_timer = single_shot_timer(self, SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.in_messages.toggled.connect(self._apply_search)
        self.hits_view.selectionModel().currentChanged.connect(self._hit_chosen)
        self.hits_view.clicked.connect(self._hit_chosen)
        self.search.returnPressed.connect(self._focus_list)
        self.new_button.clicked.connect(self.new_chat)
        self.delete_button.clicked.connect(self.confirm_delete)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.view,
            self.confirm_delete,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.rowsAboutToBeRemoved.connect(self._rows_removing)
        self._confirm: QMessageBox | None = None
        self._pending_select = 0
        self._pending_edit = False
        self.open_chat_id = 0
        self.model.loaded.connect(self._select_pending)
        self.model.failed.connect(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search chats…"))
        self.in_messages.setText(self.tr("Search inside messages"))
        self.new_button.setText(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new chat (Ctrl+N)"))
        self.delete_button.setText(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected chat (Del)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def start(self, user: User) -> None:
        """Show ``user``'s chats."""
        self.user = user
        self.model.set_user(user)

    # --- search -------------------------------------------------------------------------------

    def _apply_search(self) -> None:
        """Titles are filtered as you type; with "inside messages" on, matching messages are
        listed instead (a click opens their chat)."""
        query = self.search.text().strip()
        if self.in_messages.isChecked() and query and self.user is not None:
            self.stack.setCurrentWidget(self.hits_view)
            self.hits.set_query(self.user, query)
            if self.model.query:
                self.model.set_query("")
        else:
            self.stack.setCurrentWidget(self.view)
            if query != self.model.query:
                self.model.set_query(query)

    def _hit_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            chat_id = int(index.data(SearchHitsModel.ChatIdRole))
            self.open_chat_id = chat_id
            self.chat_selected.emit(chat_id)
            self.select_chat(chat_id)

    # --- selection ----------------------------------------------------------------------------

    def current_chat_id(self) -> int:
        index = self.view.currentIndex()
        return int(index.data(ChatListModel.ChatIdRole)) if index.isValid() else 0

    def selected_chat_ids(self) -> list[int]:
        """The chats an action applies to (export): for now the current one.

        Placeholder until the chat list gets multi-selection, which replaces this method.
        """
        chat_id = self.current_chat_id()
        return [chat_id] if chat_id else []

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        # A filter that hides the open chat resets the list: the chat stays open.
        if current.isValid():
            self.open_chat_id = int(current.data(ChatListModel.ChatIdRole))
            self.chat_selected.emit(self.open_chat_id)

    def _rows_removing(self, parent: QModelIndex, first: int, last: int) -> None:
        current = self.view.currentIndex()
        if current.isValid() and first <= current.row() <= last:
            QTimer.singleShot(0, self._after_current_removed)

    def _after_current_removed(self) -> None:
        if not self.view.currentIndex().isValid():  # deleted, and nothing left to show
            self.open_chat_id = 0
            self.chat_selected.emit(0)

    def _focus_list(self) -> None:
        view = self.stack.currentWidget()
        assert isinstance(view, QListView)
        view.setFocus()
        if not view.currentIndex().isValid() and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))

    def select_chat(self, chat_id: int, edit: bool = False) -> None:
        """Make ``chat_id`` current (and edit its title) now, or as soon as it is listed."""
        row = self.model.row_of(chat_id)
        if row < 0:
            self._pending_select, self._pending_edit = chat_id, edit
            return
        self._pending_select, self._pending_edit = 0, False
        index = self.model.index(row)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        if edit:
            self.view.setFocus()
            self.view.edit(index)

    def _select_pending(self) -> None:
        if self._pending_select:
            self.select_chat(self._pending_select, self._pending_edit)
        elif not self.view.currentIndex().isValid() and self.open_chat_id:
            row = self.model.row_of(self.open_chat_id)  # listed again after a filter
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row))

    # --- actions ------------------------------------------------------------------------------

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.tr("Rename"), self.rename_current)
        menu.addAction(self.tr("Delete…"), self.confirm_delete)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def new_chat(self) -> None:
        user, title = self.user, self.tr("New chat")
        if user is None:
            return
        self.search.clear()
        self.tasks.run(
            lambda: chats.create_chat(user, title),
            lambda summary: self._created(summary.id),
            owner=self,
        )

    def _created(self, chat_id: int) -> None:
        self.select_chat(chat_id, edit=True)

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def confirm_delete(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        chat_id = int(index.data(ChatListModel.ChatIdRole))
        title = str(index.data())
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete chat"),
            self.tr("Delete “%s”? You can undo this right after.") % title,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("deleteConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.Yes).setObjectName("confirmDeleteButton")
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(
            lambda button: self._delete(chat_id, title) if button is yes else None
        )
        box.finished.connect(box.deleteLater)
        self._confirm = box
        box.open()

    def _delete(self, chat_id: int, title: str) -> None:
        user = self.user
        assert user is not None
        self.tasks.run(
            lambda: chats.delete_chats(user, [chat_id]),
            lambda ids: self.deleted.emit(list(ids), title) if ids else None,
            owner=self,
        )

    def restore(self, ids: list[int]) -> None:
        user = self.user
        assert user is not None
        self.tasks.run(lambda: chats.restore_chats(user, ids), owner=self)
        if len(ids) == 1:
            self._pending_select = ids[0]
