"""Light and dark appearance: Fusion with a palette of our own, following the system by default."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget


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
    "Highlight": ("#1f6feb", "#316dca"),
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


class _Style(QProxyStyle):
    """Fusion, with check box outlines that can be seen on either palette."""

    def __init__(self, dark: bool) -> None:
        super().__init__("Fusion")
        self.border = QColor(INDICATOR_BORDER[dark])

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _INDICATORS:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(self.border)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
            painter.restore()


def apply(theme: str) -> Colors:
    """Apply "light", "dark" or "system"; returns the colours now in use."""
    global _current
    dark = system_is_dark() if theme == "system" else theme == "dark"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle(_Style(dark))
    app.setPalette(_palette(dark))
    _current = DARK if dark else LIGHT
    return _current
