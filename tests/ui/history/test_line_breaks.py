"""Line breaks inside a message show as they were written (issue 21.1): the person's own typed
lines, an assistant's lines, in the bubble and the message window, while Markdown's paragraphs,
lists, tables and code blocks stay what they are. Real exports from ../shared/realdata."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from chatdesk.services import accounts
from chatdesk.services.importing import import_chats
from chatdesk.services.markdown import to_html, to_page_html
from chatdesk.store.models import Chat, Message
from chatdesk.ui.history.model import MessageModel
from tests.ui.helpers import Desk

GPT = "chatgpt/yetanotherchris_openwebui-importer__gpt_example.json"
CLAUDE = "claude/simonw_claude-to-sqlite__artifacts.json"

#: An answer of the kind a ChatGPT export holds: a line, then a list right under it.
GPT_LIST = (
    "Photosynthesis happens in three steps:\n"
    "1. Light is absorbed by chlorophyll.\n"
    "2. Water is split, releasing oxygen.\n"
    "3. Carbon dioxide becomes glucose.\n"
    "In short:\nsunlight in,\nsugar out."
)
#: A poem, as Claude writes one: lines, stanzas.
POEM = (
    "Here is a short poem:\n\n"
    "The pond lies still beneath the moon,\n"
    "Its frogs rehearse a quiet tune,\n"
    "No thought, no feeling, and no care,\n"
    "Just water, light and evening air.\n\n"
    "Yet life within it stirs and grows,\n"
    "In ways the pond itself not knows."
)


def lines_of(html: str) -> list[str]:
    """The text lines a QTextDocument shows for ``html`` (paragraphs and breaks alike)."""
    doc = QTextDocument()
    doc.setHtml(html)
    return [line for line in doc.toPlainText().replace("\u2028", "\n").split("\n") if line]


def _with_answer(source: Path, target: Path, text: str) -> None:
    """The real ChatGPT export with the answer to its first question replaced by ``text``."""
    conversations = json.loads(source.read_text(encoding="utf-8"))
    mapping = conversations[0]["mapping"]
    for node in mapping.values():
        message = node.get("message") or {}
        if (message.get("author") or {}).get("role") == "assistant":
            parts = (message.get("content") or {}).get("parts")
            if parts and isinstance(parts[0], str) and parts[0].startswith("Photosynthesis is"):
                message["content"]["parts"] = [text]
    target.write_text(json.dumps(conversations), encoding="utf-8")


def test_real_claude_lists_and_typed_lines_keep_their_breaks(
    qapp: object, store: str, realdata: Path
) -> None:
    user = accounts.register("alice", "secret1")
    import_chats(user, realdata / CLAUDE)
    [chat] = Chat.select().where(Chat.user == user.id)
    texts = [m.content for m in Message.select().where(Message.chat == chat.id)]
    # a line, then a list right under it (no blank line): the list is a list
    answer = next(t for t in texts if "These modifications address your requirements:\n- " in t)
    html = to_html(answer)
    assert "<p>These modifications address your requirements:</p>\n<ul>" in html
    shown = lines_of(html)
    i = shown.index("These modifications address your requirements:")
    assert shown[i + 1] == "All input fields now start blank."
    # the code block in it keeps its lines, with no <br> inside
    code = html[html.index("<pre") : html.index("</pre>")]
    assert "<br" not in code and code.count("\n") > 10


def test_real_chatgpt_answer_with_a_list_and_lines(
    store: str, realdata: Path, tmp_path: Path
) -> None:
    user = accounts.register("alice", "secret1")
    export = tmp_path / "conversations.json"
    _with_answer(realdata / GPT, export, GPT_LIST)
    report = import_chats(user, export)
    assert report.messages_added == 10
    stored = Message.get(Message.content == GPT_LIST)
    for html in (to_html(stored.content), to_page_html(stored.content)):
        assert "<p>Photosynthesis happens in three steps:</p>\n<ol>" in html
    shown = lines_of(to_html(stored.content))
    assert shown[:4] == [
        "Photosynthesis happens in three steps:",
        "Light is absorbed by chlorophyll.",
        "Water is split, releasing oxygen.",
        "Carbon dioxide becomes glucose.",
    ]
    assert shown[-2:] == ["sunlight in,", "sugar out."]


def test_a_poem_keeps_its_lines_and_stanzas(qapp: object) -> None:
    for html in (to_html(POEM), to_page_html(POEM)):
        assert html.count("<br />") == 4  # 3 breaks in the first stanza, 1 in the second
        assert html.count("<p>") == 3  # the intro and two stanzas
    assert lines_of(to_html(POEM)) == [line for line in POEM.split("\n") if line]


def test_a_typed_message_shows_on_the_lines_typed(desk: Desk) -> None:
    main = desk.register("alice")
    edit = main.composer.edit
    for n, line in enumerate(["line one", "line two", "line three"]):
        if n:
            desk.qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter: a new line in the composer
        desk.qtbot.keyClicks(edit, line)
    desk.qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    index = main.messages.index(0)
    assert index.data() == "line one\nline two\nline three"
    view = main.history
    view.viewport().repaint()
    doc = view.bubbles._doc(index, 600)
    assert doc.toPlainText().replace("\u2028", "\n").split("\n") == [
        "line one",
        "line two",
        "line three",
    ]
    assert doc.documentLayout().documentSize().height() >= 3 * view.fontMetrics().height()
    assert str(index.data(MessageModel.HtmlRole)).count("<br") == 2
