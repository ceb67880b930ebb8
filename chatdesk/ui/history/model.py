"""The open chat's messages: newest page first (or a window around a search hit), older pages
prepended and newer ones appended on demand."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    Qt,
    Signal,
)

from chatdesk.importers.model import TEXT, TOOL, read_detail
from chatdesk.services import chats, secrets
from chatdesk.services.chats import MessageRow, MessageWindow
from chatdesk.services.events import Change
from chatdesk.ui import theme
from chatdesk.ui.history.markdown import to_html
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import Index, fill

#: A message longer than this many characters is shown shortened in its bubble: a bubble is laid
#: out on the GUI thread, and a 1,000,000-character message held it 1.5–3.9 s when its chat
#: opened, 20–80 ms shortened (docs/benchmarks-long-messages.md). The window a double-click opens
#: shows the whole message, and Copy copies all of it.
BUBBLE_MAX = 16_000


def ran_line(tool: str, lines: int) -> str:
    """A tool call's folded line in English, until the view sets its translation."""
    return f"Ran {tool} · {lines} line{'s' if lines != 1 else ''}"


@dataclass(frozen=True)
class Shown:
    """A message and its rendered HTML (made on the worker); ``left_out`` characters of a long
    message are not in it (:data:`BUBBLE_MAX`)."""

    row: MessageRow
    html: str
    left_out: int = 0


def shortened(content: str) -> str:
    """``content``, or its start when longer than :data:`BUBBLE_MAX`: cut at a line's end in the
    last quarter before the limit, if there is one (a code block left open there is shown as
    code to its end, as Markdown reads an unclosed fence)."""
    if len(content) <= BUBBLE_MAX:
        return content
    cut = content.rfind("\n", BUBBLE_MAX * 3 // 4, BUBBLE_MAX)
    return content[: cut if cut > 0 else BUBBLE_MAX]


def _render(rows: list[MessageRow], dark: bool) -> list[Shown]:
    """Each row's HTML. A reasoning or tool row is shown folded (a line made when asked:
    :meth:`MessageModel.data`): nothing of it is rendered until it is opened, so a chat of
    thousands of tool calls opens as fast as one of as many short messages."""
    rows = secrets.mask_rows(rows)  # the owner's option (issue 23): keys shown as ••••••
    shown = []
    for r in rows:
        if r.kind != TEXT:
            shown.append(Shown(r, ""))
            continue
        head = shortened(r.content)
        shown.append(Shown(r, to_html(head, dark), len(r.content) - len(head)))
    return shown


def folded_body(row: MessageRow, dark: bool) -> str:
    """The HTML of an opened reasoning or tool row: the thinking as Markdown; a call's input
    and result as plain preformatted text (a tool's output is not Markdown)."""
    content = shortened(row.content)
    if row.kind != TOOL:
        return to_html(content, dark)
    detail = read_detail(row.detail)
    parts = []
    if detail.input:
        parts.append(f"<pre>{html.escape(shortened(detail.input))}</pre>")
    if content:
        parts.append(f"<pre>{html.escape(content)}</pre>")
    return "".join(parts)


def _window(window: MessageWindow, dark: bool) -> tuple[list[Shown], bool, bool]:
    return _render(window.rows, dark), window.has_older, window.has_newer


class MessageModel(QAbstractListModel):
    """One chat's messages, oldest first, loaded a page at a time: from the newest end, or
    from a window around one message (``open_chat(chat_id, around=message_id)``), which is then
    marked as the highlighted one until another chat opens.

    Signals:
        opened(int): the first page of a chat arrived (its id); also when ``open_chat`` names
            the open chat again with a message already loaded (the view scrolls to it).
        older_loaded(int): how many older messages were prepended.
        appended(int): how many new messages were appended (live, composed or paged in).
        arrived(int, int): the first and last row of messages appended because they are new
            (live or composed), not paged in as the person scrolls towards newer ones.
    """

    IdRole = Qt.ItemDataRole.UserRole + 1
    RoleRole = Qt.ItemDataRole.UserRole + 2
    HtmlRole = Qt.ItemDataRole.UserRole + 3
    TimeRole = Qt.ItemDataRole.UserRole + 4
    HighlightRole = Qt.ItemDataRole.UserRole + 5
    #: How many characters of the message its HTML leaves out (0: none; see BUBBLE_MAX).
    LeftOutRole = Qt.ItemDataRole.UserRole + 6
    #: A reasoning or tool row: True while folded, False opened; None for a visible turn.
    FoldedRole = Qt.ItemDataRole.UserRole + 7
    #: The message's kind: "text", "reasoning" or "tool".
    KindRole = Qt.ItemDataRole.UserRole + 8
    PAGE = 50

    opened = Signal(int)
    older_loaded = Signal(int)
    appended = Signal(int)
    arrived = Signal(int, int)

    def __init__(self, tasks: Tasks, parent: Any = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.chat_id = 0
        self.dark = theme.current().dark
        self._items: list[Shown] = []
        self._slots: dict[int, int] = {}  # id -> slot; row = slot - first slot
        self._first_slot = 0
        self._has_older = False
        self._has_newer = False  # opened around a message: newer pages remain to be loaded
        self._loading_older = False
        self._appending = False
        self.highlight_id = 0  # the message a search hit opened the chat at
        self.highlight_query = ""  # what was searched for, marked in that message
        self._newer_again = False  # a change came while loading: look again afterwards
        self._generation = 0
        #: The note a message without text shows (the view sets it in the person's language).
        self.blank_label = "(This message has no text)"
        #: A folded row's line (the view sets them in the person's language): ``%1`` the
        #: seconds; a tool call's line from its tool's name and its result's line count (a
        #: function: the count decides the plural).
        self.thought_label = "Thought for %1 s"
        self.thinking_label = "Thinking"
        self.ran_label: Callable[[str, int], str] = ran_line
        self.failed_label = "failed"
        #: The reasoning and tool rows opened, by id, with their HTML.
        self._opened: dict[int, str] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.row.content
        if role == self.IdRole:
            return item.row.id
        if role == self.RoleRole:
            return item.row.role
        if role == self.HtmlRole:
            if item.row.kind != TEXT:
                return self._folded_html(item.row)
            return item.html if item.row.content.strip() else self._blank_html()
        if role == self.FoldedRole:
            return None if item.row.kind == TEXT else item.row.id not in self._opened
        if role == self.KindRole:
            return item.row.kind
        if role == self.TimeRole:
            return item.row.created_at
        if role == self.HighlightRole:
            return item.row.id == self.highlight_id
        if role == self.LeftOutRole:
            return item.left_out
        return None

    def fold_label(self, row: MessageRow) -> str:
        """A reasoning or tool row's line: "Thought for 12 s", "Ran Bash · 3 lines"."""
        detail = read_detail(row.detail)
        if row.kind != TOOL:
            if detail.seconds is None:
                return self.thinking_label
            return fill(self.thought_label, str(max(1, round(detail.seconds))))
        text = self.ran_label(detail.tool or "tool", len(row.content.splitlines()))
        return f"{text} · {self.failed_label}" if detail.error else text

    def _folded_html(self, row: MessageRow) -> str:
        muted = theme.current().muted
        opened = self._opened.get(row.id)
        mark = "▾" if opened is not None else "▸"
        line = f'<p style="color:{muted}">{mark} {html.escape(self.fold_label(row))}</p>'
        return line if opened is None else line + opened

    def toggle(self, row: int) -> bool:
        """Open a folded reasoning or tool row, or fold it again; False for a visible turn.
        Its body is rendered now (one message: it is shortened as any bubble is)."""
        if not 0 <= row < len(self._items) or self._items[row].row.kind == TEXT:
            return False
        message = self._items[row].row
        if message.id in self._opened:
            del self._opened[message.id]
        else:
            self._opened[message.id] = folded_body(message, self.dark)
        index = self.index(row)
        self.dataChanged.emit(index, index, [self.FoldedRole])
        return True

    def _blank_html(self) -> str:
        """What a message without text shows (an import keeps a turn whose text was empty):
        a muted note rather than an empty bubble."""
        note = html.escape(self.blank_label)
        return f'<p style="color:{theme.current().muted}"><i>{note}</i></p>'

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update(
            {
                self.IdRole: QByteArray(b"messageId"),
                self.RoleRole: QByteArray(b"role"),
                self.HtmlRole: QByteArray(b"html"),
                self.TimeRole: QByteArray(b"created"),
                self.HighlightRole: QByteArray(b"highlighted"),
                self.LeftOutRole: QByteArray(b"leftOut"),
            }
        )
        return names

    def id_at(self, row: int) -> int:
        """The message id shown in ``row`` (no QModelIndex: the view asks for every row)."""
        return self._items[row].row.id

    def row_of_id(self, message_id: int) -> int:
        """The row showing ``message_id``, or -1."""
        slot = self._slots.get(message_id)
        return -1 if slot is None else slot - self._first_slot

    @property
    def has_older(self) -> bool:
        return self._has_older

    @property
    def has_newer(self) -> bool:
        """Whether newer messages than the last row remain to be paged in."""
        return self._has_newer

    @property
    def loading(self) -> bool:
        return self._loading_older

    @property
    def empty(self) -> bool:
        """Whether the open chat has no messages at all (known once its first page came)."""
        return bool(self.chat_id) and not self._loading_older and not self._items

    def open_chat(self, chat_id: int, around: int = 0, query: str = "") -> None:
        """Show ``chat_id`` (0: nothing), starting with its newest page, or with a page either
        side of message ``around`` (highlighted, with ``query`` marked in it)."""
        if around and chat_id == self.chat_id and chat_id:
            self.highlight_query = query
            if around == self.highlight_id and self._loading_older and not self._items:
                return  # already on its way
            if self.row_of_id(around) >= 0:
                self._set_highlight(around)
                self.opened.emit(chat_id)
                return
        self._generation += 1
        self.beginResetModel()
        self.chat_id = chat_id
        self._items.clear()
        self._slots.clear()
        self._opened.clear()
        self._first_slot = 0
        self._has_older = False
        self._has_newer = False
        self._loading_older = bool(chat_id)
        self._appending = False
        self._newer_again = False
        self.highlight_id = around if chat_id else 0
        self.highlight_query = query if self.highlight_id else ""
        self.endResetModel()
        if not chat_id:
            return
        generation, dark, page = self._generation, self.dark, self.PAGE
        if around:
            self.tasks.run(
                lambda: _window(chats.messages_around(chat_id, around, page), dark),
                lambda window: self._first_page(generation, *window),
                owner=self,
            )
            return
        self.tasks.run(
            lambda: _render(chats.messages_before(chat_id, None, page), dark),
            lambda items: self._first_page(generation, items, len(items) >= page, False),
            owner=self,
        )

    def _set_highlight(self, message_id: int) -> None:
        rows = [self.row_of_id(self.highlight_id), self.row_of_id(message_id)]
        self.highlight_id = message_id
        for row in rows:
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row), [self.HighlightRole])

    def _first_page(
        self, generation: int, items: list[Shown], has_older: bool, has_newer: bool
    ) -> None:
        if generation != self._generation:
            return
        self._loading_older = False
        self._has_older = has_older
        self._has_newer = has_newer
        if items:
            self.beginInsertRows(QModelIndex(), 0, len(items) - 1)
            self._items = list(items)
            self._slots = {i.row.id: n for n, i in enumerate(items)}
            self.endInsertRows()
        self.opened.emit(self.chat_id)
        if self._newer_again and not self._has_newer:
            self.fetch_newer()

    def set_dark(self, dark: bool) -> None:
        """Render code for a dark (or light) background; re-renders what is loaded."""
        if dark == self.dark:
            return
        self.dark = dark
        rows, generation = [i.row for i in self._items], self._generation
        if rows:
            self.tasks.run(
                lambda: _render(rows, dark),
                lambda items: self._rerendered(generation, items),
                owner=self,
            )

    def _rerendered(self, generation: int, items: list[Shown]) -> None:
        if generation != self._generation:
            return
        by_id = {i.row.id: i for i in items}
        self._items = [by_id.get(i.row.id, i) for i in self._items]
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def fetch_older(self) -> None:
        if not self._has_older or self._loading_older or not self._items:
            return
        self._loading_older = True
        chat_id, before = self.chat_id, self._items[0].row.id
        generation, dark = self._generation, self.dark
        self.tasks.run(
            lambda: _render(chats.messages_before(chat_id, before, self.PAGE), dark),
            lambda items: self._older_page(generation, items),
            owner=self,
        )

    def _older_page(self, generation: int, items: list[Shown]) -> None:
        if generation != self._generation:
            return
        self._loading_older = False
        self._has_older = len(items) >= self.PAGE
        items = [i for i in items if i.row.id not in self._slots]
        if items:
            self.beginInsertRows(QModelIndex(), 0, len(items) - 1)
            self._items[0:0] = items
            self._first_slot -= len(items)
            for n, item in enumerate(items):
                self._slots[item.row.id] = self._first_slot + n
            self.endInsertRows()
        self.older_loaded.emit(len(items))

    def on_change(self, change: Change) -> None:
        """Fetch what arrived in the open chat since the newest message shown (unless newer
        pages are still to be scrolled to: it comes with the last of them)."""
        if change.chat_id != self.chat_id or not self.chat_id:
            return
        if change.kind == "chat":
            return  # a rename or a delete: the chat list handles those
        if change.kind == "message" and not self._has_newer:
            self.fetch_newer()

    def fetch_newer(self) -> None:
        """Append what follows the last row: everything new (up to 500), or the next page
        when the chat was opened around an older message."""
        if self._appending or (self._loading_older and not self._items):
            self._newer_again = True
            return
        self._appending = True
        self._newer_again = False
        chat_id, generation, dark = self.chat_id, self._generation, self.dark
        after = self._items[-1].row.id if self._items else 0
        paged = self._has_newer
        limit = self.PAGE if paged else 500
        self.tasks.run(
            lambda: _render(chats.messages_after(chat_id, after, limit), dark),
            lambda items: self._newer(generation, items, paged and len(items) >= limit, paged),
            owner=self,
        )

    def fetch_newer_page(self) -> None:
        """The next page after the last row, when opened around an older message (the view
        scrolled near the end); nothing while one is on its way."""
        if self._has_newer and not self._appending and self._items:
            self.fetch_newer()

    def _newer(
        self, generation: int, items: list[Shown], more: bool = False, paged: bool = False
    ) -> None:
        if generation != self._generation:
            return
        self._appending = False
        self._has_newer = more
        items = [i for i in items if i.row.id not in self._slots]
        if items:
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
            for n, item in enumerate(items):
                self._slots[item.row.id] = self._first_slot + first + n
            self._items.extend(items)
            self.endInsertRows()
            if not paged:
                self.arrived.emit(first, first + len(items) - 1)
            self.appended.emit(len(items))
        if self._newer_again:
            self.fetch_newer()
