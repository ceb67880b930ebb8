"""The history viewer: the open chat as bubbles, painted from cached QTextDocuments.

Only rows the view asks about are laid out: the model holds the loaded pages (the newest one on
open, older ones as the person scrolls up; or, opened from a search hit, a page either side of
the hit, with older and newer pages as the person scrolls either way); the delegate
(bubble_delegate.py) caches each message's document and height per (message id, width), and
paints from the model's roles and what this view tells it (width, font, labels, hover).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import (
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QMainWindow,
    QMenu,
    QWidget,
)

from chatdesk.ui.history.bubble_delegate import BubbleDelegate, match_pattern
from chatdesk.ui.history.message_dialog import MessageDialog
from chatdesk.ui.history.model import MessageModel

FETCH_MARGIN_PX = 300


class HistoryView(QListView):
    """The list of bubbles; fetches older pages when scrolled near the top (newer ones near the
    bottom, when opened around a search hit) and keeps the reading position steady when they
    arrive; Ctrl+C or the Copy button copies a message."""

    def __init__(self, model: MessageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.role_names: dict[str, str] = {}
        self.bubbles = BubbleDelegate(model, self)
        self.bubbles.refine_due.connect(self._refine)
        self.setModel(model)
        self.setItemDelegate(self.bubbles)
        self.bubbles.set_viewport(self.viewport().width(), self.font())
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        QShortcut(
            QKeySequence.StandardKey.Copy,
            self,
            self.copy_current,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._anchor: tuple[int, int] | None = None
        model.modelAboutToBeReset.connect(self.bubbles.clear)
        model.dataChanged.connect(self._restyled)
        model.rowsAboutToBeInserted.connect(self._remember_anchor)
        model.rowsInserted.connect(self._rows_inserted)
        model.opened.connect(lambda _id: self._after_open())
        model.older_loaded.connect(lambda _n: self._fill())
        model.appended.connect(lambda _n: self._fill())
        self._stick_to_bottom = True

    def _restyled(self, top: QModelIndex, bottom: QModelIndex, roles: list[int]) -> None:
        if roles == [MessageModel.HighlightRole]:  # same size, other colours
            for row in range(top.row(), bottom.row() + 1):
                self.bubbles.forget(self.message_model().id_at(row))
            self.viewport().update()
            return
        self.bubbles.restyle()
        self.scheduleDelayedItemsLayout()
        self.viewport().update()

    def message_model(self) -> MessageModel:
        model = self.model()
        assert isinstance(model, MessageModel)
        return model

    # --- paging and position ------------------------------------------------------------------

    def _scrolled(self, value: int) -> None:
        bar, model = self.verticalScrollBar(), self.message_model()
        self._stick_to_bottom = value >= bar.maximum() - 4 and not model.has_newer
        if value <= FETCH_MARGIN_PX:
            model.fetch_older()
        if model.has_newer and value >= bar.maximum() - FETCH_MARGIN_PX:
            model.fetch_newer_page()

    def _remember_anchor(self, parent: QModelIndex, first: int, last: int) -> None:
        self._anchor = None
        if first == 0 and self.model().rowCount() > 0:
            top = self.indexAt(QPoint(4, 4))
            if top.isValid():
                self._anchor = (top.row(), self.visualRect(top).top())

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        model = self.message_model()
        if self._anchor is not None and first == 0:
            row, offset = self._anchor
            self._anchor = None
            self.executeDelayedItemsLayout()
            index = model.index(row + last - first + 1)
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self.visualRect(index).top() - offset)
        elif first > 0 and self._stick_to_bottom:
            self.executeDelayedItemsLayout()
            self.scrollToBottom()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # also when a scroll bar comes or goes
            self.bubbles.set_viewport(self.viewport().width(), self.font())
        return super().viewportEvent(event)

    def _refine(self) -> None:
        if self.bubbles.refine(self.indexAt(QPoint(4, 4)).row()):
            self.relayout_keeping_position()

    def relayout_keeping_position(self) -> None:
        """Lay out again (row heights changed) with the same message at the top, or the
        view still at the bottom."""
        top = self.indexAt(QPoint(4, 4))
        offset = self.visualRect(top).top() if top.isValid() else 0
        at_bottom = self._stick_to_bottom
        self.scheduleDelayedItemsLayout()
        self.executeDelayedItemsLayout()
        if at_bottom:
            self.scrollToBottom()
        elif top.isValid():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self.visualRect(top).top() - offset)

    def _after_open(self) -> None:
        model = self.message_model()
        self.executeDelayedItemsLayout()
        row = model.row_of_id(model.highlight_id) if model.highlight_id else -1
        if row >= 0:  # opened at a search hit: show it in the middle
            index = model.index(row)
            self.setCurrentIndex(index)
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            self._stick_to_bottom = False
        else:
            self.scrollToBottom()
            self._stick_to_bottom = not model.has_newer
        self._fill()

    def _fill(self) -> None:
        """Load older (or newer) pages until the view can scroll (short messages) or while
        the person is near that end already."""
        bar, model = self.verticalScrollBar(), self.message_model()
        short = bar.maximum() <= FETCH_MARGIN_PX
        if short or bar.value() <= FETCH_MARGIN_PX:
            model.fetch_older()
        if model.has_newer and (short or bar.value() >= bar.maximum() - FETCH_MARGIN_PX):
            model.fetch_newer_page()

    # --- copying ------------------------------------------------------------------------------

    def copy_row(self, row: int) -> None:
        index = self.model().index(row, 0)
        if index.isValid():
            QGuiApplication.clipboard().setText(str(index.data()))

    def copy_current(self) -> None:
        if self.currentIndex().isValid():
            self.copy_row(self.currentIndex().row())

    def _copy_hit(self, pos: QPoint) -> int:
        index = self.indexAt(pos)
        if not index.isValid():
            return -1
        bubble = self.bubbles.bubble_rect(self.visualRect(index), index)
        return index.row() if self.bubbles.copy_rect(bubble).contains(pos) else -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self._copy_hit(event.position().toPoint())
        if row >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.copy_row(row)
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(self.tr("Message copied"), 3000)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        row = self._copy_hit(event.position().toPoint())
        if row != self.bubbles.hover_row:
            self.bubbles.hover_row = row
            self.viewport().update()
        super().mouseMoveEvent(event)

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Copy message"), lambda: self.copy_row(index.row()))
        menu.addAction(self.tr("Open to select text…"), lambda: self.show_message(index.row()))
        menu.popup(self.viewport().mapToGlobal(pos))

    def show_message(self, row: int) -> None:
        """The message in a window of its own, to select part of it (also on double-click)."""
        index = self.model().index(row, 0)
        if not index.isValid():
            return
        who = self.role_names.get(str(index.data(MessageModel.RoleRole)), "")
        if index.data(MessageModel.LeftOutRole):  # too long to render (BUBBLE_MAX): as text
            dialog = MessageDialog(who, str(index.data()), self, plain=True)
        else:
            dialog = MessageDialog(who, str(index.data(MessageModel.HtmlRole)), self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        model = self.model()
        if index.data(MessageModel.HighlightRole) and isinstance(model, MessageModel):
            pattern = match_pattern(model.highlight_query)
            if pattern is not None:  # the message a search opened: at its first match
                dialog.browser.find(pattern)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and event.button() == Qt.MouseButton.LeftButton:
            self.show_message(index.row())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def retranslate(self) -> None:
        self.role_names = {
            "user": self.tr("You"),
            "assistant": self.tr("Assistant"),
            "system": self.tr("System"),
            "tool": self.tr("Tool"),
        }
        self.bubbles.role_names = self.role_names
        self.bubbles.copy_label = self.tr("Copy")
        self.bubbles.shortened_label = self.tr(
            "%s more characters: double-click to read the whole message"
        )
        self.bubbles.restyle()
        self.scheduleDelayedItemsLayout()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self.bubbles.set_viewport(self.viewport().width(), self.font())
            self.scheduleDelayedItemsLayout()
        super().changeEvent(event)
