"""How a chat (or a search hit) is drawn in a list: title and time, then a one-line preview.

An imported chat's source is named before its time (issue 22: "DeepSeek · 10:05"). Pinned
chats get a pin before their title, tagged chats their tags as chips at the end of the
preview line (rows stay one height); a search hit's snippet shows the matched text in
bold accent on a tint, the start trimmed when the match would fall past the row's end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from chatdesk.importers.registry import label
from chatdesk.ui import theme
from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.chats.search_model import SearchHitsModel
from chatdesk.ui.formatting import short_time
from chatdesk.ui.widgets import Index

if TYPE_CHECKING:
    from chatdesk.services.tags import TagInfo

Spans = tuple[tuple[int, int], ...]

_MARKUP = re.compile(r"```\w*|[*`#>]+")
#: How far (in characters) a cut snippet may start later to start at a word.
WORD = 10


def source_mark(source: str) -> str:
    """The short name a row shows for its chat's source: the format's own name, without what
    follows it in brackets ("Gemini (Google Takeout)" → "Gemini")."""
    return label(source).split(" (", 1)[0]


def plain_preview(text: str) -> str:
    """The last message's start without Markdown marks (``` fences, **, #)."""
    return " ".join(_MARKUP.sub("", text).split())


def plain_snippet(text: str, spans: Spans) -> tuple[str, Spans]:
    """A hit's snippet without Markdown marks, as :func:`plain_preview` shows previews; the
    spans follow the text. Marks inside a match (a search for "`x`") are kept."""
    keep = [True] * len(text)
    for mark in _MARKUP.finditer(text):
        for i in range(mark.start(), mark.end()):
            keep[i] = any(a <= i < b for a, b in spans)
    before = [0] * (len(text) + 1)  # kept characters before each offset
    for i, kept in enumerate(keep):
        before[i + 1] = before[i] + kept
    plain = "".join(c for c, kept in zip(text, keep, strict=True) if kept)
    return plain, tuple((before[a], before[b]) for a, b in spans)


def fit_match(
    text: str, spans: Spans, width: int, normal: QFontMetrics, bold: QFontMetrics
) -> tuple[str, Spans]:
    """``text`` (and its spans) cut at the start, behind a "…", when its first match would end
    past ``width`` pixels: as much as fits before the match ending two thirds of the way (or
    further, when what follows it is short), from the start of a word; unchanged otherwise."""
    if not spans:
        return text, spans
    a, b = spans[0]
    match = bold.horizontalAdvance(text[a:b])
    if normal.horizontalAdvance(text[:a]) + match <= width:
        return text, spans
    tail = normal.horizontalAdvance(text[b:])  # a short end leaves more room before
    room = max(width * 2 // 3 - match, width - match - tail - 4)
    cut = a
    while cut > 0 and normal.horizontalAdvance("…" + text[cut - 1 : a]) <= room:
        cut -= 1
    space = text.find(" ", cut, a)
    if cut > 0 and text[cut - 1] != " " and 0 <= space - cut <= WORD:
        cut = space + 1  # not from the middle of a word
    shift = 1 - cut
    moved = tuple((s + shift, e + shift) for s, e in spans if e > cut)
    return "…" + text[cut:], tuple((max(1, s), e) for s, e in moved)


#: A chip's name at most this wide (in pixels), the chips together at most this part of the row.
CHIP_MAX = 90
CHIPS_SHARE = 0.55
DEFAULT_CHIP = "#8a8f98"


def draw_chips(
    painter: QPainter,
    rect: QRect,
    tags: Sequence[TagInfo],
    font: QFont,
    selected: bool,
    text_color: QColor,
) -> int:
    """The tags as rounded chips in their colours, right-aligned in ``rect`` (as many as fit in
    a share of it, the rest as "+N"); returns the left edge of the first chip drawn."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    fm = QFontMetrics(font)
    budget = int(rect.width() * CHIPS_SHARE)
    names = [fm.elidedText(t.name, Qt.TextElideMode.ElideRight, CHIP_MAX) for t in tags]
    widths = [fm.horizontalAdvance(n) + 12 for n in names]
    shown = len(tags)
    while shown and sum(widths[:shown]) + 4 * shown + (28 if shown < len(tags) else 0) > budget:
        shown -= 1
    x = rect.right()
    height = min(rect.height(), fm.height() + 2)
    top = rect.top() + (rect.height() - height) // 2
    if shown < len(tags):
        more = f"+{len(tags) - shown}"
        width = fm.horizontalAdvance(more) + 6
        x -= width
        painter.setPen(text_color)
        painter.drawText(QRect(x, top, width, height), Qt.AlignmentFlag.AlignCenter, more)
        x -= 4
    for tag, name, width in reversed(
        list(zip(tags[:shown], names[:shown], widths[:shown], strict=True))
    ):
        x -= width
        hue = QColor(tag.color or DEFAULT_CHIP)
        fill = QColor(hue)
        # on the selection's colour a tint vanishes: selected, a chip is solid, its name in
        # white or near-black, as the thread's header shows it
        fill.setAlpha(255 if selected else 55)
        box = QRect(x, top, width, height)
        # outlined in white when selected: a blue tag's chip on a blue selection stays visible
        painter.setPen(QPen(QColor(255, 255, 255, 220) if selected else hue, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
        if selected:
            painter.setPen(QColor("#ffffff" if hue.lightnessF() < 0.6 else "#1f2328"))
        else:
            painter.setPen(text_color)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
        x -= 4
    painter.restore()
    return x + 4


class ChatRowDelegate(QStyledItemDelegate):
    """Two lines per chat: the title and its time, then the last message's preview (or, for a
    search hit, the snippet with the matches marked)."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.height()
        return QSize(200, line * 2 + self.PAD * 2 + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        muted = text_color if selected else QColor(theme.current().muted)
        rect = option.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD - 2, -self.PAD)
        line = option.fontMetrics.height()
        if index.data(ChatListModel.PlaceholderRole):  # not loaded yet: two grey bars
            self._draw_placeholder(painter, rect, line, muted)
            painter.restore()
            return
        updated = index.data(ChatListModel.UpdatedRole)
        when = short_time(updated) if updated is not None else ""
        folder = index.data(SearchHitsModel.FolderRole)
        if folder:  # a search hit says which folder its chat is in
            short = QFontMetrics(option.font).elidedText(
                str(folder), Qt.TextElideMode.ElideRight, rect.width() // 4
            )
            when = f"{short} · {when}"
        source = index.data(ChatListModel.SourceRole)
        if source:  # the small source mark: where it was imported from (issue 22)
            when = f"{source_mark(str(source))} · {when}" if when else source_mark(str(source))
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        painter.setFont(small)
        painter.setPen(muted)
        time_width = painter.fontMetrics().horizontalAdvance(when) + 6
        painter.drawText(
            QRect(rect.right() - time_width, rect.top(), time_width, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            when,
        )
        title_rect = QRect(rect.left(), rect.top(), rect.width() - time_width - 4, line)
        if index.data(ChatListModel.PinnedRole):
            pin = QRectF(title_rect.left(), title_rect.top(), line, line)
            self._draw_pin(painter, pin, text_color if selected else QColor(theme.current().accent))
            title_rect.setLeft(title_rect.left() + line + 2)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        title = painter.fontMetrics().elidedText(
            str(index.data() or ""), Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        painter.setFont(small)
        painter.setPen(muted)
        preview_rect = QRect(rect.left(), rect.top() + line + 4, rect.width(), line)
        tags = index.data(ChatListModel.TagsRole)
        if tags:  # chips at the end of the preview line; the preview elides before them
            left = draw_chips(painter, preview_rect, tags, small, selected, text_color)
            preview_rect.setRight(left - 6)
            painter.setFont(small)
            painter.setPen(muted)
        spans = index.data(SearchHitsModel.HighlightsRole)
        if spans:
            text = str(index.data(SearchHitsModel.PreviewRole) or "")
            self._draw_marked(painter, preview_rect, text, tuple(spans), small, muted, selected)
        else:
            preview = painter.fontMetrics().elidedText(
                plain_preview(str(index.data(ChatListModel.PreviewRole) or "")),
                Qt.TextElideMode.ElideRight,
                preview_rect.width(),
            )
            painter.drawText(
                preview_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, preview
            )
        painter.restore()

    @staticmethod
    def _draw_placeholder(painter: QPainter, rect: QRect, line: int, color: QColor) -> None:
        """A row whose chat is on its way: bars where its title and preview will be."""
        bar = QColor(color)
        bar.setAlpha(60)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bar)
        height = max(4, line // 2)
        for top, width in (
            (rect.top(), rect.width() * 2 // 5),
            (rect.top() + line + 4, rect.width() * 3 // 4),
        ):
            painter.drawRoundedRect(
                QRect(rect.left(), top + (line - height) // 2, width, height), 3, 3
            )

    @staticmethod
    def _draw_pin(painter: QPainter, box: QRectF, color: QColor) -> None:
        """A push pin, leaning right, filling ``box``."""
        s = box.width()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(box.center())
        painter.rotate(35)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(QRectF(-0.22 * s, -0.42 * s, 0.44 * s, 0.14 * s), 1.5, 1.5)
        painter.drawRect(QRectF(-0.13 * s, -0.3 * s, 0.26 * s, 0.3 * s))
        painter.drawRoundedRect(QRectF(-0.3 * s, -0.02 * s, 0.6 * s, 0.1 * s), 1.5, 1.5)
        painter.setPen(QPen(color, max(1.0, s * 0.07)))
        painter.drawLine(QPointF(0, 0.08 * s), QPointF(0, 0.44 * s))
        painter.restore()

    @staticmethod
    def _draw_marked(
        painter: QPainter,
        rect: QRect,
        text: str,
        spans: Spans,
        font: QFont,
        color: QColor,
        selected: bool,
    ) -> None:
        """``text`` on one line, the ``spans`` in bold accent on a tint, elided at the end."""
        bold = QFont(font)
        bold.setBold(True)
        normal_fm, bold_fm = QFontMetrics(font), QFontMetrics(bold)
        text, spans = fit_match(*plain_snippet(text, spans), rect.width(), normal_fm, bold_fm)
        pieces: list[tuple[str, bool]] = []
        last = 0
        for start, end in spans:
            pieces += [(text[last:start], False), (text[start:end], True)]
            last = end
        pieces.append((text[last:], False))
        accent = QColor(theme.current().accent)
        tint = QColor(accent)
        tint.setAlpha(45)
        x, right = rect.left(), rect.right()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for piece, marked in pieces:
            if not piece:
                continue
            fm = bold_fm if marked else normal_fm
            width = fm.horizontalAdvance(piece)
            if x + width > right:
                piece = fm.elidedText(piece, Qt.TextElideMode.ElideRight, right - x)
                width = fm.horizontalAdvance(piece)
            box = QRect(x, rect.top(), width, rect.height())
            if marked:
                if not selected:
                    painter.fillRect(box.adjusted(-1, 0, 1, 0), tint)
                painter.setFont(bold)
                painter.setPen(color if selected else accent)
            else:
                painter.setFont(font)
                painter.setPen(color)
            painter.drawText(box, flags, piece)
            x += width
            if x >= right:
                break
