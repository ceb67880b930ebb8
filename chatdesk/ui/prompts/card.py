"""One prompt card of the gallery: painted title and text, a star to mark it a favourite."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTextBoundaryFinder, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
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
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractButton, QMenu, QSizePolicy, QWidget

from chatdesk.services.plain import plain_text
from chatdesk.services.prompts import PromptRow
from chatdesk.ui import theme
from chatdesk.ui.help import PROMPT_DELETE_KEY, PROMPT_EDIT_KEY, PROMPT_STAR_KEYS, show_keys
from chatdesk.ui.widgets import plain_tip

# The star's fill: the same gold in both themes reads as "favourite" on white and on grey.
GOLD = "#e3a008"
# Keys that toggle the star of the focused card (besides clicking it): help.py's, which the
# menus show and F1 lists.
STAR_KEYS = PROMPT_STAR_KEYS


#: Keys a focused card (or search result) takes before the window's shortcuts: edit, delete.
CARD_KEYS = (Qt.Key.Key_F2, Qt.Key.Key_Delete)
#: How much of a prompt's text a card reads for its preview: more than the most lines a card
#: shows hold, and a 20,000-character prompt is not laid out at every repaint.
PREVIEW_CHARS = 2000
ELLIPSIS = "…"


def preview_text(text: str) -> str:
    """A prompt's text as a card shows it: its Markdown read as plain text (no ``#``, ``**``,
    ``---`` or fences), on one line."""
    return plain_text(text[:PREVIEW_CHARS])


def elide_at_break(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` if it fits in ``width`` px, else its longest start that ends where a line may
    break (after a word; between two Chinese characters) and fits with "…" after it; a first
    word longer than the width (a JSON token, a URL) is cut where it must, with "…" too."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    best = ""
    position = finder.toNextBoundary()
    while 0 < position <= len(text):
        start = text[:position].rstrip()
        if metrics.horizontalAdvance(start + ELLIPSIS) > width:
            break
        best = start
        position = finder.toNextBoundary()
    if best:
        return best + ELLIPSIS
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def preview_lines(text: str, font: QFont, width: int, most: int) -> list[str]:
    """``text`` wrapped into at most ``most`` lines of ``width`` px: at word boundaries, a
    token longer than a line anywhere (it stays inside the card); when text remains after the
    last line, that line ends at a word boundary with "…" (:func:`elide_at_break`)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while len(spans) < max(1, most):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textStart() + line.textLength()))
    layout.endLayout()
    lines = [text[start:end].strip() for start, end in spans]
    if spans and text[spans[-1][1] :].strip():  # more than fits: the last line says so
        lines[-1] = elide_at_break(text[spans[-1][0] :].strip(), QFontMetrics(font), width)
    return lines


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
        self._preview = ""  # the prompt's text as shown (plain, one line)
        self._lines: tuple[tuple[object, ...], list[str]] = ((), [])  # laid out, by key

    def sizeHint(self) -> QSize:
        return QSize(180, self.fontMetrics().height() * 6 + 2 * self.PAD)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().height() * 4 + 2 * self.PAD)

    def set_prompt(self, prompt: PromptRow | None) -> None:
        self.prompt = prompt
        self._preview = preview_text(prompt.text) if prompt else ""
        self._lines = ((), [])
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
        title = elide_at_break(
            " ".join(self.prompt.title.split()), painter.fontMetrics(), title_width
        )
        painter.drawText(
            QRect(inner.left(), inner.top(), title_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        painter.setFont(self.font())
        painter.setPen(QColor(c.muted))
        body = QRect(inner.left(), inner.top() + line + 4, inner.width(), inner.height() - line - 4)
        spacing = painter.fontMetrics().lineSpacing()
        for n, text in enumerate(self.body_lines(body.width(), body.height() // spacing)):
            row = QRect(body.left(), body.top() + n * spacing, body.width(), spacing)
            painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)

    def body_lines(self, width: int, most: int) -> list[str]:
        """The preview's lines for a body ``width`` px wide with room for ``most`` lines
        (kept until the prompt, the size or the font changes)."""
        key = (self._preview, width, most, self.font().key())
        if self._lines[0] != key:
            self._lines = (key, preview_lines(self._preview, self.font(), width, max(1, most)))
        return self._lines[1]

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
        star = self.tr("Remove from favorites") if prompt.favorite else self.tr("Add to favorites")
        show_keys(menu.addAction(star, self.star.click), STAR_KEYS)
        edit = menu.addAction(self.tr("Edit…"), lambda: self.edit_requested.emit(prompt))
        show_keys(edit, [PROMPT_EDIT_KEY])
        delete = menu.addAction(self.tr("Delete"), lambda: self.delete_requested.emit(prompt))
        show_keys(delete, [PROMPT_DELETE_KEY])
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(event.globalPos())
