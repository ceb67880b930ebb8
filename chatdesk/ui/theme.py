"""Light and dark appearance: Fusion with a palette of our own, following the system by default."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionFocusRect,
    QWidget,
)


@dataclass(frozen=True)
class Colors:
    """The colours the custom-painted views use (bubbles, list rows)."""

    dark: bool
    user_bubble: str
    user_text: str
    assistant_bubble: str
    assistant_text: str
    muted: str
    code_background: str
    card: str
    card_border: str
    accent: str
    error: str


LIGHT = Colors(
    False,
    "#d9ecff",
    "#0b2545",
    "#f1f3f5",
    "#1f2328",
    "#5f6b7a",
    "#f6f8fa",
    "#ffffff",
    "#d0d7de",
    "#1f6feb",
    "#cf222e",
)
DARK = Colors(
    True,
    "#1f4f82",
    "#eef5ff",
    "#2d333b",
    "#e6edf3",
    "#9aa5b1",
    "#161b22",
    "#22272e",
    "#444c56",
    "#4493f8",
    "#ff7b72",
)

_current = LIGHT


def current() -> Colors:
    return _current


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


# role name -> (light, dark)
PALETTE: dict[str, tuple[str, str]] = {
    "Window": ("#f6f8fa", "#1c2128"),
    "WindowText": ("#1f2328", "#e6edf3"),
    "Base": ("#ffffff", "#22272e"),
    "AlternateBase": ("#f6f8fa", "#2d333b"),
    "Text": ("#1f2328", "#e6edf3"),
    "Button": ("#eef1f4", "#2d333b"),
    "ButtonText": ("#1f2328", "#e6edf3"),
    # Fusion outlines a focused button, field or combo box in a shade of Highlight: from the light
    # #1f6feb it made #4e90f2, 2.8:1 on the window; from #175cc8 it makes #124aa0, 7:1
    "Highlight": ("#175cc8", "#316dca"),
    "HighlightedText": ("#ffffff", "#ffffff"),
    "ToolTipBase": ("#ffffff", "#2d333b"),
    "ToolTipText": ("#1f2328", "#e6edf3"),
    "PlaceholderText": ("#6e7781", "#7d8590"),
    "Link": ("#0969da", "#4493f8"),
    "Mid": ("#d0d7de", "#444c56"),
    "Light": ("#ffffff", "#3d444d"),
    "Midlight": ("#eaeef2", "#373e47"),
    "Dark": ("#afb8c1", "#161b22"),
    "Shadow": ("#8c959f", "#0d1117"),
}


def luminance(color: QColor) -> float:
    """WCAG's relative luminance of ``color`` (0 black to 1 white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, two: QColor) -> float:
    """WCAG's contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((luminance(one), luminance(two)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    for name, colors in PALETTE.items():
        p.setColor(getattr(QPalette.ColorRole, name), QColor(colors[1 if dark else 0]))
    disabled = QColor("#7d8590")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


#: Check box and radio outlines: Fusion draws them a shade darker than the window, which on
#: the dark palette is all but invisible (contrast 1.1:1); these are at least 3:1 (WCAG's
#: minimum for the parts of a control).
INDICATOR_BORDER = {False: "#6e7781", True: "#8b949e"}
_INDICATORS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
)

#: The keyboard focus frame (a check box's or tool button's, a list's current row): Fusion draws
#: it in the highlight colour at 60 % opacity, 1.3:1 to 1.7:1 on the dark palette, all but
#: invisible. These are at least 4.4:1 against the window, the fields (Base) and the buttons of
#: their theme (WCAG asks 3:1 of a focus indicator); tests/ui/test_window_fit.py measures it.
FOCUS_FRAME = {False: "#0969da", True: "#539bf5"}


class _Style(QProxyStyle):
    """Fusion, with check box outlines and focus frames that can be seen on either palette."""

    def __init__(self, dark: bool) -> None:
        super().__init__("Fusion")
        self.border = QColor(INDICATOR_BORDER[dark])
        self.focus = QColor(FOCUS_FRAME[dark])

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._focus_frame(option, painter)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in _INDICATORS:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(self.border)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
            painter.restore()

    def _focus_frame(self, option: QStyleOption, painter: QPainter) -> None:
        """A solid frame in :data:`FOCUS_FRAME`'s colour, 2 px wide where there is room; in the
        highlighted text's colour where that one is under 3:1 against what is behind the frame
        (a selected row's highlight)."""
        if not option.state & QStyle.StateFlag.State_KeyboardFocusChange:
            return  # as Fusion: only once the keyboard has moved the focus in this window
        colour = self.focus
        if isinstance(option, QStyleOptionFocusRect) and option.backgroundColor.isValid():
            behind = option.backgroundColor
            other = option.palette.color(QPalette.ColorRole.HighlightedText)
            if contrast(colour, behind) < 3 and contrast(other, behind) > contrast(colour, behind):
                colour = other
        rect = option.rect
        width = 2 if min(rect.width(), rect.height()) >= 12 else 1
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(colour, width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = width // 2
        painter.drawRect(rect.adjusted(inset, inset, -inset - (width % 2), -inset - (width % 2)))
        painter.restore()


def apply(theme: str) -> Colors:
    """Apply "light", "dark" or "system"; returns the colours now in use."""
    global _current
    dark = system_is_dark() if theme == "system" else theme == "dark"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # the palette first: setStyle polishes every widget again, also those with a style sheet of
    # their own, which otherwise keep the palette they were polished with (the gallery's
    # Collections button stayed light in the dark theme)
    app.setPalette(_palette(dark))
    app.setStyle(_Style(dark))
    _current = DARK if dark else LIGHT
    return _current
