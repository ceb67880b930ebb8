"""How a chat (or a search hit) is drawn in a list: title and time, then a one-line preview."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from chatdesk.ui import theme
from chatdesk.ui.chat_list_model import ChatListModel
from chatdesk.ui.formatting import short_time

Index = QModelIndex | QPersistentModelIndex


_MARKUP = re.compile(r"```\w*|[*`#>]+")


def plain_preview(text: str) -> str:
    """The last message's start without Markdown marks (``` fences, **, #)."""
    return " ".join(_MARKUP.sub("", text).split())


class ChatRowDelegate(QStyledItemDelegate):
    """Two lines per chat: the title and its time, then the last message's preview."""

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
        updated = index.data(ChatListModel.UpdatedRole)
        when = short_time(updated) if updated is not None else ""
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
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        title_rect = QRect(rect.left(), rect.top(), rect.width() - time_width - 4, line)
        title = painter.fontMetrics().elidedText(
            str(index.data() or ""), Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        painter.setFont(small)
        painter.setPen(muted)
        preview_rect = QRect(rect.left(), rect.top() + line + 4, rect.width(), line)
        preview = painter.fontMetrics().elidedText(
            plain_preview(str(index.data(ChatListModel.PreviewRole) or "")),
            Qt.TextElideMode.ElideRight,
            preview_rect.width(),
        )
        painter.drawText(
            preview_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, preview
        )
        painter.restore()
