"""A live theme switch reaches every widget: palettes and style sheets follow the new theme."""

from __future__ import annotations

import re

import pytest
import shiboken6
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from chatdesk.ui import theme
from tests.ui.helpers import Desk
from tests.ui.test_settings import open_settings, press_ok

ROLES = (QPalette.ColorRole.Window, QPalette.ColorRole.Button, QPalette.ColorRole.Base)
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def theme_colors(dark: bool) -> set[str]:
    """Every colour a theme defines (its palette and the custom-painted views' colours)."""
    colors = {pair[1 if dark else 0].lower() for pair in theme.PALETTE.values()}
    chosen = theme.DARK if dark else theme.LIGHT
    colors |= {str(v).lower() for v in vars(chosen).values() if isinstance(v, str)}
    return colors


def off_theme(widget: QWidget, dark: bool) -> list[str]:
    """What in ``widget`` still shows the other theme: palette roles and style sheet colours."""
    wrong = []
    for role in ROLES:
        want = QColor(theme.PALETTE[role.name][1 if dark else 0])
        got = widget.palette().color(role)
        if got != want:
            wrong.append(f"{role.name} {got.name()} != {want.name()}")
    mine, other = theme_colors(dark), theme_colors(not dark)
    for color in HEX.findall(widget.styleSheet()):
        if color.lower() in other - mine:
            wrong.append(f"style sheet {color}")
    return wrong


@pytest.mark.parametrize("to", ["dark", "light"])
def test_every_widget_follows_a_live_theme_switch(desk: Desk, to: str) -> None:
    start = "light" if to == "dark" else "dark"
    desk.app.settings.theme = start
    desk.app.apply_theme()
    main = desk.register()
    main.gallery.collections_button.ensurePolished()
    dialog = open_settings(desk, main)
    dialog.theme.setCurrentIndex(dialog.theme.findData(to))
    press_ok(desk, dialog)
    dark = to == "dark"
    assert theme.current().dark == dark
    desk.qtbot.wait(50)
    widgets = [w for w in QApplication.allWidgets() if shiboken6.isValid(w)]
    assert main.gallery.collections_button in widgets
    wrong = {
        f"{type(w).__name__} {w.objectName()}": off_theme(w, dark)
        for w in widgets
        if off_theme(w, dark)
    }
    assert wrong == {}
    # and as painted: the Collections button's face is the new theme's button colour
    button = main.gallery.collections_button
    face = QColor(button.grab().toImage().pixel(4, button.height() // 2))
    want = QColor(theme.PALETTE["Button"][1 if dark else 0])
    assert abs(face.lightness() - want.lightness()) < 40, (face.name(), want.name())
