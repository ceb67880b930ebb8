"""A chat's text is hostile: nothing in a message, a title, a folder or tag name may make the app
read a file (or a FIFO, or /dev/zero) or a URL. Messages are Markdown rendered into documents
that resolve no resource; every other text is shown as plain text.

A FIFO that the app opened would hang the GUI thread for good: each test here holds the FIFO's
writing end in a thread of its own, which notes the open and lets the reader go."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from chatdesk.services import chats, folders, tags
from chatdesk.ui.history.markdown import MessageDocument, to_html
from chatdesk.ui.history.message_dialog import MessageDialog
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.widgets import RICH_TEXT, plain_tip
from tests.ui.helpers import Desk, find_visible


class Fifo:
    """A FIFO at ``path`` whose writing end a shell loop opens, again and again, noting each
    open: :attr:`opened` says whether anything opened it for reading (the loop then writes a
    byte and closes, so the reader is let go instead of hanging). A process, not a thread: a
    GUI thread blocked in Qt may hold the GIL."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self._mark = path.with_name("fifo-opened")
        self._stop = path.with_name("fifo-stop")
        loop = 'while [ ! -e "$2" ]; do printf x > "$1" && touch "$3"; done'
        self._writer = subprocess.Popen(
            ["sh", "-c", loop, "sh", str(path), str(self._stop), str(self._mark)]
        )

    @property
    def opened(self) -> bool:
        return self._mark.exists()

    def close(self) -> bool:
        """Stop the loop; whether the FIFO was opened before."""
        was = self.opened
        self._stop.touch()
        fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # lets a waiting writer go
        try:
            self._writer.wait(5)
        except subprocess.TimeoutExpired:
            self._writer.kill()
            self._writer.wait()
        os.close(fd)
        return was


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Fifo]:
    pipe = Fifo(tmp_path / "fifo")
    yield pipe
    pipe.close()


@pytest.fixture
def short() -> Iterator[Path]:
    """A folder with a short path: names hold 64 characters, a test's tmp_path is longer."""
    path = Path(tempfile.mkdtemp(prefix="cd"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    """A 400×300 picture: a document that loaded it is at least 300 px tall."""
    path = tmp_path / "picture.png"
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return path


def hostile_texts(picture: Path, fifo: Fifo) -> list[str]:
    return [
        f"![x]({picture})",
        f'<img src="{picture}">',
        f"![pipe]({fifo.path})",
        f'<img src="{fifo.path}">',
        "![web](https://example.invalid/track.png?u=1)",
        f"[a link]({picture}) and ![]({picture})",
    ]


def test_a_message_document_loads_no_resource(
    qapp: QApplication, picture: Path, fifo: Fifo
) -> None:
    for text in hostile_texts(picture, fifo):
        doc = MessageDocument()
        doc.setHtml(to_html(text))
        doc.setTextWidth(600)
        assert doc.size().height() < 100, text  # the picture is not in it
        # and the same HTML written by hand (an image the renderer would never emit)
        raw = MessageDocument()
        raw.setHtml(f'<p><img src="{picture}"><img src="{fifo.path}"></p>')
        raw.setTextWidth(600)
        assert raw.size().height() < 100
    assert not fifo.opened


def test_an_image_is_shown_as_its_alt_text_and_address(qapp: QApplication, picture: Path) -> None:
    doc = MessageDocument()
    doc.setHtml(to_html(f"see ![the chart]({picture}) here"))
    assert "<img" not in to_html(f"![the chart]({picture})")
    assert doc.toPlainText() == f"see the chart ({picture}) here"


def hostile_chat(main: MainWindow, picture: Path, fifo: Fifo, short: Path) -> int:
    """A chat whose title, messages, folder and tag name an image file and the FIFO."""
    user = main.session.user
    title = f'<img src="{picture}"><img src="{fifo.path}"> <b>bold</b>'
    chat = chats.create_chat(user, title)
    for n, text in enumerate(hostile_texts(picture, fifo)):
        chats.add_message(user, chat.id, "user" if n % 2 else "assistant", text)
    # names are short (64 characters): short links to the picture and the FIFO
    (short / "f").symlink_to(fifo.path)
    (short / "p").symlink_to(picture)
    folder = folders.create_folder(user, f'<img src="{short / "f"}">')
    folders.move_chats(user, [chat.id], folder.id)
    tag = tags.create_tag(user, f'<img src="{short / "p"}">')
    tags.tag_chats(user, [chat.id], [tag.id])
    return int(chat.id)


def labels_shown(root: QWidget) -> list[QLabel]:
    found = [root] if isinstance(root, QLabel) else []
    return found + root.findChildren(QLabel)


def rich_labels(roots: list[QWidget]) -> list[str]:
    """Labels that would read their text as rich text and are not marked as meant to."""
    wrong = []
    for root in roots:
        for label in labels_shown(root):
            if label.property(RICH_TEXT) or not shiboken6.isValid(label):
                continue
            if label.textFormat() != Qt.TextFormat.PlainText:
                wrong.append(f"{label.objectName() or type(label).__name__}: {label.text()!r}")
    return wrong


def test_a_hostile_chat_opens_at_once_and_every_label_is_plain(
    desk: Desk, picture: Path, fifo: Fifo, short: Path
) -> None:
    main = desk.register()
    hostile_chat(main, picture, fifo, short)
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    view = main.chat_list.view
    view.setCurrentIndex(main.chat_list.model.index(0))
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 6, timeout=5000)
    main.history.viewport().repaint()
    desk.qtbot.wait(50)
    for row in range(main.messages.rowCount()):
        index = main.messages.index(row)
        doc = main.history.bubbles._doc(index, 600)
        assert isinstance(doc, MessageDocument)
        assert doc.size().height() < 100
    assert main.chat_title.full_text().startswith('<img src="')  # shown as it is written

    # the whole-message window
    main.history.show_message(0)
    dialog = find_visible(MessageDialog, "messageDialog")
    assert isinstance(dialog, MessageDialog)
    dialog.browser.resize(600, 400)
    assert dialog.browser.document().size().height() < 200
    dialog.reject()

    # the Delete confirmation names the title as text
    main.chat_list.view.setFocus()
    main.chat_list.confirm_delete()
    box = find_visible(QWidget, "deleteConfirm")
    assert box is not None
    assert rich_labels([box]) == []
    assert any("<img src=" in label.text() for label in labels_shown(box))
    box.grab()
    box.close()

    # the folder's Delete confirmation, and the folder tree's tooltips
    tree = main.folder_tree
    model = tree.model()

    def folder() -> list[QModelIndex]:
        start = model.index(0, 0)
        flags = Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchStartsWith
        return model.match(start, Qt.ItemDataRole.DisplayRole, "<img src=", 1, flags)

    desk.qtbot.waitUntil(lambda: bool(folder()))
    found = folder()
    tree.setCurrentIndex(found[0])
    tip = found[0].data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img" in tip
    tree.confirm_delete()
    box = find_visible(QWidget, "deleteFolderConfirm")
    assert box is not None
    assert rich_labels([box]) == []
    box.grab()
    box.close()

    assert rich_labels([main]) == []
    main.grab()
    assert not fifo.opened


def test_tooltips_show_a_title_as_its_text(
    desk: Desk, picture: Path, fifo: Fifo, short: Path
) -> None:
    main = desk.register()
    hostile_chat(main, picture, fifo, short)
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    tip = main.chat_list.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    title = main.chat_list.model.index(0).data()
    # a tooltip is always read as rich text when it looks like it (Qt.mightBeRichText)
    label = QLabel(tip)
    label.adjustSize()
    assert label.height() < 100
    doc = QTextDocument()
    doc.setHtml(tip)
    assert doc.toPlainText() == title
    assert not fifo.opened


@pytest.mark.parametrize("text", ["a < b", "<b>x</b>", "line one\nline two", "", "&amp;"])
def test_plain_tip_shows_the_text_as_written(qapp: QApplication, text: str) -> None:
    tip = plain_tip(text)
    if not text:
        assert tip == ""  # no tooltip
        return
    assert QtGui.Qt.mightBeRichText(tip)  # so Qt shows it as HTML, the text escaped in it
    doc = QTextDocument()
    doc.setHtml(tip)
    assert doc.toPlainText() == text


def test_no_label_of_the_app_reads_rich_text_unless_meant(desk: Desk) -> None:
    """Every QLabel of every open window is plain text, but those marked with RICH_TEXT."""
    desk.register()
    roots = [w for w in QApplication.topLevelWidgets() if shiboken6.isValid(w)]
    assert rich_labels(roots) == []
