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
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QWidget,
)

from chatdesk.ui.history.bubble_delegate import BubbleDelegate, match_pattern
from chatdesk.ui.history.message_dialog import MessageDialog
from chatdesk.ui.history.model import MessageModel
from chatdesk.ui.widgets import fill, plain

FETCH_MARGIN_PX = 300
#: How far above the thread's bottom edge the "New message ↓" pill floats.
PILL_MARGIN_PX = 12


class NewMessagesPill(QAbstractButton):
    """The "New message ↓" pill over the bottom of the thread: a rounded button in the
    palette's highlight colours (so it follows a theme switch), drawn here rather than styled
    with a style sheet."""

    PAD_X, PAD_Y = 14, 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newMessagesButton")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # End or Ctrl+End does it by keyboard

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(
            fm.horizontalAdvance(self.text()) + 2 * self.PAD_X, fm.height() + 2 * self.PAD_Y
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        colour = palette.color(QPalette.ColorRole.Highlight)
        if self.underMouse() or self.isDown():
            colour = colour.lighter(115)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text())

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Enter, QEvent.Type.Leave):
            self.update()
        return super().event(event)


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
        model.arrived.connect(self._arrived)
        model.modelReset.connect(self._reset)
        self._stick_to_bottom = True
        #: The message at the top and its offset, kept through a change of width (0: the end).
        self._held: tuple[int, int] | None = None
        #: A message the person just added, to scroll to when it arrives (0: none).
        self._follow_id = 0
        #: The first of the new messages that arrived out of sight (-1: none), and how many.
        self._unseen_row = -1
        self._unseen = 0
        self.new_below = NewMessagesPill(self)
        self.new_below.hide()
        self.new_below.clicked.connect(self.show_new)
        self.empty_label = plain(QLabel(self.viewport()))
        self.empty_label.setObjectName("emptyChatLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.hide()
        model.opened.connect(lambda _id: self._update_empty())
        model.rowsInserted.connect(lambda *_: self._update_empty())

    def _restyled(self, top: QModelIndex, bottom: QModelIndex, roles: list[int]) -> None:
        if roles == [MessageModel.FoldedRole]:  # opened or folded: another size
            for row in range(top.row(), bottom.row() + 1):
                self.bubbles.forget_size(self.message_model().id_at(row))
            self.scheduleDelayedItemsLayout()
            self.viewport().update()
            return
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
        if self._stick_to_bottom:
            self._seen_all()
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

    # --- new messages: the person's own, and those from elsewhere -----------------------------

    def follow(self, message_id: int) -> None:
        """Scroll to message ``message_id``, which the person just added, now or when it
        arrives (it may come before or after the composer hears it was stored)."""
        self._follow_id = message_id
        self._follow_now()

    def _follow_now(self) -> bool:
        row = self.message_model().row_of_id(self._follow_id) if self._follow_id else -1
        if row < 0:
            return False
        self._follow_id = 0
        self.executeDelayedItemsLayout()
        if row == self.model().rowCount() - 1:
            self.scrollToBottom()
            self._stick_to_bottom = not self.message_model().has_newer
        else:
            self.scrollTo(self.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtBottom)
        return True

    def _arrived(self, first: int, last: int) -> None:
        """Messages appended because they are new: the person's own is scrolled to; others,
        while the person reads further up, are announced by the "New message ↓" pill."""
        if self._follow_now() or self._stick_to_bottom:
            return
        if self._unseen_row < 0:
            self._unseen_row = first
        self._unseen += last - first + 1
        self._show_pill()

    def _show_pill(self) -> None:
        if self._unseen == 1:
            text = self.tr("New message ↓")
        else:
            text = self.tr("%d new messages ↓") % self._unseen
        self.new_below.setText(text)
        self.new_below.setToolTip(self.tr("Show the messages that arrived (End)"))
        self.new_below.setAccessibleName(text)
        self._place_pill()
        self.new_below.show()
        self.new_below.raise_()

    def _place_pill(self) -> None:
        size = self.new_below.sizeHint()
        area = self.viewport().geometry()
        self.new_below.setGeometry(
            area.center().x() - size.width() // 2,
            area.bottom() - PILL_MARGIN_PX - size.height(),
            size.width(),
            size.height(),
        )

    def show_new(self) -> None:
        """Scroll to the first message that arrived out of sight (the pill's click)."""
        row = self._unseen_row
        self._seen_all()
        if 0 <= row < self.model().rowCount():
            self.executeDelayedItemsLayout()
            self.scrollTo(self.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def _seen_all(self) -> None:
        self._unseen_row, self._unseen = -1, 0
        self.new_below.hide()

    def _reset(self) -> None:
        """Another chat opened (or the same again): nothing to announce or follow there."""
        self._follow_id = 0
        self._seen_all()
        self._update_empty()

    def _update_empty(self) -> None:
        """Say so when the open chat has no messages, rather than show a blank thread."""
        empty = self.message_model().empty
        if empty:
            self.empty_label.setGeometry(self.viewport().rect().adjusted(24, 24, -24, -24))
        self.empty_label.setVisible(empty)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_pill()
        self.empty_label.setGeometry(self.viewport().rect().adjusted(24, 24, -24, -24))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # also when a scroll bar comes or goes
            self.bubbles.set_viewport(self.viewport().width(), self.font())
            if isinstance(event, QResizeEvent) and event.oldSize().width() != event.size().width():
                self._hold_place()
        return super().viewportEvent(event)

    def _hold_place(self) -> None:
        """Keep the message at the top where it is through a change of width, laid out once
        the resizes of this turn of the event loop are done (the gallery folding away resizes
        the thread twice: narrower, then wider; rows change height each time)."""
        if self._held is not None or not self.model().rowCount():
            return
        top = self.indexAt(QPoint(4, 4))
        if self._stick_to_bottom or not top.isValid():
            self._held = (0, 0)
        else:
            self._held = (self.message_model().id_at(top.row()), self.visualRect(top).top())
        QTimer.singleShot(0, self._place_held)

    def _place_held(self) -> None:
        held, self._held = self._held, None
        if held is None:
            return
        message_id, offset = held
        self.executeDelayedItemsLayout()
        row = self.message_model().row_of_id(message_id) if message_id else -1
        if row < 0:
            if self._stick_to_bottom:
                self.scrollToBottom()
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.visualRect(self.model().index(row, 0)).top() - offset)

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
        index = self.indexAt(event.position().toPoint())
        if (
            event.button() == Qt.MouseButton.LeftButton
            and index.isValid()
            and index.data(MessageModel.FoldedRole) is not None
        ):
            self.setCurrentIndex(index)
            self.message_model().toggle(index.row())  # a click opens or folds it
            event.accept()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space or Enter opens or folds the current reasoning or tool row."""
        index = self.currentIndex()
        if (
            event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and index.isValid()
            and self.message_model().toggle(index.row())
        ):
            event.accept()
            return
        super().keyPressEvent(event)

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
        model = self.message_model()
        model.blank_label = self.tr("(This message has no text)")
        model.thought_label = self.tr("Thought for %1 s")
        model.thinking_label = self.tr("Thinking")
        model.ran_label = lambda tool, lines: fill(
            # English has no plural forms of its own without a translation file: one is its own
            self.tr("Ran %1 · 1 line") if lines == 1 else self.tr("Ran %1 · %n lines", "", lines),
            tool,
        )
        model.failed_label = self.tr("failed")
        self.empty_label.setText(
            self.tr("This chat has no messages yet.")
            + "\n"
            + self.tr("Write the first one below: Ctrl+Enter adds it.")
        )
        if self._unseen:
            self._show_pill()
        self.bubbles.restyle()
        self.scheduleDelayedItemsLayout()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self.bubbles.set_viewport(self.viewport().width(), self.font())
            self.scheduleDelayedItemsLayout()
        super().changeEvent(event)
