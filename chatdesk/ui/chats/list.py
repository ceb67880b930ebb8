"""The chat list panel: search box (titles, or inside messages), new chat, the paged list with
multi-selection, rename, pin, export and delete with Undo."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services.validation import TITLE_MAX
from chatdesk.ui.chats import ops
from chatdesk.ui.chats.finder import ChatFinder
from chatdesk.ui.chats.folders import FolderTreeModel
from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.chats.row_delegate import ChatRowDelegate
from chatdesk.ui.help import RENAME_KEY, show_keys
from chatdesk.ui.tasks import Tasks, error_text
from chatdesk.ui.widgets import (
    HintedListView,
    Index,
    LengthLimit,
    edit_at,
    fill,
    menu_text,
    message_box,
    named,
    plain_labels,
    single_shot_timer,
)

#: A current chat that follows the one before within this many milliseconds (an arrow key or
#: PageDown held, 25–40 ms a repeat) opens once the keys rest this long: opening one reads and
#: lays out its thread, 20–50 ms at each repeat otherwise (docs/benchmarks-list.md). A single
#: press or click opens at once.
SETTLE_MS = 150

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account
    from chatdesk.services.chat_filter import ChatFilter
    from chatdesk.services.chats import ChatSummary
    from chatdesk.services.folders import Moved
    from chatdesk.services.tags import Tagging

PIN_SHORTCUT = QKeySequence("Ctrl+Shift+P")  # Ctrl+P stays free for printing
MOVE_SHORTCUT = QKeySequence("Ctrl+Shift+M")
TAGS_SHORTCUT = QKeySequence("Ctrl+Shift+T")
ARCHIVE_SHORTCUT = QKeySequence("Ctrl+Shift+A")

#: The titles of at most this many chats are noted when an action starts, for its Undo offer to
#: name the one chat it changed (the row may have left the list by the time it is done).
UNDO_NAMES_MAX = 1000


class ChatTitleDelegate(ChatRowDelegate):
    """The rows, and their title editor: no longer than the rule (``TITLE_MAX``, one place for
    the number), and opened with a title typed before when a rename was refused
    (:attr:`drafts`, by chat id), so that what was typed is not lost. A change to the chat while
    its editor is open (a message added through the API, a rename's own late notice) refreshes
    an untouched editor but leaves one typed in alone: Qt gives the open editor the row's data
    again on every ``dataChanged`` of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drafts: dict[int, str] = {}

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setValidator(LengthLimit(TITLE_MAX, editor))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        draft = self.drafts.pop(int(index.data(ChatListModel.ChatIdRole) or 0), None)
        if draft is not None and isinstance(editor, QLineEdit):
            editor.setText(draft)
            return
        if isinstance(editor, QLineEdit) and editor.isModified():
            return  # typed in: what the person typed wins
        super().setEditorData(editor, index)


class ChatListPanel(QWidget):
    """Search (see :class:`ChatFinder`), new, list (Ctrl/Shift-click, Shift+arrows, Ctrl+A
    select several), rename (F2 / double-click), pin (Ctrl+Shift+P), export, delete (Del) with
    one confirmation and Undo. The history shows the current chat, however many are selected.

    Signals:
        chat_selected(int): the chat now current (0 when none).
        hit_chosen(int, int, str): a search hit was chosen: its chat, its message (0 for a hit
            on a chat's title) and the query; the chat should open scrolled to that message.
        deleted(list, str): ids deleted and the title shown in the Undo offer ("" for several).
        export_requested(list): the person asked to export these chats (ids, in list order).
        status(str): a message for the status bar.
        undoable(str, object): something moved that Undo can put back: the Undo button's
            text and a function of no arguments that undoes it.
    """

    chat_selected = Signal(int)
    hit_chosen = Signal(int, int, str)
    deleted = Signal(list, str)
    export_requested = Signal(list)
    status = Signal(str)
    undoable = Signal(str, object)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.user: Account | None = None
        self.new_button = named(QPushButton(), "newChatButton")
        self.delete_button = named(QPushButton(), "deleteChatButton")
        self.model = ChatListModel(tasks, self)
        self.view = named(HintedListView(self.empty_hint), "chatList")
        self.view.setModel(self.model)
        self.delegate = ChatTitleDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setDragEnabled(True)  # onto a folder of the tree: moved there
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        #: The folders and tags the menus offer (the folder tree's model, set by the window).
        self.folder_source: FolderTreeModel | None = None
        self.view.customContextMenuRequested.connect(self._menu)
        self.finder = ChatFinder(tasks, self.view, self.model, self)
        self.search, self.in_messages = self.finder.search, self.finder.in_messages
        self.hits, self.hits_view = self.finder.hits, self.finder.hits_view
        self.order, self.count_label = self.finder.order, self.finder.count_label
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        options = QHBoxLayout()  # shown while searching inside messages
        options.addWidget(self.count_label, 1)
        # by words, meaning or both: here, not beside the check box, whose text would then set
        # the list's narrowest width (a folded 576 px window gives the list 30 % of it)
        options.addWidget(self.finder.mode)
        options.addWidget(self.order)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.in_messages)
        layout.addLayout(options)
        layout.addWidget(self.finder.stack, 1)
        layout.addLayout(bottom)

        self.delete_action = self._view_action(QKeySequence.StandardKey.Delete, "deleteAction")
        self.delete_action.triggered.connect(self.confirm_delete)
        self.pin_action = self._view_action(PIN_SHORTCUT, "pinAction")
        self.pin_action.triggered.connect(self.toggle_pinned)
        self.move_action = self._view_action(MOVE_SHORTCUT, "moveToFolderAction")
        self.move_action.triggered.connect(lambda: self.popup_at_current(self.fill_move_menu))
        self.tags_action = self._view_action(TAGS_SHORTCUT, "tagsAction")
        self.tags_action.triggered.connect(lambda: self.popup_at_current(self.fill_tags_menu))
        self.archive_action = self._view_action(ARCHIVE_SHORTCUT, "archiveAction")
        self.archive_action.triggered.connect(self.toggle_archived)
        self.export_action = self._view_action(None, "exportSelectionAction")
        self.export_action.triggered.connect(self.request_export)
        self.select_all_action = self._view_action(
            QKeySequence.StandardKey.SelectAll, "selectAllAction"
        )
        self.select_all_action.triggered.connect(self.select_all)
        self._select_all_pending = False

        self.finder.hit_chosen.connect(self._hit_chosen)
        self.new_button.clicked.connect(self.new_chat)
        self.delete_button.clicked.connect(self.confirm_delete)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.rowsAboutToBeRemoved.connect(self._rows_removing)
        self.model.modelAboutToBeReset.connect(self._save_view)
        for about in (
            self.model.rowsAboutToBeInserted,
            self.model.rowsAboutToBeRemoved,
            self.model.rowsAboutToBeMoved,
        ):
            about.connect(self._keep_top)
        self._top_id = 0
        self._current_unknown = False
        self.model.modelReset.connect(self._restore_view)
        self._saved: tuple[set[int], int, int] | None = None
        self._confirm: QMessageBox | None = None
        self._pending_select = 0
        self._pending_edit = False
        self._pending_many: list[int] = []  # restored by Undo: selected again once listed
        self.open_chat_id = 0
        self._current_at = 0.0  # when the current chat last changed (time.monotonic)
        self._open_later = single_shot_timer(self, SETTLE_MS)
        self._open_later.timeout.connect(self._open_settled)
        self._view_checks = 0  # show_list's: only the last one's answer counts
        self.model.loaded.connect(self._select_pending)
        self.model.loaded.connect(self._select_all_loaded)
        self.model.failed.connect(self.status)
        self.model.rename_refused.connect(self._retype)
        self.retranslate()

    def _view_action(
        self, key: QKeySequence | QKeySequence.StandardKey | None, name: str
    ) -> QAction:
        """An action of the chat list, its shortcut active while the list has the focus."""
        action = named(QAction(self.view), name)
        if key is not None:
            action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(action)
        return action

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new chat (Ctrl+N)"))
        self.delete_button.setText(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected chats (Del)"))
        self.delete_action.setText(self.tr("Delete…"))
        self.pin_action.setText(self.tr("Pin to top"))
        self.export_action.setText(self.tr("Export…"))
        self.move_action.setText(self.tr("Move to folder…"))
        self.tags_action.setText(self.tr("Tags…"))
        self.select_all_action.setText(self.tr("Select all chats"))
        self._update_archive_action()
        self.finder.retranslate()
        self.view.viewport().update()  # the empty list's hint

    def empty_hint(self) -> str:
        """What the list says when it shows no chat (nothing while its rows are on their way)."""
        model = self.model
        if not model.settled:
            return ""
        if model.query:
            return (
                self.tr("No chat title contains “%s”.\nCtrl+F again searches inside messages.")
                % model.query
            )
        if model.where.archived:
            return self.tr("No archived chats.")
        if model.where.is_default:
            return self.tr(
                "No chats yet.\nWrite a message to start one, or import your exports: "
                "File ▸ Import chats… (Ctrl+I)."
            )
        return self.tr("No chats here.")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def start(self, user: Account) -> None:
        """Show ``user``'s chats."""
        self.user = self.finder.user = user
        self.model.set_user(user)

    # --- search ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F: the search box; again there, search inside messages."""
        self.finder.focus_search()

    def find_in_messages(self) -> None:
        """Ctrl+Shift+F: search inside messages."""
        self.finder.find_in_messages()

    def clear_search(self) -> None:
        """No search: the whole chat list again, with the focus."""
        self.finder.clear()

    def _hit_chosen(self, chat_id: int, message_id: int, query: str) -> None:
        self.open_chat_id = chat_id
        self.hit_chosen.emit(chat_id, message_id, query)
        self.chat_selected.emit(chat_id)
        self.select_chat(chat_id)

    # --- selection ----------------------------------------------------------------------------

    def current_chat_id(self) -> int:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else 0

    def _selected_rows(self) -> list[int]:
        """The selected rows, in order: read from the selection's ranges (a list of 100,000
        selected indexes would take 0.1 s to build)."""
        rows: set[int] = set()
        selection = self.view.selectionModel().selection()
        for n in range(selection.count()):
            part = selection.at(n)
            rows.update(range(part.top(), part.bottom() + 1))
        return sorted(rows)

    def selected_chat_ids(self) -> list[int]:
        """The selected chats' ids, top to bottom as listed (rows loaded or not); the current
        chat alone when none is selected (and nothing when there is no current chat either)."""
        rows = self._selected_rows()
        if rows:
            ids = [self.model.id_at(r) for r in rows]
            return [i for i in ids if i]
        current = self.current_chat_id()
        return [current] if current else []

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        # A filter that hides the open chat resets the list: the chat stays open.
        chat_id = self.model.id_at(current.row()) if current.isValid() else 0
        self._current_unknown = current.isValid() and not chat_id  # opened once it is known
        if chat_id:
            self.open_chat_id = chat_id
            now, before = time.monotonic(), self._current_at
            self._current_at = now
            if now - before < SETTLE_MS / 1000:  # a held key: open where it stops
                self._open_later.start()
            else:
                self._open_later.stop()
                self.chat_selected.emit(chat_id)

    def _open_settled(self) -> None:
        chat_id = self.current_chat_id()  # none if the list went meanwhile
        if chat_id and chat_id == self.open_chat_id:
            self.chat_selected.emit(chat_id)

    def _save_view(self) -> None:
        """Before the list reloads for changes (many at once): what is selected, current and
        at the top, by id, to be selected and scrolled to again after."""
        self._saved = None
        if not self.model.live_reset:
            return
        selected = {self.model.id_at(r) for r in self._selected_rows()}
        top = self.view.indexAt(QPoint(1, 1))
        self._saved = (selected, self.current_chat_id(), self.model.id_at(top.row()))

    def _keep_top(self, *_: object) -> None:
        """Rows are about to come, go or move: keep the chat at the top of a scrolled list
        where it is (else a chat moving up past it would push the rows shown down one)."""
        if self._top_id or self.view.verticalScrollBar().value() == 0:
            return
        self._top_id = self.model.id_at(self.view.indexAt(QPoint(1, 1)).row())
        if self._top_id:
            QTimer.singleShot(0, self._back_to_top)

    def _back_to_top(self) -> None:
        chat_id, self._top_id = self._top_id, 0
        row = self.model.row_of(chat_id)
        if row >= 0 and self.view.indexAt(QPoint(1, 1)).row() != row:
            self.view.scrollTo(self.model.index(row), QAbstractItemView.ScrollHint.PositionAtTop)

    def _restore_view(self) -> None:
        if self._saved is None:
            return
        selected, current, top = self._saved
        self._saved = None
        rows = self.model.rows_of(selected | {current, top})
        flags = QItemSelectionModel.SelectionFlag
        if current in rows:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(rows[current]), flags.NoUpdate
            )
        self._select_row_set([rows[i] for i in selected if i in rows])
        if top in rows:
            self.view.scrollTo(
                self.model.index(rows[top]), QAbstractItemView.ScrollHint.PositionAtTop
            )

    def _rows_removing(self, parent: QModelIndex, first: int, last: int) -> None:
        current = self.view.currentIndex()
        if current.isValid() and first <= current.row() <= last:
            QTimer.singleShot(0, self._after_current_removed)

    def _after_current_removed(self) -> None:
        if not self.view.currentIndex().isValid():  # deleted, and nothing left to show
            self.open_chat_id = 0
            self.chat_selected.emit(0)

    def select_chat(self, chat_id: int, edit: bool = False) -> None:
        """Make ``chat_id`` current (and edit its title) now, or as soon as it is listed."""
        row = self.model.row_of(chat_id)
        if row < 0:
            self._pending_select, self._pending_edit = chat_id, edit
            return
        self._pending_select, self._pending_edit = 0, False
        index = self.model.index(row)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        if edit:
            self.view.setFocus()
            edit_at(self.view, index)

    def select_all(self) -> None:
        """Ctrl+A: every chat listed, those not loaded yet included (as soon as every row's
        chat is known, a moment after the list shows)."""
        self._select_all_pending = True
        self._select_all_loaded()

    def _select_all_loaded(self) -> None:
        if self._select_all_pending and self.model.complete:
            self._select_all_pending = False
            self.view.selectAll()

    def _select_pending(self) -> None:
        if self._current_unknown and self.current_chat_id():  # End pressed before the keys came
            self._current_changed(self.view.currentIndex(), QModelIndex())
        if self._pending_many:
            rows = self.model.rows_of(self._pending_many)
            if len(rows) == len(set(self._pending_many)):
                self._pending_many = []
                self._select_rows(list(rows.values()))
        if self._pending_select:
            self.select_chat(self._pending_select, self._pending_edit)
        elif not self.view.currentIndex().isValid() and self.open_chat_id:
            row = self.model.row_of(self.open_chat_id)  # listed again after a filter
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row))

    def _select_rows(self, rows: list[int]) -> None:
        """Select ``rows``; the first of them becomes current."""
        first = self.model.index(min(rows))
        self.view.setCurrentIndex(first)
        self._select_row_set(rows)
        self.view.scrollTo(first)

    def _select_row_set(self, rows: list[int]) -> None:
        """Add ``rows`` to the selection, as one range per run of consecutive rows (selecting
        10,000 rows one by one costs a merge each)."""
        selection = QItemSelection()
        start = prev = -2
        for row in sorted(rows):
            if row != prev + 1:
                if start >= 0:
                    selection.select(self.model.index(start), self.model.index(prev))
                start = row
            prev = row
        if start >= 0:
            selection.select(self.model.index(start), self.model.index(prev))
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().select(selection, flags.Select | flags.Rows)

    # --- actions ------------------------------------------------------------------------------

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        if not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)  # a row outside the selection: it alone
        ids = self.selected_chat_ids()
        self._update_pin_action(ids)
        menu = QMenu(self)
        menu.aboutToHide.connect(menu.deleteLater)
        rename = show_keys(menu.addAction(self.tr("Rename"), self.rename_current), [RENAME_KEY])
        rename.setEnabled(len(ids) == 1)
        menu.addAction(self.pin_action)
        self._update_archive_action()
        move = menu.addMenu(self.tr("Move to folder"))
        move.setObjectName("moveToFolderMenu")
        self.fill_move_menu(move)
        tagging = menu.addMenu(self.tr("Tags"))
        tagging.setObjectName("tagsMenu")
        self.fill_tags_menu(tagging)
        menu.addAction(self.archive_action)
        menu.addAction(self.export_action)
        related = menu.addAction(self.tr("Related chats"), self.show_related)
        related.setObjectName("relatedChatsAction")
        related.setEnabled(len(ids) == 1)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def show_related(self) -> None:
        """List the chats nearest in meaning to the current one (issue 25)."""
        ids = self.selected_chat_ids()
        summary = self.model.summary(ids[0]) if len(ids) == 1 else None
        if summary is not None:
            self.finder.show_related(summary.id, summary.title)

    def _update_pin_action(self, ids: list[int]) -> bool:
        """Name the pin action for ``ids`` ("Unpin" when all are pinned); whether it pins."""
        summaries = [self.model.summary(i) for i in ids]
        pin = not summaries or not all(s is not None and s.pinned for s in summaries)
        self.pin_action.setText(self.tr("Pin to top") if pin else self.tr("Unpin"))
        return pin

    def toggle_pinned(self) -> None:
        """Pin the selected chats to the top of the list, or unpin them if all are pinned."""
        user, ids = self.user, self.selected_chat_ids()
        if user is None or not ids:
            return
        pin = self._update_pin_action(ids)
        ops.set_pinned(self.tasks, self, user, ids, pin)

    # --- folders, tags, archive -----------------------------------------------------------

    def popup_at_current(self, fill: Callable[[QMenu], None]) -> None:
        """A menu (moving, tagging) by the current row, for the keyboard."""
        if not self.selected_chat_ids():
            return
        menu = QMenu(self)
        menu.aboutToHide.connect(menu.deleteLater)
        fill(menu)
        rect = self.view.visualRect(self.view.currentIndex())
        pos = rect.bottomLeft() if rect.isValid() else QPoint(0, 0)
        menu.popup(self.view.viewport().mapToGlobal(pos))
        active = next((a for a in menu.actions() if a.isEnabled() and not a.isSeparator()), None)
        if active is not None:
            menu.setActiveAction(active)

    def fill_move_menu(self, menu: QMenu) -> None:
        """No folder, then every folder (indented by depth)."""
        folders = self.folder_source.folders if self.folder_source is not None else []
        none = menu.addAction(self.tr("No folder"))
        none.setObjectName("moveToNoFolder")
        none.triggered.connect(lambda: self.move_to(self.selected_chat_ids(), None))
        if folders:
            menu.addSeparator()
        depth: dict[int, int] = {}
        for folder in folders:  # parents first
            depth[folder.id] = 0 if folder.parent_id is None else depth.get(folder.parent_id, 0) + 1
            action = menu.addAction("    " * depth[folder.id] + menu_text(folder.name))
            action.setObjectName(f"moveToFolder{folder.id}")
            action.triggered.connect(
                lambda _=False, f=folder.id: self.move_to(self.selected_chat_ids(), f)
            )

    def fill_tags_menu(self, menu: QMenu) -> None:
        """Every tag, checked when every selected chat carries it (choosing one adds it, or
        takes it off when checked); then New tag…"""
        ids = self.selected_chat_ids()
        tags = self.folder_source.tags if self.folder_source is not None else []
        carried = self.model.tags_carried(ids)
        for tag in tags:
            action = menu.addAction(menu_text(tag.name))
            action.setObjectName(f"tag{tag.id}")
            action.setCheckable(True)
            on = tag.id in carried
            action.setChecked(on)
            action.triggered.connect(
                lambda _=False, t=tag.id, on=on: self.set_tag(self.selected_chat_ids(), t, not on)
            )
        if tags:
            menu.addSeparator()
        new = menu.addAction(self.tr("New tag…"))
        new.setObjectName("newTagAction")
        new.triggered.connect(self.ask_new_tag)

    def ask_new_tag(self) -> None:
        """A tag made from a name the person types, put on the selected chats."""
        ids = self.selected_chat_ids()
        dialog = QInputDialog(self)
        dialog.setObjectName("newTagDialog")
        dialog.setWindowTitle(self.tr("New tag"))
        dialog.setLabelText(self.tr("Tag name:"))
        plain_labels(dialog)
        dialog.textValueSelected.connect(lambda name: self.new_tag(ids, name))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def new_tag(self, ids: list[int], name: str) -> None:
        user = self.user
        if user is None or not name.strip():
            return
        ops.create_tag(
            self.tasks,
            self,
            user,
            name.strip(),
            on_done=lambda tag: self.set_tag(ids, tag.id, True, tag.name) if ids else None,
            on_error=lambda exc: self.status.emit(error_text(exc)),
        )

    def set_tag(self, ids: list[int], tag_id: int, on: bool, name: str | None = None) -> None:
        """Put the tag on ``ids`` (``on``) or take it off, with Undo. ``name``: the tag's, when
        the tree may not list it yet (one just made)."""
        user = self.user
        if user is None or not ids:
            return
        if name is None:
            tags = self.folder_source.tags if self.folder_source is not None else []
            name = next((t.name for t in tags if t.id == tag_id), "")
        names = self._names(ids)
        tag = menu_text(name)

        def done(tagging: Tagging) -> None:
            chat_ids = list(dict.fromkeys(c for c, _ in tagging.pairs))
            if user is not self.user or not chat_ids:
                return

            def text(n: int, title: str) -> str:
                if tagging.added and title:
                    return fill(self.tr("Undo: take the tag “%1” off “%2”"), tag, title)
                if tagging.added:
                    return fill(self.tr("Undo: take the tag “%1” off %n chats", "", n), tag)
                if title:
                    return fill(self.tr("Undo: put the tag “%1” back on “%2”"), tag, title)
                return fill(self.tr("Undo: put the tag “%1” back on %n chats", "", n), tag)

            self._offer(
                chat_ids, names, text, lambda: ops.undo_tagging(self.tasks, self, user, tagging)
            )

        (ops.add_tag if on else ops.remove_tag)(self.tasks, self, user, ids, tag_id, done)

    def move_to(self, ids: list[int], folder_id: int | None) -> None:
        """File ``ids`` into ``folder_id`` (None: out of any), with Undo."""
        user = self.user
        if user is None or not ids:
            return
        names = self._names(ids)

        def done(moved: Moved) -> None:
            if user is not self.user or not moved.before:
                return

            def text(n: int, title: str) -> str:
                if title:
                    return self.tr("Undo: move “%s” back") % title
                return self.tr("Undo: move %n chats back", "", n)

            self._offer(
                moved.ids, names, text, lambda: ops.undo_move(self.tasks, self, user, moved)
            )

        ops.move_to_folder(
            self.tasks,
            self,
            user,
            ids,
            folder_id,
            done,
            lambda exc: self.status.emit(error_text(exc)),
        )

    def _title_of(self, chat_id: int) -> str:
        summary = self.model.summary(chat_id)
        return summary.title if summary is not None else ""

    def _names(self, ids: list[int]) -> dict[int, str]:
        """The titles of ``ids`` the list knows now (the first :data:`UNDO_NAMES_MAX`)."""
        names: dict[int, str] = {}
        for chat_id in ids[:UNDO_NAMES_MAX]:
            summary = self.model.summary(chat_id)
            if summary is not None:
                names[chat_id] = summary.title
        return names

    def _offer(
        self,
        done: list[int],
        names: dict[int, str],
        text: Callable[[int, str], str],
        undo: Callable[[], None],
    ) -> None:
        """Offer Undo of an action that changed the chats ``done``: ``text(n, "")`` for several,
        ``text(1, title)`` for one, its title (elided, as a menu shows a name) from ``names``,
        the list, or read when neither has it."""
        if len(done) != 1:
            self.undoable.emit(text(len(done), ""), undo)
            return
        chat_id, user = done[0], self.user
        title = names.get(chat_id) or self._title_of(chat_id)
        if title or user is None:
            self.undoable.emit(text(1, menu_text(title) or "…"), undo)
            return

        def heading(got: tuple[ChatSummary | None, object]) -> None:
            found = got[0].title if got[0] is not None else ""
            self.undoable.emit(text(1, menu_text(found) or "…"), undo)

        ops.chat_heading(self.tasks, self, user, chat_id, heading)

    def drop_onto(self, ids: list[int], kind: str, ident: int) -> None:
        """Chats dropped onto a row of the folder tree."""
        if kind == "folder":
            self.move_to(ids, ident)
        elif kind == "none":
            self.move_to(ids, None)
        elif kind == "tag":
            self.set_tag(ids, ident, True)
        elif kind == "archive":
            self.archive(ids)

    def show_list(self, where: ChatFilter) -> None:
        """A row of the folder tree chosen: show its chats. The open chat stays open (and is
        selected once its row is listed) when the new list has it; when it does not, the
        thread clears, as a mail client's reading pane does when another folder is chosen: the
        thread shown is always one of the list's. (A title typed in the search box narrows the
        list for a moment and keeps the chat open.)"""
        self.model.set_filter(where)
        self._update_archive_action()
        self._view_checks += 1
        user, chat_id, check = self.user, self.open_chat_id, self._view_checks
        if user is None or not chat_id:
            return

        def listed(shown: bool) -> None:
            if check != self._view_checks or chat_id != self.open_chat_id or shown:
                return
            if self._pending_select == chat_id:
                self._pending_select = 0
            self.view.selectionModel().clear()
            self.open_chat_id = 0
            self.chat_selected.emit(0)

        ops.lists_chat(self.tasks, self, user, chat_id, where, listed)

    def _in_archive(self) -> bool:
        return self.model.where.archived is True

    def _update_archive_action(self) -> None:
        self.archive_action.setText(
            self.tr("Unarchive") if self._in_archive() else self.tr("Archive")
        )

    def toggle_archived(self) -> None:
        """Ctrl+Shift+A: archive the selected chats (in the Archive: put them back)."""
        ids = self.selected_chat_ids()
        if self._in_archive():
            self.unarchive(ids)
        else:
            self.archive(ids)

    def archive(self, ids: list[int]) -> None:
        user = self.user
        if user is None or not ids:
            return
        names = self._names(ids)
        self._step_off(set(ids))

        def text(n: int, title: str) -> str:
            if title:
                return self.tr("Undo: unarchive “%s”") % title
            return self.tr("Undo: unarchive %n chats", "", n)

        def done(archived: list[int]) -> None:
            if archived and user is self.user:
                self._offer(archived, names, text, lambda: self.unarchive(archived, offer=False))

        ops.archive(self.tasks, self, user, ids, done)

    def unarchive(self, ids: list[int], offer: bool = True) -> None:
        user = self.user
        if user is None or not ids:
            return
        names = self._names(ids)
        if self._in_archive():
            self._step_off(set(ids))

        def text(n: int, title: str) -> str:
            if title:
                return self.tr("Undo: archive “%s” again") % title
            return self.tr("Undo: archive %n chats again", "", n)

        def done(back: list[int]) -> None:
            if offer and back and user is self.user:
                self._offer(back, names, text, lambda: self.archive(back))

        ops.unarchive(self.tasks, self, user, ids, done)

    def request_export(self) -> None:
        ids = self.selected_chat_ids()
        if ids:
            self.export_requested.emit(ids)

    def new_chat(self) -> None:
        user, title = self.user, self.tr("New chat")
        if user is None:
            return
        self.search.clear()
        ops.create(self.tasks, self, user, title, lambda summary: self._created(summary.id))

    def _created(self, chat_id: int) -> None:
        self.select_chat(chat_id, edit=True)

    def rename_current(self) -> None:
        edit_at(self.view, self.view.currentIndex())

    def _retype(self, chat_id: int, title: str) -> None:
        """A rename refused (the reason is in the status bar): the editor again, holding what
        was typed, to be corrected or tried again."""
        if self.view.state() == QAbstractItemView.State.EditingState:
            return  # editing another title meanwhile: left alone
        self.delegate.drafts[chat_id] = title
        self.select_chat(chat_id, edit=True)

    def confirm_delete(self) -> None:
        """Ask once, then delete every selected chat (one Undo brings them all back)."""
        ids = self.selected_chat_ids()
        if not ids:
            return
        if len(ids) == 1:
            summary = self.model.summary(ids[0])
            title = summary.title if summary is not None else ""
            text = self.tr("Delete “%s”? You can undo this right after.") % title
        else:
            title = ""
            text = self.tr("Delete %d chats? You can undo this right after.") % len(ids)
        box = message_box(  # the title as plain text
            QMessageBox.Icon.Question,
            self.tr("Delete chat") if len(ids) == 1 else self.tr("Delete chats"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("deleteConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.Yes).setObjectName("confirmDeleteButton")
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(
            lambda button: self._delete(ids, title) if button is yes else None
        )
        box.finished.connect(box.deleteLater)
        self._confirm = box
        box.open()

    def _delete(self, ids: list[int], title: str) -> None:
        user = self.user
        assert user is not None
        self._step_off(set(ids))
        ops.delete(
            self.tasks,
            self,
            user,
            ids,
            lambda done: self.deleted.emit(list(done), title) if done else None,
        )

    def _step_off(self, ids: set[int]) -> None:
        """Before deleting several chats, make the nearest chat that stays current (the view
        would otherwise step through the deleted ones as they go, opening each)."""
        current = self.view.currentIndex()
        if len(ids) < 2 or not current.isValid() or self.current_chat_id() not in ids:
            return
        listed, row = self.model.ids(), current.row()
        after = next((r for r in range(row + 1, len(listed)) if listed[r] not in ids), -1)
        if after < 0:
            after = next((r for r in range(row - 1, -1, -1) if listed[r] not in ids), -1)
        if after >= 0:
            self.view.setCurrentIndex(self.model.index(after))
        else:
            self.view.selectionModel().clear()
            self.open_chat_id = 0
            self.chat_selected.emit(0)

    def restore(self, ids: list[int]) -> None:
        user = self.user
        assert user is not None
        ops.restore(self.tasks, self, user, ids)
        if len(ids) == 1:
            self._pending_select = ids[0]
        else:
            self._pending_many = list(ids)
