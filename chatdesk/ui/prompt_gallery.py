"""The prompt gallery: 8 cards, Shuffle for 8 others, a search over all prompts, add a prompt."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import prompts
from chatdesk.services.events import Change
from chatdesk.services.prompts import PromptRow
from chatdesk.ui import theme
from chatdesk.ui.prompt_dialog import AddPromptDialog
from chatdesk.ui.prompt_models import PromptListModel
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import named, single_shot_timer

CARDS = 8
SEARCH_DELAY_MS = 250


class PromptCard(QWidget):
    """One prompt, painted (title, then as much of the text as fits); a click uses it.

    Painting it ourselves keeps a shuffle cheap: no word-wrapped labels to lay out again.

    Signals:
        chosen(str): the prompt's text.
    """

    chosen = Signal(str)
    PAD = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptCard")
        self.prompt: PromptRow | None = None
        self._hover = False
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(180, self.fontMetrics().height() * 6 + 2 * self.PAD)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().height() * 4 + 2 * self.PAD)

    def set_prompt(self, prompt: PromptRow | None) -> None:
        self.prompt = prompt
        self.setToolTip(prompt.text[:600] if prompt else "")
        self.setAccessibleName(prompt.title if prompt else "")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.prompt is None:
            return
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        active = self._hover or self.hasFocus()
        painter.setPen(QPen(QColor(c.accent if active else c.card_border), 1.2))
        painter.setBrush(QColor(c.card))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        inner = self.rect().adjusted(self.PAD, self.PAD - 2, -self.PAD, -self.PAD)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self.palette().text().color())
        line = painter.fontMetrics().height()
        title = painter.fontMetrics().elidedText(
            self.prompt.title, Qt.TextElideMode.ElideRight, inner.width()
        )
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        painter.setFont(self.font())
        painter.setPen(QColor(c.muted))
        body = QRect(inner.left(), inner.top() + line + 4, inner.width(), inner.height() - line - 4)
        lines = max(1, body.height() // painter.fontMetrics().lineSpacing())
        body.setHeight(lines * painter.fontMetrics().lineSpacing())
        text = " ".join(self.prompt.text[:400].split())
        painter.drawText(
            body,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            text,
        )

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.HoverEnter, QEvent.Type.HoverLeave):
            self._hover = event.type() == QEvent.Type.HoverEnter
            self.update()
        return super().event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.prompt is not None:
            self.chosen.emit(self.prompt.text)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.prompt:
            self.chosen.emit(self.prompt.text)
            return
        super().keyPressEvent(event)


class PromptGallery(QWidget):
    """Cards, Shuffle (换一批), search and Add.

    Signals:
        chosen(str): a prompt's text, to put into the composer.
    """

    chosen = Signal(str)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptGallery")
        self.tasks = tasks
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.search = named(QLineEdit(), "promptSearchEdit")
        self.search.setClearButtonEnabled(True)
        self.shuffle_button = named(QPushButton(), "shuffleButton")
        self.add_button = named(QPushButton(), "addPromptButton")
        self.cards = [PromptCard() for _ in range(CARDS)]
        grid_page = QWidget()
        grid = QGridLayout(grid_page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for n, card in enumerate(self.cards):
            grid.addWidget(card, n // 2, n % 2)
            card.chosen.connect(self.chosen)
        grid.setRowStretch(CARDS // 2, 1)
        self.results_model = PromptListModel(tasks, self)
        self.results = named(QListView(), "promptResults")
        self.results.setModel(self.results_model)
        self.results.setUniformItemSizes(True)
        self.results.activated.connect(self._result_chosen)
        self.results.clicked.connect(self._result_chosen)
        self.stack = QStackedWidget()
        self.stack.addWidget(grid_page)
        self.stack.addWidget(self.results)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.shuffle_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.stack, 1)
        self._timer = single_shot_timer(self, SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(self._timer.start)
        self.shuffle_button.clicked.connect(self.shuffle)
        self.add_button.clicked.connect(self.add_prompt)
        self._dialog: AddPromptDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Prompts"))
        self.search.setPlaceholderText(self.tr("Search all prompts…"))
        self.shuffle_button.setText(self.tr("Shuffle"))
        self.shuffle_button.setToolTip(self.tr("Show 8 other prompts"))
        self.add_button.setText(self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Add a prompt to the gallery"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def restyle(self) -> None:
        for card in self.cards:
            card.update()

    def shown_ids(self) -> list[int]:
        return [c.prompt.id for c in self.cards if c.prompt is not None]

    def shuffle(self) -> None:
        """Draw 8 prompts other than those on screen (while enough others exist)."""
        exclude = self.shown_ids()
        self.tasks.run(
            lambda: prompts.random_prompts(CARDS, exclude=exclude), self._show, owner=self
        )

    def _show(self, rows: list[PromptRow]) -> None:
        for n, card in enumerate(self.cards):
            card.set_prompt(rows[n] if n < len(rows) else None)

    def _search(self) -> None:
        query = self.search.text().strip()
        self.stack.setCurrentIndex(1 if query else 0)
        if query:
            self.results_model.set_query(query)

    def _result_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen.emit(str(index.data(PromptListModel.TextRole)))

    def on_change(self, change: Change) -> None:
        if change.kind == "prompt" and self.search.text().strip():
            self.results_model.set_query(self.search.text())

    def add_prompt(self) -> None:
        dialog = AddPromptDialog(self.tasks, self)
        dialog.added.connect(self._added)
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    def _added(self, prompt: PromptRow) -> None:
        self.cards[0].set_prompt(prompt)
