"""Small helpers for building widgets and models (typed, so the stubs need no property keywords)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QMimeData, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QTextOption, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from chatdesk.ui import theme

T = TypeVar("T", bound=QObject)
L = TypeVar("L", bound=QLabel)

#: What Qt hands a model or delegate as an index.
Index = QModelIndex | QPersistentModelIndex


#: A name a person gave (a folder, a tag) is cut to this many characters in a menu entry (names
#: may have 100).
MENU_NAME_MAX = 40


_ARG = re.compile(r"%([1-9])")


def fill(text: str, *args: str) -> str:
    """``text`` with ``%1``, ``%2``… replaced by ``args`` in one pass (so that a translation may
    put them in another order, and a name holding "%2" is not filled in again)."""
    return _ARG.sub(lambda m: args[int(m[1]) - 1] if int(m[1]) <= len(args) else m[0], text)


def menu_text(name: str) -> str:
    """A name a person gave, as a menu entry shows it: cut with "…" past :data:`MENU_NAME_MAX`,
    and its ``&`` doubled (a single one would make the next character the entry's mnemonic, and
    vanish)."""
    if len(name) > MENU_NAME_MAX:
        name = name[: MENU_NAME_MAX - 1].rstrip() + "…"
    return name.replace("&", "&&")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class LengthLimit(QValidator):
    """At most ``limit`` characters in a line edit, counted as the services count them (code
    points: ``QLineEdit.setMaxLength`` counts UTF-16 units, and would cut 200 emoji at 100).
    Typing stops at the limit; a paste is cut to fit (its end dropped), not refused whole."""

    def __init__(self, limit: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.limit = limit

    def validate(self, text: str, pos: int) -> object:  # (state, text, pos): PySide6's form
        excess = len(text) - self.limit
        if excess <= 0:
            return (QValidator.State.Acceptable, text, pos)
        at = next((i for i in range(len(text) + 1) if _utf16_len(text[:i]) >= pos), len(text))
        start = max(0, at - excess)  # what was just typed or pasted ends at the cursor
        kept = text[:start] + text[at:]
        if len(kept) > self.limit:  # more than the insertion over (a text set too long)
            kept, start = kept[: self.limit], min(start, self.limit)
        return (QValidator.State.Acceptable, kept, _utf16_len(kept[:start]))


def edit_at(view: QAbstractItemView, index: QModelIndex) -> None:
    """Open ``view``'s editor at ``index``, unless one is open already or the item cannot be
    edited (a row not loaded yet): Qt would refuse and warn "edit: editing failed"."""
    editable = index.isValid() and bool(index.flags() & Qt.ItemFlag.ItemIsEditable)
    if editable and view.state() != QAbstractItemView.State.EditingState:
        view.edit(index)


#: The property marking a QLabel whose text is rich text on purpose (built by the app, every
#: piece of a chat in it escaped). Every other QLabel is plain text: a title, a folder or tag
#: name, a snippet or a prompt read as rich text could name a file Qt then reads (an
#: ``<img src="/dev/zero">`` title exhausted the memory on hover). A test walks the windows.
RICH_TEXT = "chatdeskRichText"


def plain(label: L) -> L:
    """``label`` showing its text as plain text, never as rich text (see :data:`RICH_TEXT`)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def rich(label: L) -> L:
    """``label`` showing rich text on purpose: its text must escape everything from a chat."""
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setProperty(RICH_TEXT, True)
    return label


def plain_tip(text: str) -> str:
    """``text`` as a tooltip shows it as written: Qt reads a tooltip as rich text whenever it
    looks like HTML (``Qt.mightBeRichText``), so the text goes escaped into a paragraph that
    keeps its line breaks; "" stays "" (no tooltip)."""
    if not text:
        return ""
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def message_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    parent: QWidget | None = None,
) -> QMessageBox:
    """A message box whose labels show their text as plain text (``text`` may hold a chat's
    title or a file's name), wrapped to the box's width."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    plain_labels(box)
    return box


def plain_labels(root: QWidget) -> None:
    """Every QLabel in ``root`` (a dialog Qt builds, a message box) as plain text, but those
    marked :data:`RICH_TEXT`; a message box's text wraps (plain text would not)."""
    for label in root.findChildren(QLabel):
        if not label.property(RICH_TEXT):
            label.setTextFormat(Qt.TextFormat.PlainText)
            if label.objectName() in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
                label.setWordWrap(True)


def named(obj: T, name: str) -> T:
    """``obj`` with its object name set (SPEC §5 names are what tests drive the app by)."""
    obj.setObjectName(name)
    return obj


def single_shot_timer(parent: QObject, interval_ms: int) -> QTimer:
    """A restartable single-shot timer (debounce)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    return timer


class ElidedLabel(QLabel):
    """A one-line label that never asks for more width than it is given: a text too long for it
    ends in "…", and the whole text is its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # a chat's title: never rich text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain_tip(text))
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        super().setText(shown)


class HintedListView(QListView):
    """A list view that says why it is empty: while its model has no rows, ``hint()``'s text in
    the middle, muted and wrapped (nothing while ``hint()`` returns "", e.g. still loading)."""

    MARGIN = 16

    def __init__(self, hint: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint = hint

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        text = self._hint() if model is not None and model.rowCount() == 0 else ""
        if not text:
            return
        viewport = self.viewport()
        painter = QPainter(viewport)
        painter.setPen(QColor(theme.current().muted))
        margin = self.MARGIN
        painter.drawText(
            viewport.rect().adjusted(margin, margin, -margin, -margin),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            text,
        )
        painter.end()


#: A text holding a run of this many characters without a space is wrapped anywhere, not at word
#: boundaries: Qt's word wrapping takes time quadratic in such a run, and lays a text out as it
#: is set (a run of 100,000 characters held the GUI thread 0.9 s, 300,000 7.9 s).
UNBROKEN_MAX = 10_000


def wrap_mode(text: str) -> QTextOption.WrapMode:
    """How to wrap ``text``: at word boundaries, unless a run of it is too long for that."""
    if len(text) > UNBROKEN_MAX and max(map(len, text.split()), default=0) > UNBROKEN_MAX:
        return QTextOption.WrapMode.WrapAnywhere
    return QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


class PlainTextEdit(QPlainTextEdit):
    """A plain text edit that stays quick with text pasted or set holding a very long run
    without spaces (a base64 blob, minified JSON): it then wraps anywhere (:func:`wrap_mode`),
    chosen before the text is laid out."""

    def setPlainText(self, text: str) -> None:
        self.setWordWrapMode(wrap_mode(text))
        super().setPlainText(text)

    def clear(self) -> None:
        self.setWordWrapMode(wrap_mode(""))
        super().clear()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText() and wrap_mode(source.text()) == QTextOption.WrapMode.WrapAnywhere:
            self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)  # until the text is set anew
        super().insertFromMimeData(source)
