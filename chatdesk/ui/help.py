"""The Help menu's windows: every keyboard shortcut (F1), and About: the version, where the
library is kept and where the API answers."""

from __future__ import annotations

import html
import platform
import re
from collections.abc import Sequence

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

#: The message list's copy key (a :class:`QShortcut` of the history view).
COPY = QKeySequence.StandardKey.Copy


#: F2: rename the chat, or the folder chosen in the tree (the main window's Rename).
RENAME_KEY = QKeySequence(Qt.Key.Key_F2)
#: Keys a focused prompt card, or a search result of the gallery, handles itself: star (a
#: favourite or not), edit, delete. Their menus show them and F1 lists them, from here.
PROMPT_STAR_KEYS = (QKeySequence(Qt.Key.Key_F), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_D))
PROMPT_EDIT_KEY = QKeySequence(Qt.Key.Key_F2)
PROMPT_DELETE_KEY = QKeySequence(Qt.Key.Key_Delete)


def key_text(keys: Sequence[QKeySequence]) -> str:
    """Keys as a menu and the F1 table show them: "F, Ctrl+D"."""
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(dict.fromkeys(t for k in keys if (t := k.toString(native))))


def show_keys(action: QAction, keys: Sequence[QKeySequence]) -> QAction:
    """Show ``keys`` beside a menu entry whose keys a widget handles itself (a prompt card's F,
    the folder tree's F2 through the window's Rename), as a menu shows a shortcut, without
    binding them a second time (two bindings of one key are ambiguous: neither would fire)."""
    action.setText(action.text().partition("\t")[0] + "\t" + key_text(keys))
    return action


def plain(text: str) -> str:
    """A menu entry's text as a sentence shows it: no mnemonic (``&N``, or ``(&N)`` as Chinese
    writes one), no trailing ``…``, no keys shown after a tab."""
    text = text.partition("\t")[0]
    text = re.sub(r"\s*\(&[^&)]\)", "", text.replace("&&", "\0"))
    return text.replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcuts(window: QWidget, more: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(what it does, its keys) for every action of ``window`` with a shortcut, in the order they
    were made (the menus' order), then ``more`` (keys that work inside one widget: a
    :class:`QShortcut` has no name of its own, and a card's keys are not actions; a test checks
    that every key bound in the window is in the list)."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        keys = key_text(action.shortcuts())
        name = plain(action.text())
        if name and keys:
            rows.setdefault(name, keys)
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
            (self.tr("Copy the message"), key_text(QKeySequence.keyBindings(COPY))),
            (self.tr("From the search box to the results, and back"), "↓ / ↑"),
            (self.tr("Clear the search"), "Esc"),
            (self.tr("Read a message in a window of its own"), self.tr("Double-click")),
            (self.tr("Rename the folder chosen in the tree"), key_text([RENAME_KEY])),
            (self.tr("Star or unstar the prompt"), key_text(PROMPT_STAR_KEYS)),
            (self.tr("Edit the prompt"), key_text([PROMPT_EDIT_KEY])),
            (self.tr("Delete the prompt"), key_text([PROMPT_DELETE_KEY])),
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
