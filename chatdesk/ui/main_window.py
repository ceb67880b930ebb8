"""The main window: chat list | history viewer and composer | prompt gallery; status bar."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services.accounts import Session
from chatdesk.services.chats import ChatSummary
from chatdesk.services.events import Change
from chatdesk.services.folders import FolderDeletion
from chatdesk.services.tags import TagInfo
from chatdesk.ui import connect_dialog, sources_dialog
from chatdesk.ui.account.dialogs import ChangePasswordDialog, DeleteAccountDialog
from chatdesk.ui.chats import ops
from chatdesk.ui.chats.folders import DEFAULT_TAG_COLOR, FolderTree
from chatdesk.ui.chats.list import ChatListPanel
from chatdesk.ui.help import RENAME_KEY, AboutBox, ShortcutsDialog
from chatdesk.ui.history.composer import Composer
from chatdesk.ui.history.model import MessageModel
from chatdesk.ui.history.view import HistoryView
from chatdesk.ui.meaning_status import MeaningStatus
from chatdesk.ui.prompts.gallery import PromptGallery
from chatdesk.ui.server_host import ServerHost
from chatdesk.ui.tasks import ChangeBridge, Tasks
from chatdesk.ui.transfers.controller import Transfers
from chatdesk.ui.widgets import ElidedLabel, menu_text, named, plain, rich, single_shot_timer

UNDO_MS = 15_000
#: Below this window width the prompt gallery folds into the thread's "Prompts" toggle: three
#: panels left the thread ~150 px of a 576 px window. Folded, the thread keeps at least 60 % of
#: the width (the chat list at most :data:`FOLDED_LEFT_SHARE` of it); at 1,000 px and more the
#: three panels fit with the thread the widest.
FOLD_WIDTH = 1000
FOLDED_LEFT_SHARE = 0.3


def tag_chips(tags: Sequence[TagInfo]) -> str:
    """Rich text of tags as coloured chips (the thread's header)."""
    chips = []
    for tag in tags:
        hue = QColor(tag.color or DEFAULT_TAG_COLOR)
        text = "#ffffff" if hue.lightnessF() < 0.6 else "#1f2328"
        chips.append(
            f'<span style="background-color:{hue.name()}; color:{text};">'
            f"&nbsp;{html.escape(tag.name)}&nbsp;</span>"
        )
    return "&nbsp;".join(chips)


class MainWindow(QMainWindow):
    """Everything a signed-in person uses.

    Signals:
        settings_requested(): the person asked for the settings dialog.
        sign_out_requested(): sign out (or the account was deleted): back to the login window.
    """

    settings_requested = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        tasks: Tasks,
        bridge: ChangeBridge,
        server: ServerHost,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.tasks = tasks
        self.session: Session | None = None
        self.server = server
        self._heading_asked = 0  # the chat whose heading was last read from the store
        self.chat_list = ChatListPanel(tasks)
        self.folder_tree = FolderTree(tasks)
        self.chat_list.folder_source = self.folder_tree.tree
        self.messages = MessageModel(tasks, self)
        self.history = HistoryView(self.messages)
        self.chat_title = named(ElidedLabel(), "chatTitleLabel")
        font = self.chat_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.chat_title.setFont(font)
        # the open chat's tags, as chips: rich text, each name escaped (tag_chips)
        self.chat_tags = rich(named(QLabel(), "chatTagsLabel"))
        self.composer = Composer(tasks)
        self.gallery = PromptGallery(tasks)
        # a narrow window: the gallery in the thread's place while this is checked (FOLD_WIDTH)
        self.prompts_toggle = named(QToolButton(), "promptsToggle")
        self.prompts_toggle.setCheckable(True)
        self.prompts_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.prompts_toggle.hide()
        self.prompts_toggle.toggled.connect(self._show_prompts)
        self.folded = False
        self._wide_panels: QByteArray | None = None  # the three panels' sizes before folding

        self.middle = middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.chat_title, 1)
        header.addWidget(self.chat_tags)
        header.addWidget(self.prompts_toggle)
        mid.addLayout(header)
        self.thread_stack = named(QStackedWidget(), "threadStack")
        self.thread_stack.addWidget(self.history)
        # folded, the gallery scrolls in the thread's place (a short window: its cards)
        self.prompts_page = named(QScrollArea(), "foldedPrompts")
        self.prompts_page.setWidgetResizable(True)
        self.prompts_page.setFrameShape(QFrame.Shape.NoFrame)
        self.prompts_page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thread_stack.addWidget(self.prompts_page)
        mid.addWidget(self.thread_stack, 1)
        mid.addWidget(self.composer)
        self.gallery_dock = named(QWidget(), "galleryDock")  # the gallery's panel, unfolded
        self._dock = QVBoxLayout(self.gallery_dock)
        self._dock.setContentsMargins(0, 0, 0, 0)
        self._dock.addWidget(self.gallery)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        # the folder tree above the chat list, in the left column
        self.left = left = named(QSplitter(Qt.Orientation.Vertical), "leftSplitter")
        left.addWidget(self.folder_tree)
        left.addWidget(self.chat_list)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 3)
        left.setSizes([250, 510])
        left.setChildrenCollapsible(False)
        self.chat_list.setContentsMargins(0, 6, 0, 0)
        for widget in (left, middle, self.gallery_dock):
            widget.setContentsMargins(6, 6, 6, 6)
            splitter.addWidget(widget)
        # a narrower window takes most from the thread but not all: 1:3:1
        for panel, stretch in enumerate((1, 3, 1)):
            splitter.setStretchFactor(panel, stretch)
        splitter.setSizes([260, 560, 380])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.server_label = plain(named(QLabel(), "serverStatusLabel"))
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user_label = plain(QLabel())
        for label in (self.user_label, self.server_label):
            label.setContentsMargins(8, 0, 8, 0)
        self.undo_button = named(QPushButton(), "undoButton")
        self.undo_button.setFlat(True)
        self.undo_button.hide()
        bar = self.statusBar()
        bar.addWidget(self.undo_button)
        self.meaning_status = MeaningStatus(tasks, self)
        bar.addPermanentWidget(self.meaning_status)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.server_label)
        self._undo_ids: list[int] = []
        self._undo_title = ""
        #: Undo of something other than a delete of chats (a move, an archive, a folder).
        self._undo_fn: Callable[[], None] | None = None
        self._undo_label = ""
        self._undo_timer = single_shot_timer(self, UNDO_MS)
        self._undo_timer.timeout.connect(self._drop_undo)

        self._build_actions()
        self.chat_list.chat_selected.connect(self.open_chat)
        self.chat_list.hit_chosen.connect(self.open_chat)
        self.chat_list.deleted.connect(self._offer_undo)
        self.chat_list.undoable.connect(self.offer_undo)
        self.folder_tree.filter_chosen.connect(self.chat_list.show_list)
        self.folder_tree.chats_dropped.connect(self.chat_list.drop_onto)
        self.folder_tree.folder_deleted.connect(self._folder_deleted)
        self.folder_tree.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.chat_list.model.dataChanged.connect(lambda *_: self._update_title())
        self.composer.sent.connect(self._sent)
        self.composer.failed.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.chat_list.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        tasks.refused.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.gallery.chosen.connect(self.composer.insert)
        self.gallery.chosen.connect(lambda _text: self.prompts_toggle.setChecked(False))
        self.undo_button.clicked.connect(self.undo_delete)
        bridge.changed.connect(self.on_change)
        server.state_changed.connect(self._server_state)
        # Tab: the folder tree, then the chat list's search box and on through the list
        QWidget.setTabOrder(self.folder_tree, self.chat_list.search)
        self.retranslate()
        self.resize(1200, 760)

    def save_layout(self) -> tuple[QByteArray, QByteArray]:
        """Window geometry and panel sizes, for the next start (the three panels' sizes as
        they were before the gallery folded, when it is folded)."""
        panels = self._wide_panels if self.folded and self._wide_panels else None
        return self.saveGeometry(), panels or self.splitter.saveState()

    def restore_layout(self, geometry: QByteArray | None, panels: QByteArray | None) -> None:
        self._fold(False)
        if panels:
            self.splitter.restoreState(panels)
        if geometry:
            self.restoreGeometry(geometry)
        self._fit()

    # --- the gallery folded into a toggle in a narrow window -----------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Fold the gallery below :data:`FOLD_WIDTH`, unfold it above; folded, keep the chat
        list to :data:`FOLDED_LEFT_SHARE` of the width, the rest for the thread.

        The window's minimum width is the folded one's, also while unfolded: a window asked
        for 576 px at once (a tiling window manager, a restored size) is not held at the three
        panels' minimum, and folds."""
        handle = self.splitter.handleWidth()
        self.splitter.setMinimumWidth(
            self.left.minimumSizeHint().width() + self.middle.minimumSizeHint().width() + handle
        )
        self._fold(self.width() < FOLD_WIDTH)
        if not self.folded:
            return
        sizes = self.splitter.sizes()
        total = sizes[0] + sizes[1]
        most = max(int(self.width() * FOLDED_LEFT_SHARE), self.left.minimumSizeHint().width())
        if sizes[0] > most and total > most:
            self.splitter.setSizes([most, total - most, 0])

    def _fold(self, fold: bool) -> None:
        if fold == self.folded:
            return
        self.folded = fold
        if fold:
            self._wide_panels = self.splitter.saveState()
            self.gallery_dock.hide()
            self.prompts_page.setWidget(self.gallery)
        else:
            self.prompts_toggle.setChecked(False)
            self.prompts_page.takeWidget()
            self._dock.addWidget(self.gallery)
            self.gallery_dock.show()
            if self._wide_panels is not None:
                self.splitter.restoreState(self._wide_panels)
        self.gallery.show()
        self.prompts_toggle.setVisible(fold)

    def _show_prompts(self, shown: bool) -> None:
        """The toggle: the gallery in the thread's place, or the thread again."""
        if shown and self.folded:
            self.thread_stack.setCurrentWidget(self.prompts_page)
        else:
            self.thread_stack.setCurrentWidget(self.history)
        self._label_prompts_toggle()

    def _label_prompts_toggle(self) -> None:
        if self.prompts_toggle.isChecked():
            self.prompts_toggle.setText(self.tr("Back to the chat"))
            self.prompts_toggle.setToolTip(self.tr("Show the chat again"))
        else:
            self.prompts_toggle.setText(self.tr("Prompts"))
            self.prompts_toggle.setToolTip(
                self.tr("Show the prompt gallery in the chat's place (the window is narrow)")
            )

    def start(self, session: Session) -> None:
        """Show ``session``'s user their chats and a first set of prompts."""
        self.session = session
        self.composer.user = session.user
        self.gallery.set_user(session.user)
        self.chat_list.start(session.user)
        self.folder_tree.start(session.user)
        self.gallery.shuffle()
        self.retranslate()

    def _build_actions(self) -> None:
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.chat_list.new_chat)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.chat_list.focus_search)
        self.find_messages_action = QAction(self)
        self.find_messages_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.find_messages_action.triggered.connect(self.chat_list.find_in_messages)
        self.rename_action = QAction(self)
        self.rename_action.setShortcut(RENAME_KEY)  # help.py's: the menus show it from there
        self.rename_action.triggered.connect(self._rename)
        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_delete)
        self.settings_action = QAction(self)
        # Preferences is Ctrl+, on macOS only; Ctrl+, everywhere, as most desktop apps do
        self.settings_action.setShortcuts(
            [QKeySequence("Ctrl+,"), QKeySequence.StandardKey.Preferences]
        )
        self.settings_action.setObjectName("settingsAction")
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.transfers = Transfers(
            self,
            lambda: self.session.user if self.session else None,
            self.chat_list.selected_chat_ids,
        )
        self.transfers.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.folder_tree.filter_chosen.connect(
            lambda where: self.transfers.set_view(where, self.folder_tree.currentIndex().data())
        )
        self.chat_list.export_requested.connect(lambda _ids: self.transfers.choose_export())
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(self.new_action)
        for group in self.transfers.actions():
            self.file_menu.addSeparator()
            self.file_menu.addActions(group)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.settings_action, self.quit_action])
        self.edit_menu = self.menuBar().addMenu("")
        self.edit_menu.addActions(
            [self.find_action, self.find_messages_action, self.rename_action, self.undo_action]
        )
        self.edit_menu.addSeparator()  # filing: the selected chats, a new folder
        self.edit_menu.addActions(
            [
                self.chat_list.move_action,
                self.chat_list.tags_action,
                self.chat_list.archive_action,
                self.folder_tree.new_action,
            ]
        )
        self.password_action = named(QAction(self), "changePasswordAction")
        self.password_action.triggered.connect(self.change_password)
        self.sign_out_action = named(QAction(self), "signOutAction")
        self.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        self.delete_account_action = named(QAction(self), "deleteAccountAction")
        self.delete_account_action.triggered.connect(self.delete_account)
        self.account_menu = self.menuBar().addMenu("")
        self.account_menu.addActions([self.password_action, self.sign_out_action])
        self.account_menu.addSeparator()
        self.account_menu.addAction(self.delete_account_action)
        self.shortcuts_action = named(QAction(self), "shortcutsAction")
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = named(QAction(self), "aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addActions([self.shortcuts_action, self.about_action])
        self.connect_ai_action = connect_dialog.install(
            self, self.help_menu, self.tasks, self.server
        )
        # File → Coding agents…, and the bar over an agent's session (issue 23)
        self.agent_bar = sources_dialog.install(
            self, self.file_menu, self.settings_action, self.tasks
        )
        self.middle.layout().insertWidget(1, self.agent_bar)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ChatDesk"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.new_action.setText(self.tr("&New chat"))
        self.find_action.setText(self.tr("&Find chats"))
        self.find_messages_action.setText(self.tr("Find in &messages"))
        self.rename_action.setText(self.tr("&Rename chat"))
        self.undo_action.setText(self.tr("&Undo"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.account_menu.setTitle(self.tr("&Account"))
        self.password_action.setText(self.tr("Change &password…"))
        self.sign_out_action.setText(self.tr("&Sign out"))
        self.delete_account_action.setText(self.tr("&Delete account…"))
        self.help_menu.setTitle(self.tr("&Help"))
        self._label_prompts_toggle()
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts"))
        self.about_action.setText(self.tr("&About ChatDesk"))
        self.transfers.retranslate()
        if self.session is not None:
            self.user_label.setText(self.tr("Signed in as %s") % self.session.user.username)
        self.undo_button.setText(self._undo_text())
        self.history.retranslate()
        self._server_state(*self.server.state)
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- the account ------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_about(self) -> None:
        url = self.server.url
        box = AboutBox(self, f"{url}/myapp/" if url else None)
        box.finished.connect(box.deleteLater)
        box.open()

    def change_password(self) -> None:
        if self.session is None:
            return
        dialog = ChangePasswordDialog(self.tasks, self.session, self)
        dialog.done_ok.connect(
            lambda _: self.statusBar().showMessage(self.tr("Password changed"), 6000)
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def delete_account(self) -> None:
        if self.session is None:
            return
        dialog = DeleteAccountDialog(self.tasks, self.session, self)
        dialog.done_ok.connect(lambda _: self.sign_out_requested.emit())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # --- the open chat ------------------------------------------------------------------------

    def open_chat(self, chat_id: int, around: int = 0, query: str = "") -> None:
        """Show ``chat_id``: its newest messages, or those around message ``around`` (a search
        hit), that one highlighted with ``query`` marked in it."""
        if chat_id == self.messages.chat_id and not around:
            return
        self.composer.set_chat(chat_id)
        self.messages.open_chat(chat_id, around, query)
        self._update_title()
        self.agent_bar.show_chat(chat_id)

    def _update_title(self) -> None:
        chat_id = self.messages.chat_id
        chat = self.chat_list.model.summary(chat_id)
        if chat is not None:
            self._show_heading(chat_id, (chat, self.chat_list.model.tags_of(chat_id)))
        elif not chat_id:
            self.chat_title.setText(self.tr("No chat open: pick one, or write to start one"))
            self.chat_tags.setText("")
        elif self.session is not None and self._heading_asked != chat_id:
            # open, not loaded in the list: asked for once (dataChanged comes with every page)
            self._heading_asked = chat_id
            ops.chat_heading(
                self.tasks,
                self,
                self.session.user,
                chat_id,
                lambda heading: self._show_heading(chat_id, heading),
            )

    def _show_heading(
        self, chat_id: int, heading: tuple[ChatSummary | None, Sequence[TagInfo]]
    ) -> None:
        chat, tags = heading
        if chat is not None and chat_id == self.messages.chat_id:
            self.chat_title.setText(chat.title)
            self.chat_tags.setText(tag_chips(tags))

    def _sent(self, chat_id: int, message_id: int) -> None:
        if chat_id != self.messages.chat_id:
            self.chat_list.select_chat(chat_id)
            self.open_chat(chat_id)
        elif self.messages.has_newer:  # reading far back (a search hit): go to the end
            self.messages.open_chat(chat_id)
        else:  # scrolled up, maybe: show the message just added
            self.history.follow(message_id)

    def on_change(self, change: Change) -> None:
        if self.session is None:
            return
        if change.kind != "prompt" and change.user_id != self.session.user.id:
            return
        self.chat_list.model.on_change(change)
        self.folder_tree.on_change(change)
        self.messages.on_change(change)
        self.gallery.on_change(change)
        if change.kind == "chat" and change.chat_id == self.messages.chat_id:
            self._heading_asked = 0  # renamed or retagged: asked for again
            QTimer.singleShot(0, self._update_title)

    # --- delete and undo ----------------------------------------------------------------------

    def _rename(self) -> None:
        """F2: the folder chosen in the tree when it has the focus, else the current chat."""
        if self.folder_tree.hasFocus():
            self.folder_tree.rename_current()
        else:
            self.chat_list.rename_current()

    def _undo_text(self) -> str:
        if self._undo_fn is not None:
            return self._undo_label
        if len(self._undo_ids) > 1:
            return self.tr("Undo: restore %d chats") % len(self._undo_ids)
        return self.tr("Undo: restore “%s”") % menu_text(self._undo_title)

    def offer_undo(self, text: str, undo: Callable[[], None]) -> None:
        """The Undo button (and Ctrl+Z) for a while: ``undo()`` puts back what just moved."""
        self._undo_ids, self._undo_fn, self._undo_label = [], undo, text
        self.undo_button.setText(text)
        self.undo_button.show()
        self.undo_action.setEnabled(True)
        self._undo_timer.start()

    def _folder_deleted(self, deletion: FolderDeletion, name: str) -> None:
        self.offer_undo(
            self.tr("Undo: restore the folder “%s”") % name,
            lambda: self.folder_tree.undo_delete(deletion),
        )

    def _offer_undo(self, ids: list[int], title: str) -> None:
        self._undo_fn = None
        self._undo_ids, self._undo_title = ids, title
        self.undo_button.setText(self._undo_text())
        self.undo_button.show()
        self.undo_action.setEnabled(True)
        self._undo_timer.start()

    def undo_delete(self) -> None:
        """Undo the last delete, move or archive offered."""
        undo = self._undo_fn
        if self._undo_ids:
            self.chat_list.restore(self._undo_ids)
        elif undo is not None:
            undo()
        self._drop_undo()

    def _drop_undo(self) -> None:
        self._undo_ids = []
        self._undo_fn = None
        self.undo_button.hide()
        self.undo_action.setEnabled(False)

    # --- server status ------------------------------------------------------------------------

    def _server_state(self, state: str, detail: str) -> None:
        if state == "listening":
            text = self.tr("API: %s/myapp/") % detail
        elif state == "failed":
            text = self.tr("API not running: %s") % detail
        elif state == "starting":
            text = self.tr("API: starting…")
        else:
            text = self.tr("API: off")
        self.server_label.setText(text)
        self.server_label.setToolTip(text)
