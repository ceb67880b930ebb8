"""Find in the chat list panel: the search box filters chat titles as you type, or lists the
chats and messages containing the text; the keyboard moves between the box and the results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QWidget,
)

from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.chats.row_delegate import ChatRowDelegate
from chatdesk.ui.chats.search_model import SearchHitsModel
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import named, plain, single_shot_timer

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account

SEARCH_DELAY_MS = 250


class ChatFinder(QObject):
    """The search box, the "inside messages" switch, the hits' sort order and count, and a stack
    showing either the chat list (filtered by title) or the hits.

    Ctrl+F (:meth:`focus_search`) puts the cursor in the box with its text selected; Ctrl+F
    again there, or Ctrl+Shift+F (:meth:`find_in_messages`), searches inside messages. Down or
    Enter moves into the results (the first one is chosen), Up from the first result goes back
    to the box, Escape clears the search and returns to the chat list (:meth:`clear`).

    Signals:
        hit_chosen(int, int, str): a hit was chosen: its chat, its message (0 for a hit on a
            chat's title) and the query.
    """

    hit_chosen = Signal(int, int, str)

    def __init__(
        self, tasks: Tasks, chats_view: QListView, chats_model: ChatListModel, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.user: Account | None = None
        self.chats_view, self.chats_model = chats_view, chats_model
        self.search = named(QLineEdit(), "chatSearchEdit")
        self.search.setClearButtonEnabled(True)
        self.in_messages = named(QCheckBox(), "messageSearchCheck")
        self.order = named(QComboBox(), "searchOrderCombo")
        self.order.addItem("", "newest")
        self.order.addItem("", "relevance")
        self.order.setVisible(False)
        self.count_label = plain(named(QLabel(), "searchCountLabel"))
        self.count_label.setVisible(False)
        self.hits = SearchHitsModel(tasks, self)
        self.hits_view = named(QListView(), "searchHitsList")
        self.hits_view.setModel(self.hits)
        self.hits_view.setItemDelegate(ChatRowDelegate(self.hits_view))
        self.hits_view.setUniformItemSizes(True)
        self.hits_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.addWidget(chats_view)
        self.stack.addWidget(self.hits_view)
        self._first_when_listed = False  # Enter before the results came: take the first

        self._timer = single_shot_timer(self, SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self.focus_results)
        self.in_messages.toggled.connect(self.apply)
        self.order.currentIndexChanged.connect(lambda _i: self.apply())
        self.hits_view.selectionModel().currentChanged.connect(self._chosen)
        self.hits_view.clicked.connect(self._chosen)  # again: back to that message
        self.hits_view.activated.connect(self._chosen)
        self.hits.loaded.connect(self._hits_loaded)
        self.hits.modelReset.connect(self._show_count)
        chats_model.loaded.connect(self._take_first)
        for signal in (chats_model.loaded, chats_model.rowsInserted, chats_model.rowsRemoved):
            signal.connect(lambda *_: self._show_count())
        for widget in (self.search, chats_view, self.hits_view):
            widget.installEventFilter(self)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search chats… (Ctrl+F)"))
        self.search.setToolTip(
            self.tr(
                "Ctrl+F: find chats by title as you type.\n"
                "Ctrl+F again (or Ctrl+Shift+F): search inside messages.\n"
                "Down or Enter: go to the results. Esc: clear and back to the chats."
            )
        )
        self.in_messages.setText(self.tr("Search inside messages"))
        self.in_messages.setToolTip(
            self.tr("List the messages that contain the text (Ctrl+Shift+F)")
        )
        self.order.setItemText(0, self.tr("Newest first"))
        self.order.setItemText(1, self.tr("Best match"))
        self.order.setToolTip(self.tr("How to sort the messages found"))
        self._show_count()

    # --- what the person does -----------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F: into the search box with its text selected; pressed again there, search
        inside messages."""
        if self.search.hasFocus() and not self.in_messages.isChecked():
            self.in_messages.setChecked(True)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def find_in_messages(self) -> None:
        """Ctrl+Shift+F: search inside messages."""
        self.in_messages.setChecked(True)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear(self) -> None:
        """Escape: no query, titles again, the focus back on the chat list."""
        self.search.clear()
        self.in_messages.setChecked(False)
        self.apply()
        self.chats_view.setFocus()
        if self.chats_view.currentIndex().isValid():
            self.chats_view.scrollTo(self.chats_view.currentIndex())

    def focus_results(self) -> None:
        """Into the list shown (searching now if the delay has not run out), on its first row
        when none is current, or on the first to arrive."""
        if self._timer.isActive():
            self.apply()
        view = self.stack.currentWidget()
        assert isinstance(view, QListView)
        view.setFocus()
        if not view.currentIndex().isValid():
            if view.model().rowCount() > 0:
                view.setCurrentIndex(view.model().index(0, 0))
            else:
                self._first_when_listed = True

    def apply(self) -> None:
        """Titles are filtered as you type; with "inside messages" on, matching chats and
        messages are listed instead."""
        self._timer.stop()
        query = self.search.text().strip()
        messages = self.in_messages.isChecked()
        self.order.setVisible(messages)
        if messages and query and self.user is not None:
            self.stack.setCurrentWidget(self.hits_view)
            self.hits.set_query(self.user, query, str(self.order.currentData()))
            if self.chats_model.query:
                self.chats_model.set_query("")
        else:
            self.stack.setCurrentWidget(self.chats_view)
            if query != self.chats_model.query:
                self.chats_model.set_query(query)
        self._show_count()

    # --- results ------------------------------------------------------------------------------

    def _show_count(self) -> None:
        if self.stack.currentWidget() is not self.hits_view:
            self._show_title_count()
            return
        shown = bool(self.hits.query)
        self.count_label.setVisible(shown)
        if not shown:
            return
        if not self.hits.exact:  # the count stopped at the service's cap
            self.count_label.setText(self.tr("Found: %d+") % self.hits.total)
        elif self.hits.total or self.hits.rowCount():
            self.count_label.setText(self.tr("Found: %d") % self.hits.total)
        elif self.hits.loading:
            self.count_label.setText(self.tr("Searching…"))
        else:
            self.count_label.setText(self.tr("Nothing found"))

    def _show_title_count(self) -> None:
        """How many chats the typed title filter lists, once they have come (the count before
        stays meanwhile, so that the list does not jump as the person types)."""
        model = self.chats_model
        self.count_label.setVisible(bool(model.query))
        if model.query and model.settled:
            self.count_label.setText(self.tr("Chats found: %d") % model.rowCount())

    def _hits_loaded(self) -> None:
        self._show_count()
        self._take_first()

    def _take_first(self) -> None:
        view = self.stack.currentWidget()
        if not self._first_when_listed or not isinstance(view, QListView):
            return
        if view.model().rowCount() > 0:
            self._first_when_listed = False
            if view.hasFocus() and not view.currentIndex().isValid():
                view.setCurrentIndex(view.model().index(0, 0))

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            chat_id = int(index.data(SearchHitsModel.ChatIdRole))
            message_id = int(index.data(SearchHitsModel.MessageIdRole) or 0)
            self.hit_chosen.emit(chat_id, message_id, self.hits.query)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the search box into the results, Up from the first result back to it;
        Escape back to the plain chat list."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        searching = bool(self.search.text()) or self.in_messages.isChecked()
        if key == Qt.Key.Key_Escape and (watched is not self.chats_view or searching):
            self.clear()
            return True
        if key == Qt.Key.Key_Down and watched is self.search:
            self.focus_results()
            return True
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        first = isinstance(watched, QListView) and watched.currentIndex().row() == 0
        if key == Qt.Key.Key_Up and plain and searching and first:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)
