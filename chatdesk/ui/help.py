"""The Help menu's windows: every keyboard shortcut (F1), and About: the version, where the
library is kept and where the API answers."""

from __future__ import annotations

import html
import platform
import re

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatdesk import __version__
from chatdesk.services.backup import library_location
from chatdesk.ui.widgets import named


def _plain(text: str) -> str:
    """A menu entry's text as a sentence shows it: no mnemonic (``&N``, or ``(&N)`` as Chinese
    writes one), no trailing ``…``."""
    text = re.sub(r"\s*\(&[^&)]\)", "", text.replace("&&", "\0"))
    return text.replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcuts(window: QWidget, more: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(what it does, its keys) for every action of ``window`` with a shortcut, in the order they
    were made (the menus' order), then ``more`` (keys that work inside one widget)."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        name = _plain(action.text())
        if name and any(keys):
            rows.setdefault(name, ", ".join(dict.fromkeys(k for k in keys if k)))
    for name, keys in more:
        rows.setdefault(name, keys)
    return list(rows.items())


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts of ``window`` (:func:`shortcuts`) as a table."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        more = [
            (self.tr("Add the message being written"), "Ctrl+Enter"),
            (self.tr("From the search box to the results, and back"), "↓ / ↑"),
            (self.tr("Clear the search"), "Esc"),
            (self.tr("Read a message in a window of its own"), self.tr("Double-click")),
        ]
        rows = shortcuts(window, more)
        self.table = named(QTableWidget(len(rows), 2), "shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 560)


class AboutBox(QMessageBox):
    """The About window: version, library, API (``api_url``, None when off), and what it runs on;
    its text can be selected (to copy the library's path)."""

    def __init__(self, parent: QWidget, api_url: str | None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About ChatDesk"))
        rows = [
            (self.tr("Library"), library_location()),
            (self.tr("API"), api_url or self.tr("not served")),
            (
                self.tr("Runs on"),
                f"Python {platform.python_version()}, Qt {qVersion()}, "
                f"PySide6 {PySide6.__version__}",
            ),
        ]
        table = "".join(
            f'<tr><td style="white-space:pre"><b>{html.escape(name)}</b>  </td>'
            f'<td style="white-space:pre">{html.escape(value)}</td></tr>'  # one line each
            for name, value in rows
        )
        what = self.tr("A desktop manager for AI chat histories.")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(
            f"<h3>ChatDesk {html.escape(__version__)}</h3>"
            f"<p>{html.escape(what)}</p><table>{table}</table>"
        )
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStandardButtons(QMessageBox.StandardButton.Close)
        icon = parent.window().windowIcon()
        if not icon.isNull():
            self.setIconPixmap(icon.pixmap(64, 64))
