"""Paints a message as a chat bubble from a cached QTextDocument, and sizes it cheaply."""

from __future__ import annotations

import html
import re
import time
from collections import OrderedDict
from collections.abc import Mapping

from PySide6.QtCore import (
    QLocale,
    QObject,
    QRect,
    QRectF,
    QRegularExpression,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from chatdesk.ui import theme
from chatdesk.ui.formatting import full_time
from chatdesk.ui.history.markdown import MessageDocument
from chatdesk.ui.history.model import MessageModel
from chatdesk.ui.widgets import Index, single_shot_timer

DOC_CACHE = 400
REFINE_BUDGET_S = 0.015


def match_pattern(query: str) -> QRegularExpression | None:
    """What finds ``query`` in a text as the search matches it: case-insensitive, any run of
    whitespace in it standing for any other; None for a blank query."""
    words = [re.escape(w) for w in query.split()]
    if not words:
        return None
    return QRegularExpression(
        r"\s+".join(words), QRegularExpression.PatternOption.CaseInsensitiveOption
    )


def mark_matches(doc: QTextDocument, query: str, accent: QColor) -> int:
    """Tint every occurrence of ``query`` in ``doc`` (:func:`match_pattern`); returns how many."""
    pattern = match_pattern(query)
    if pattern is None:
        return 0
    tint = QColor(accent)
    tint.setAlpha(90)
    marked = QTextCharFormat()
    marked.setBackground(tint)
    found, cursor = 0, doc.find(pattern, 0)
    while not cursor.isNull() and cursor.hasSelection():
        cursor.mergeCharFormat(marked)
        found += 1
        cursor = doc.find(pattern, cursor)
    return found


class BubbleDelegate(QStyledItemDelegate):
    """Paints one message as a bubble: the person's on the right, the assistant's on the left,
    each with its role, time and a Copy button in the header. The message a search hit opened
    the chat at sits on a tinted band with an accent border, until another chat opens.

    It paints from the model's roles and what its view tells it (the width to fill, the font,
    the labels, which Copy button is under the mouse), never reading the view itself.

    Signals:
        refine_due(): rows shown at an estimated height wait to be measured: the view calls
            :meth:`refine` with its first visible row, then lays out again.
    """

    PAD = 10
    MARGIN = 6
    SIDE = 14

    refine_due = Signal()

    def __init__(self, model: MessageModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._width = 0  # the viewport's
        self._font = QFont()
        self._metrics = QFontMetrics(self._font)
        self.role_names: Mapping[str, str] = {}
        #: The row whose Copy button is under the mouse (-1: none).
        self.hover_row = -1
        self._docs: OrderedDict[tuple[int, int], QTextDocument] = OrderedDict()
        self._heights: dict[tuple[int, int], int] = {}  # (id, width) -> exact row height
        self._last: dict[int, tuple[int, int]] = {}  # id -> (width, height) last measured
        self._queue: list[int] = []  # ids shown at an estimated height, nearest first
        self._queued: set[int] = set()
        self._queue_width = 0
        self._refine_timer = single_shot_timer(self, 0)
        self._refine_timer.timeout.connect(self.refine_due)
        self.copy_label = "Copy"
        #: Ends a shortened message's bubble; ``%s``: how many characters it leaves out.
        self.shortened_label = "%s more characters"
        self._line_height: int | None = None

    def set_viewport(self, width: int, font: QFont) -> None:
        """The width rows fill and the font they are written in (the view's, as they change)."""
        if font != self._font:
            self._font, self._metrics = QFont(font), QFontMetrics(font)
            self.restyle()
        self._width = width

    @property
    def pending(self) -> int:
        """How many rows still show an estimated height."""
        return len(self._queue)

    def restyle(self) -> None:
        """Theme, language or rendering changed: drop documents and exact heights but keep the
        last heights as estimates, so rows are measured again a few at a time."""
        self._line_height = None
        self._docs.clear()
        self._heights.clear()

    def forget_size(self, message_id: int) -> None:
        """Drop ``message_id``'s documents and heights: it was opened or folded."""
        self.forget(message_id)
        for key in [k for k in self._heights if k[0] == message_id]:
            del self._heights[key]
        self._last.pop(message_id, None)

    def forget(self, message_id: int) -> None:
        """Drop ``message_id``'s documents (its search marks changed; its size did not)."""
        for key in [k for k in self._docs if k[0] == message_id]:
            del self._docs[key]

    def clear(self) -> None:
        self._line_height = None
        self._docs.clear()
        self._heights.clear()
        self._last.clear()
        self._queue.clear()
        self._queued.clear()

    def _text_width(self) -> int:
        """78 % of the viewport (at most 760 px) and at least 160 px, but never wider than the
        viewport less the bubble's side margin and padding: the viewport is the width left of
        the vertical scroll bar, so no text runs under it however narrow the thread."""
        room = self._width - 2 * self.SIDE - 2 * self.PAD
        return max(1, min(max(160, min(int(self._width * 0.78), 760) - 2 * self.PAD), room))

    def _doc(self, index: Index, width: int) -> QTextDocument:
        key = (int(index.data(MessageModel.IdRole)), width)
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        doc = MessageDocument()  # resolves no resource: a message names no file we read
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self._font)
        doc.setHtml(str(index.data(MessageModel.HtmlRole) or "") + self._left_out_note(index))
        query = self._model.highlight_query
        if query and index.data(MessageModel.HighlightRole):
            mark_matches(doc, query, QColor(theme.current().accent))
        doc.setTextWidth(width)
        ideal = doc.idealWidth()
        if ideal < width:
            doc.setTextWidth(max(ideal, 1))
        self._docs[key] = doc
        if len(self._docs) > DOC_CACHE:
            self._docs.popitem(last=False)
        return doc

    def _left_out_note(self, index: Index) -> str:
        """The line that ends a shortened message's bubble ("" for the others)."""
        left_out = int(index.data(MessageModel.LeftOutRole) or 0)
        if not left_out:
            return ""
        text = html.escape(self.shortened_label % QLocale().toString(left_out))
        return f'<p style="color:{theme.current().muted}"><i>… {text}</i></p>'

    def _header_height(self) -> int:
        return self._line + 4

    @property
    def _line(self) -> int:
        if self._line_height is None:
            self._line_height = self._metrics.height()
        return self._line_height

    @property
    def _chrome(self) -> int:
        """A row's height besides its text: header, padding, margins."""
        return self._header_height() + 2 * self.PAD + 2 * self.MARGIN

    def _header_min_width(self, index: Index) -> int:
        when = full_time(index.data(MessageModel.TimeRole))
        return self._metrics.horizontalAdvance(self._who(index) + when + self.copy_label) + 40

    def _who(self, index: Index) -> str:
        return self.role_names.get(str(index.data(MessageModel.RoleRole)), "")

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """The exact size once measured at this width. After a resize, rows measured at
        another width get an estimate at once and are measured a few at a time afterwards,
        nearest to what is on screen first: a resize with thousands of rows loaded would
        otherwise lay out every one of them before the next repaint."""
        width = self._text_width()
        message_id = self._model.id_at(index.row())  # fast: called for every row
        height = self._heights.get((message_id, width))
        if height is None:
            last = self._last.get(message_id)
            if last is None:
                height = self._measure(index, message_id, width)
            else:
                old_width, old_height = last
                chrome = self._chrome
                text = max(self._line, old_height - chrome)
                height = chrome + int(text * old_width / width)
                self._enqueue(message_id, width)
        return QSize(self._width, height)

    def _measure(self, index: Index, message_id: int, width: int) -> int:
        doc = self._doc(index, width)
        height = int(doc.size().height()) + self._chrome
        self._heights[(message_id, width)] = height
        self._last[message_id] = (width, height)
        return height

    def _enqueue(self, message_id: int, width: int) -> None:
        if width != self._queue_width:
            self._queue_width = width
            self._queue.clear()
            self._queued.clear()
        if message_id not in self._queued:
            self._queued.add(message_id)
            self._queue.append(message_id)
            self._refine_timer.start()

    def refine(self, first: int) -> bool:
        """Measure queued rows for up to ~15 ms, those nearest to row ``first`` (the first one
        on screen, or -1) first; True when some were, and the view should lay out again."""
        width = self._text_width()
        if width != self._queue_width or not self._queue:
            return False
        model = self._model
        if first >= 0:  # on-screen rows first, then outward from them
            self._queue.sort(key=lambda mid: abs(model.row_of_id(mid) - first))
        started = time.perf_counter()
        while self._queue and time.perf_counter() - started < REFINE_BUDGET_S:
            message_id = self._queue.pop(0)
            self._queued.discard(message_id)
            row = model.row_of_id(message_id)
            if row >= 0 and (message_id, width) not in self._heights:
                self._measure(model.index(row), message_id, width)
        if self._queue:
            self._refine_timer.start()
        return True

    def bubble_rect(self, option_rect: QRect, index: Index) -> QRect:
        width = self._text_width()
        doc = self._doc(index, width)
        inner = max(int(doc.size().width()), self._header_min_width(index))
        bubble_w = min(inner, width) + 2 * self.PAD
        height = option_rect.height() - 2 * self.MARGIN
        mine = index.data(MessageModel.RoleRole) == "user"
        if mine:
            left = option_rect.right() - self.SIDE - bubble_w
        else:
            left = option_rect.left() + self.SIDE
        return QRect(left, option_rect.top() + self.MARGIN, bubble_w, height)

    def copy_rect(self, bubble: QRect) -> QRect:
        fm = self._metrics
        w = fm.horizontalAdvance(self.copy_label) + 12
        return QRect(bubble.right() - self.PAD - w + 6, bubble.top() + 4, w, fm.height() + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = theme.current()
        mine = index.data(MessageModel.RoleRole) == "user"
        bubble = self.bubble_rect(option.rect, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        folded = index.data(MessageModel.FoldedRole) is not None
        fill = QColor(
            colors.card if folded else colors.user_bubble if mine else colors.assistant_bubble
        )
        text = QColor(colors.user_text if mine else colors.assistant_text)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        found = bool(index.data(MessageModel.HighlightRole))
        if found:
            band = QColor(colors.accent)
            band.setAlpha(40)
            painter.fillRect(option.rect.adjusted(0, 2, 0, -2), band)
            painter.setPen(QPen(QColor(colors.accent), 2.5))
        else:
            painter.setPen(QColor(colors.accent) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(bubble), 10, 10)
        fm = self._metrics
        header = QRect(
            bubble.left() + self.PAD, bubble.top() + 4, bubble.width() - 2 * self.PAD, fm.height()
        )
        painter.setPen(QColor(colors.muted) if not mine else text)
        font = QFont(self._font)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(
            header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._who(index)
        )
        painter.setFont(self._font)
        copy = self.copy_rect(bubble)
        when = full_time(index.data(MessageModel.TimeRole))
        time_rect = QRect(
            header.left(), header.top(), copy.left() - header.left() - 8, header.height()
        )
        painter.setPen(QColor(colors.muted))
        painter.drawText(
            time_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when
        )
        hover = self.hover_row == index.row()
        painter.setPen(QColor(colors.accent))
        painter.setBrush(QColor(colors.card) if hover else Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(copy), 4, 4)
        painter.drawText(copy, Qt.AlignmentFlag.AlignCenter, self.copy_label)
        doc = self._doc(index, self._text_width())
        painter.translate(bubble.left() + self.PAD, bubble.top() + self.PAD + self._header_height())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, text)
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
