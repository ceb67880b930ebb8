"""The folder tree beside the chat list: All chats, the folders (nested) with their counts, No
folder, the tags (in their colours), the Sources (issue 22: each export's chats, counted, when
any chat was imported) and the Archive. Choosing one filters the chat list; chats
dragged onto a folder move there (onto a tag: tagged; onto the Archive: archived).

The tree is read in one call (:func:`chatdesk.ui.chats.ops.list_tree`) and rebuilt whole,
keeping what was expanded and chosen: a person has hundreds of folders, not millions. Changes
announced by the services (folders, tags, chats filed or archived) refresh it, those arriving
together in one read.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QMenu,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from chatdesk.importers.registry import label
from chatdesk.services.chat_filter import DEFAULT, NATIVE, NO_FOLDER, ChatFilter
from chatdesk.services.events import Change
from chatdesk.ui import theme
from chatdesk.ui.chats import ops
from chatdesk.ui.chats.mime import CHAT_IDS_MIME, chat_ids_of
from chatdesk.ui.help import RENAME_KEY, show_keys
from chatdesk.ui.tasks import Tasks, error_text
from chatdesk.ui.widgets import Index, edit_at, message_box, named, plain_tip

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account
    from chatdesk.services.folders import FolderDeletion, FolderInfo
    from chatdesk.services.tags import TagInfo

#: How long changes gather before the tree is read again.
REFRESH_MS = 120
DEFAULT_TAG_COLOR = "#8a8f98"

ALL, FOLDER, NONE, TAGS, TAG, ARCHIVE = "all", "folder", "none", "tags", "tag", "archive"
SOURCES, SOURCE = "sources", "source"
Key = tuple[str, int]
#: A source row's id (a stable number for its name: the chosen row survives a rebuild) and
#: the source it names.
_SOURCE_NAMES: dict[int, str] = {}


def source_key(source: str) -> int:
    """The id of the Sources row of ``source``."""
    ident = zlib.crc32(source.encode("utf-8")) & 0x7FFFFFFF
    _SOURCE_NAMES[ident] = source
    return ident


class FolderTreeModel(QStandardItemModel):
    """The tree's rows. ``KindRole`` is one of all, folder, none, tags (the heading of the
    tags), tag, archive; ``IdRole`` the folder's or tag's id; ``CountRole`` its chats (a
    folder's with its sub-folders'). Folders are renamed in place (``setData``).

    Signals:
        chats_dropped(list, str, int): chats dropped onto a row: their ids, the row's kind
            and id.
        rename_requested(int, str): a folder's name edited: its id and the new name.
    """

    KindRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    CountRole = Qt.ItemDataRole.UserRole + 3
    ColorRole = Qt.ItemDataRole.UserRole + 4

    chats_dropped = Signal(list, str, int)
    rename_requested = Signal(int, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.folders: list[FolderInfo] = []
        self.tags: list[TagInfo] = []
        self.labels = {
            ALL: "All chats",
            NONE: "No folder",
            TAGS: "Tags",
            ARCHIVE: "Archive",
            SOURCES: "Sources",
            NATIVE: "Made in ChatDesk",
        }

    # --- building --------------------------------------------------------------------------

    def _item(
        self, kind: str, text: str, ident: int = 0, count: int | None = None
    ) -> QStandardItem:
        item = QStandardItem(text)
        item.setData(kind, self.KindRole)
        item.setData(ident, self.IdRole)
        item.setData(count, self.CountRole)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if kind in (FOLDER, NONE, TAG, ARCHIVE):
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        if kind == FOLDER:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        item.setToolTip(plain_tip(text))
        return item

    def build(
        self,
        folders: list[FolderInfo],
        tags: list[TagInfo],
        total: int,
        loose: int,
        archived: int,
        sources: list[tuple[str, int]] | None = None,
    ) -> None:
        """Every row anew from what :func:`ops.list_tree` read."""
        self.folders, self.tags = folders, tags
        self.clear()
        root = self.invisibleRootItem()
        root.appendRow(self._item(ALL, self.labels[ALL], 0, total))
        items: dict[int, QStandardItem] = {}
        for folder in folders:  # parents first
            item = self._item(FOLDER, folder.name, folder.id, folder.total)
            parent = items.get(folder.parent_id) if folder.parent_id is not None else None
            (parent or root).appendRow(item)
            items[folder.id] = item
        root.appendRow(self._item(NONE, self.labels[NONE], 0, loose))
        if tags:
            heading = self._item(TAGS, self.labels[TAGS])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            for tag in tags:
                item = self._item(TAG, tag.name, tag.id, tag.count)
                item.setData(QColor(tag.color or DEFAULT_TAG_COLOR), self.ColorRole)
                heading.appendRow(item)
            root.appendRow(heading)
        sources = sources or []
        if any(name != NATIVE for name, _ in sources):
            heading = self._item(SOURCES, self.labels[SOURCES])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            # the imports, most chats first; the chats made here last
            for name, count in sorted(sources, key=lambda s: (s[0] == NATIVE, -s[1], s[0])):
                text = self.labels[NATIVE] if name == NATIVE else label(name)
                heading.appendRow(self._item(SOURCE, text, source_key(name), count))
            root.appendRow(heading)
        root.appendRow(self._item(ARCHIVE, self.labels[ARCHIVE], 0, archived))

    def relabel(self, labels: dict[str, str]) -> None:
        """The fixed rows' names in the language in use."""
        self.labels.update(labels)
        root = self.invisibleRootItem()
        for row in range(root.rowCount()):
            item = root.child(row)
            kind = item.data(self.KindRole)
            if kind in labels:
                item.setText(labels[kind])
                item.setToolTip(labels[kind])

    # --- lookup ----------------------------------------------------------------------------

    @classmethod
    def key_of(cls, index: Index) -> Key | None:
        if not index.isValid():
            return None
        return str(index.data(cls.KindRole)), int(index.data(cls.IdRole) or 0)

    def index_of(self, key: Key) -> QModelIndex:
        todo = [self.invisibleRootItem()]
        while todo:
            item = todo.pop()
            for row in range(item.rowCount()):
                child = item.child(row)
                if (child.data(self.KindRole), child.data(self.IdRole)) == key:
                    return child.index()
                todo.append(child)
        return QModelIndex()

    def folder_names(self, parent_id: int | None) -> set[str]:
        return {f.name.casefold() for f in self.folders if f.parent_id == parent_id}

    @staticmethod
    def filter_of(key: Key | None) -> ChatFilter:
        """The chat list's filter for a row."""
        if key is None:
            return DEFAULT
        kind, ident = key
        if kind == FOLDER:
            return ChatFilter(folder_id=ident, subfolders=True)
        if kind == NONE:
            return ChatFilter(folder_id=NO_FOLDER)
        if kind == TAG:
            return ChatFilter(tag_ids=(ident,))  # archived chats only in the Archive
        if kind == ARCHIVE:
            return ChatFilter(archived=True)
        if kind == SOURCE and ident in _SOURCE_NAMES:
            return ChatFilter(source=_SOURCE_NAMES[ident])
        return DEFAULT

    # --- editing and dropping --------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.EditRole and index.data(self.KindRole) == FOLDER:
            name = str(value).strip()
            if name and name != index.data():
                self.rename_requested.emit(int(index.data(self.IdRole)), name)
            return False  # shown once stored (the tree is read again)
        return super().setData(index, value, role)

    def mimeTypes(self) -> list[str]:
        return [CHAT_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        kind = parent.data(self.KindRole) if parent.isValid() else None
        return kind in (FOLDER, NONE, TAG, ARCHIVE) and bool(chat_ids_of(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        key = self.key_of(parent)
        assert key is not None
        self.chats_dropped.emit(chat_ids_of(data), key[0], key[1])
        return False  # nothing to remove at the source: the list follows the change


class FolderRowDelegate(QStyledItemDelegate):
    """A row's name, its count on the right (muted), a tag's colour as a dot before it."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 40, max(size.height(), option.fontMetrics.height() + 8))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        count = index.data(FolderTreeModel.CountRole)
        counted = "" if count is None else str(count)
        room = opt.rect.width() - opt.fontMetrics.horizontalAdvance(counted) - 20
        color = index.data(FolderTreeModel.ColorRole)
        dot = max(6, opt.fontMetrics.height() // 2)
        if isinstance(color, QColor):
            room -= dot + 8
        text = opt.fontMetrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, max(room, 0))
        opt.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:  # the background, selection and focus, no text
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = (
            option.palette.highlightedText().color() if selected else option.palette.text().color()
        )
        rect = opt.rect.adjusted(4, 0, -6, 0)
        painter.save()
        if isinstance(color, QColor):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(QRect(rect.left(), rect.center().y() - dot // 2 + 1, dot, dot))
            rect.setLeft(rect.left() + dot + 8)
        flags = Qt.AlignmentFlag.AlignVCenter
        painter.setFont(opt.font)
        painter.setPen(text_color)
        painter.drawText(rect, flags | Qt.AlignmentFlag.AlignLeft, text)
        if counted:
            painter.setPen(text_color if selected else QColor(theme.current().muted))
            painter.drawText(rect, flags | Qt.AlignmentFlag.AlignRight, counted)
        painter.restore()


class FolderTree(QTreeView):
    """The folder tree (``folderTree``): choose a row to filter the chat list; New folder
    (Ctrl+Shift+N, anywhere in the window), sub-folder, rename (F2), delete (Del: asks whether
    the chats go out or go too, with Undo) from its menu and keys.

    Signals:
        filter_chosen(object): the :class:`ChatFilter` of the row chosen.
        chats_dropped(list, str, int): see :class:`FolderTreeModel`.
        folder_deleted(object, str): a folder deleted: the :class:`FolderDeletion` for Undo and
            its name.
        status(str): a message for the status bar.
    """

    filter_chosen = Signal(object)
    chats_dropped = Signal(list, str, int)
    folder_deleted = Signal(object, str)
    status = Signal(str)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("folderTree")
        self.tasks = tasks
        self.user: Account | None = None
        self.tree = FolderTreeModel(self)
        self.setModel(self.tree)
        self.setItemDelegate(FolderRowDelegate(self))
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDragDropOverwriteMode(True)  # onto a row, never between rows
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self._chosen: Key = (ALL, 0)
        self._expanded: set[Key] = {(TAGS, 0), (SOURCES, 0)}
        self._edit_after: str = ""  # a folder just created: edit its name once listed
        self._reading = self._again = False
        self._stale = False  # read while a name was being edited: shown once the editor closes
        self._confirm: QMessageBox | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

        self.new_action = self._action(QKeySequence("Ctrl+Shift+N"), "newFolderAction")
        # from anywhere in the window, not only the tree
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_action.triggered.connect(lambda: self.new_folder(top=True))
        self.new_sub_action = self._action(None, "newSubfolderAction")
        self.new_sub_action.triggered.connect(lambda: self.new_folder(top=False))
        self.rename_action = self._action(None, "renameFolderAction")
        self.rename_action.triggered.connect(self.rename_current)
        self.delete_action = self._action(QKeySequence.StandardKey.Delete, "deleteFolderAction")
        self.delete_action.triggered.connect(self.confirm_delete)

        self.tree.chats_dropped.connect(self.chats_dropped)
        self.tree.rename_requested.connect(self._rename)
        self.expanded.connect(lambda i: self._expanded.add(self._key(i)))
        self.collapsed.connect(lambda i: self._expanded.discard(self._key(i)))
        self.retranslate()

    def _action(self, key: QKeySequence | QKeySequence.StandardKey | None, name: str) -> QAction:
        action = named(QAction(self), name)
        if key is not None:
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.addAction(action)
        return action

    def _key(self, index: Index) -> Key:
        return FolderTreeModel.key_of(index) or (ALL, 0)

    def retranslate(self) -> None:
        self.tree.relabel(
            {
                ALL: self.tr("All chats"),
                NONE: self.tr("No folder"),
                TAGS: self.tr("Tags"),
                ARCHIVE: self.tr("Archive"),
                SOURCES: self.tr("Sources"),
                NATIVE: self.tr("Made in ChatDesk"),
            }
        )
        self.new_action.setText(self.tr("New folder"))
        self.new_sub_action.setText(self.tr("New sub-folder"))
        self.rename_action.setText(self.tr("Rename"))
        # F2 is the window's Rename, which renames the folder while the tree has the focus
        show_keys(self.rename_action, [RENAME_KEY])
        self.delete_action.setText(self.tr("Delete folder…"))
        self.setToolTip(self.tr("Folders, tags and the archive: drag chats onto a folder"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- reading ---------------------------------------------------------------------------

    def start(self, user: Account) -> None:
        self.user = user
        self._chosen = (ALL, 0)
        self.refresh()

    def on_change(self, change: Change) -> None:
        """Folders, tags or chats changed: read the tree again soon (once for many)."""
        if self.user is None or change.user_id != self.user.id:
            return
        if change.kind in ("folder", "tag", "chat") and not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        user = self.user
        if user is None:
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        ops.list_tree(self.tasks, self, user, self._arrived)

    def _arrived(
        self, got: tuple[list[FolderInfo], list[TagInfo], int, int, int, list[tuple[str, int]]]
    ) -> None:
        self._reading = False
        folders, tags, total, loose, archived, sources = got
        if self.state() == QAbstractItemView.State.EditingState:
            self._stale = True  # not under the person's typing: read again when it closes
        else:
            self._rebuild(folders, tags, total, loose, archived, sources)
        if self._again:
            self._again = False
            self._timer.start()

    def _rebuild(
        self,
        folders: list[FolderInfo],
        tags: list[TagInfo],
        total: int,
        loose: int,
        archived: int,
        sources: list[tuple[str, int]] | None = None,
    ) -> None:
        chosen = self._chosen
        blocker = self.selectionModel().blockSignals(True)
        try:
            self.tree.build(folders, tags, total, loose, archived, sources)
            for key in list(self._expanded):
                index = self.tree.index_of(key)
                if index.isValid():
                    self.setExpanded(index, True)
            index = self.tree.index_of(chosen)
            gone = not index.isValid()
            if gone:
                index = self.tree.index_of((ALL, 0))
            self.setCurrentIndex(index)
        finally:
            self.selectionModel().blockSignals(blocker)
        if gone:  # the folder or tag shown went: all chats again
            self._choose(index)
        if self._edit_after:
            name, self._edit_after = self._edit_after, ""
            match = [f for f in folders if f.name == name]
            if match:
                index = self.tree.index_of((FOLDER, match[-1].id))
                self.scrollTo(index)
                self.setCurrentIndex(index)
                self.setFocus()
                edit_at(self, index)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if self._stale:
            self._stale = False
            self._timer.start()

    def currentChanged(self, current: Index, previous: Index) -> None:
        super().currentChanged(current, previous)
        if current.isValid() and self._key(current) != self._chosen:
            self._choose(current)

    def _choose(self, index: Index) -> None:
        key = self._key(index)
        if key[0] == TAGS:
            return
        self._chosen = key
        self.filter_chosen.emit(FolderTreeModel.filter_of(key))

    @property
    def chosen(self) -> Key:
        """The row whose chats the list shows: (kind, id)."""
        return self._chosen

    def choose(self, key: Key) -> None:
        index = self.tree.index_of(key)
        if index.isValid():
            self.setCurrentIndex(index)

    # --- folders ---------------------------------------------------------------------------

    def _current_folder(self) -> int | None:
        index = self.currentIndex()
        return int(index.data(FolderTreeModel.IdRole)) if self._key(index)[0] == FOLDER else None

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if index.isValid():
            self.setCurrentIndex(index)
        folder = index.isValid() and self._key(index)[0] == FOLDER
        menu = QMenu(self)
        menu.setObjectName("folderMenu")
        menu.aboutToHide.connect(menu.deleteLater)
        menu.addAction(self.new_action)
        if folder:
            menu.addAction(self.new_sub_action)
            menu.addSeparator()
            menu.addAction(self.rename_action)
            menu.addAction(self.delete_action)
        menu.popup(self.viewport().mapToGlobal(pos))

    def unique_name(self, parent_id: int | None) -> str:
        taken = self.tree.folder_names(parent_id)
        base = self.tr("New folder")
        name, n = base, 2
        while name.casefold() in taken:
            name, n = f"{base} {n}", n + 1
        return name

    def new_folder(self, top: bool = True) -> None:
        """A new folder (at the top, or inside the current one), its name then edited."""
        user = self.user
        if user is None:
            return
        parent = None if top else self._current_folder()
        name = self.unique_name(parent)
        if parent is not None:
            self._expanded.add((FOLDER, parent))
        self._edit_after = name
        ops.create_folder(
            self.tasks,
            self,
            user,
            name,
            parent,
            lambda _info: self.refresh(),
            lambda exc: self.status.emit(error_text(exc)),
        )

    def rename_current(self) -> None:
        index = self.currentIndex()
        if self._key(index)[0] == FOLDER:
            edit_at(self, index)

    def _rename(self, folder_id: int, name: str) -> None:
        if self.user is not None:
            ops.rename_folder(
                self.tasks,
                self,
                self.user,
                folder_id,
                name,
                lambda exc: self.status.emit(error_text(exc)),
            )

    def confirm_delete(self) -> None:
        """Ask whether the folder's chats move out or go with it (Undo either way)."""
        index = self.currentIndex()
        if self._key(index)[0] != FOLDER:
            return
        folder_id, name = int(index.data(FolderTreeModel.IdRole)), str(index.data())
        count = int(index.data(FolderTreeModel.CountRole) or 0)
        box = message_box(  # the name as plain text
            QMessageBox.Icon.Question,
            self.tr("Delete folder"),
            self.tr("Delete the folder “%s” and its sub-folders? It holds %d chats.")
            % (name, count),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("deleteFolderConfirm")
        keep = box.addButton(self.tr("Move the chats out"), QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keepChatsButton")
        also = box.addButton(
            self.tr("Delete the chats too"), QMessageBox.ButtonRole.DestructiveRole
        )
        also.setObjectName("deleteChatsButton")
        box.setDefaultButton(keep)

        def clicked(button: object) -> None:
            if button is keep:
                self.delete_folder(folder_id, name, "keep")
            elif button is also:
                self.delete_folder(folder_id, name, "delete")

        box.buttonClicked.connect(clicked)
        box.finished.connect(box.deleteLater)
        self._confirm = box
        box.open()

    def delete_folder(self, folder_id: int, name: str, mode: str) -> None:
        user = self.user
        if user is None:
            return
        ops.delete_folder(
            self.tasks,
            self,
            user,
            folder_id,
            "delete" if mode == "delete" else "keep",
            lambda deletion: self.folder_deleted.emit(deletion, name),
        )

    def undo_delete(self, deletion: FolderDeletion) -> None:
        if self.user is not None:
            ops.undo_delete_folder(
                self.tasks,
                self,
                self.user,
                deletion,
                on_error=lambda exc: self.status.emit(error_text(exc)),
            )
