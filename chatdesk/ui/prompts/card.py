"""One prompt card of the gallery: painted title and text, a star to mark it a favourite."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractButton, QMenu, QSizePolicy, QWidget

from chatdesk.services.prompts import PromptRow
from chatdesk.ui import theme
from chatdesk.ui.widgets import plain_tip

# The star's fill: the same gold in both themes reads as "favourite" on white and on grey.
GOLD = "#e3a008"
# Keys that toggle the star of the focused card (besides clicking it).
STAR_KEYS = (QKeySequence(Qt.Key.Key_F), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_D))


#: Keys a focused card (or search result) takes before the window's shortcuts: edit, delete.
CARD_KEYS = (Qt.Key.Key_F2, Qt.Key.Key_Delete)


def is_star_key(event: QKeyEvent) -> bool:
    """Whether ``event`` is F or Ctrl+D (the card's and the result list's star keys)."""
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in STAR_KEYS)


def star_polygon(rect: QRectF) -> QPolygonF:
    """A five-pointed star inscribed in ``rect``."""
    centre = rect.center()
    outer = min(rect.width(), rect.height()) / 2
    inner = outer * 0.45
    points = []
    for n in range(10):
        radius = outer if n % 2 == 0 else inner
        angle = math.radians(-90 + n * 36)
        points.append(
            QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
        )
    return QPolygonF(points)


_icons: dict[tuple[bool, bool, int], QIcon] = {}


def star_icon(filled: bool, size: int = 16) -> QIcon:
    """A star as an icon (the search results' favourite mark), in the current theme's colours."""
    dark = theme.current().dark
    key = (filled, dark, size)
    if key not in _icons:
        pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x, sharp on high-DPI screens
        pixmap.fill(Qt.GlobalColor.transparent)
        pixmap.setDevicePixelRatio(2)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        star = star_polygon(QRectF(1.5, 1.5, size - 3, size - 3))
        if filled:
            painter.setPen(QPen(QColor(GOLD), 1.0))
            painter.setBrush(QColor(GOLD))
        else:
            outline = QColor(theme.current().muted)
            outline.setAlpha(150)  # a hint that it can be starred, quieter than the titles
            painter.setPen(QPen(outline, 1.2))
        painter.drawPolygon(star)
        painter.end()
        _icons[key] = QIcon(pixmap)
    return _icons[key]


class StarButton(QAbstractButton):
    """A checkable star: filled gold when the prompt is a favourite, an outline otherwise.

    It takes no keyboard focus itself (the card is the tab stop and forwards F / Ctrl+D), but a
    screen reader sees a checkable button with a name.
    """

    SIZE = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptStarButton")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setFixedSize(self.SIZE, self.SIZE)
        self.toggled.connect(lambda _: self.retranslate())
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(self.SIZE, self.SIZE)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Favorite"))
        if self.isChecked():
            self.setToolTip(self.tr("Remove from favorites (F)"))
        else:
            self.setToolTip(self.tr("Add to favorites (F)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        star = star_polygon(QRectF(self.rect()).adjusted(3, 3, -3, -3))
        hover = self.underMouse()
        if self.isChecked():
            painter.setPen(QPen(QColor(GOLD), 1.2))
            painter.setBrush(QColor(GOLD))
        else:
            painter.setPen(QPen(QColor(c.accent if hover else c.muted), 1.4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolygon(star)


class PromptCard(QWidget):
    """One prompt, painted (title, then as much of the text as fits); a click uses it.

    Painting it ourselves keeps a shuffle cheap: no word-wrapped labels to lay out again. The
    star (top right) marks the prompt a favourite; F or Ctrl+D does the same when the card has
    focus.

    Signals:
        chosen(str): the prompt's text.
        star_toggled(int, bool): the prompt's id and whether it is now a favourite.
        edit_requested(object) / delete_requested(object): the card's
            :class:`~chatdesk.services.prompts.PromptRow` (F2 / Delete, or its context menu).
    """

    chosen = Signal(str)
    star_toggled = Signal(int, bool)
    edit_requested = Signal(object)
    delete_requested = Signal(object)
    PAD = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptCard")
        self.prompt: PromptRow | None = None
        self._hover = False
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.star = StarButton(self)
        self.star.clicked.connect(self._star_clicked)

    def sizeHint(self) -> QSize:
        return QSize(180, self.fontMetrics().height() * 6 + 2 * self.PAD)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().height() * 4 + 2 * self.PAD)

    def set_prompt(self, prompt: PromptRow | None) -> None:
        self.prompt = prompt
        self.setToolTip(plain_tip(prompt.text[:600]) if prompt else "")
        self.setAccessibleName(prompt.title if prompt else "")
        self.star.setVisible(prompt is not None)
        self.star.setChecked(bool(prompt and prompt.favorite))
        self.setAccessibleDescription(
            self.tr("Favorite") if prompt is not None and prompt.favorite else ""
        )
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.star.move(self.width() - self.star.width() - self.PAD + 4, self.PAD - 4)
        super().resizeEvent(event)

    def _star_clicked(self, checked: bool) -> None:
        if self.prompt is not None:
            self.star_toggled.emit(self.prompt.id, checked)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.prompt is None:
            return
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        active = self._hover or self.hasFocus()
        painter.setPen(QPen(QColor(c.accent if active else c.card_border), 1.2))
        painter.setBrush(QColor(c.card))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        inner = self.rect().adjusted(self.PAD, self.PAD - 2, -self.PAD, -self.PAD)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self.palette().text().color())
        line = painter.fontMetrics().height()
        title_width = inner.width() - self.star.width()  # the star sits at the title's end
        title = painter.fontMetrics().elidedText(
            self.prompt.title, Qt.TextElideMode.ElideRight, title_width
        )
        painter.drawText(
            QRect(inner.left(), inner.top(), title_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        painter.setFont(self.font())
        painter.setPen(QColor(c.muted))
        body = QRect(inner.left(), inner.top() + line + 4, inner.width(), inner.height() - line - 4)
        lines = max(1, body.height() // painter.fontMetrics().lineSpacing())
        body.setHeight(lines * painter.fontMetrics().lineSpacing())
        text = " ".join(self.prompt.text[:400].split())
        painter.drawText(
            body,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            text,
        )

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.prompt is not None
            and event.key() in CARD_KEYS
        ):
            event.accept()  # F2 here edits the prompt, not the window's Rename chat
            return True
        if event.type() in (QEvent.Type.HoverEnter, QEvent.Type.HoverLeave):
            self._hover = event.type() == QEvent.Type.HoverEnter
            self.update()
        return super().event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.prompt is not None:
            self.chosen.emit(self.prompt.text)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.prompt:
            self.chosen.emit(self.prompt.text)
            return
        if is_star_key(event) and self.prompt is not None:
            self.star.click()
            return
        if self.prompt is not None and event.key() == Qt.Key.Key_F2:
            self.edit_requested.emit(self.prompt)
            return
        if self.prompt is not None and event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit(self.prompt)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.prompt is None:
            return
        prompt = self.prompt
        menu = QMenu(self)
        menu.setObjectName("promptCardMenu")
        menu.addAction(self.tr("Use this prompt"), lambda: self.chosen.emit(prompt.text))
        menu.addAction(self.tr("Edit…") + "\tF2", lambda: self.edit_requested.emit(prompt))
        menu.addAction(self.tr("Delete") + "\tDel", lambda: self.delete_requested.emit(prompt))
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(event.globalPos())
