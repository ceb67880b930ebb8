"""File → Coding agents… (issue 23): a fake home's Claude Code folder found, turned on with a
click, its session filed under "Claude Code / Demo", the bar with project, branch and "Copy
resume command", a line appended while the window is open shown within 2 s, once, in order,
and secrets masked in the thread when the option is on."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from chatdesk.services import accounts, secrets
from chatdesk.store.models import Chat
from chatdesk.ui.sources_dialog import SourcesDialog
from tests.ui.helpers import Desk

SESSION = "5c0375b4-57a5-4f26-b12d-d022ee4e51b7"


@pytest.fixture
def home(realdata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    project = home / ".claude" / "projects" / "-path-to-Demo"
    project.mkdir(parents=True)
    shutil.copy(
        realdata / f"claude-code/d-kimuson_claude-code-viewer__{SESSION}.jsonl",
        project / f"{SESSION}.jsonl",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    return home


def _line(uuid: str, text: str) -> bytes:
    record = {
        "type": "user",
        "sessionId": SESSION,
        "uuid": uuid,
        "isSidechain": False,
        "parentUuid": None,
        "timestamp": "2025-09-03T03:00:00.000Z",
        "message": {"role": "user", "content": text},
    }
    return (json.dumps(record) + "\n").encode()


def _thread(desk: Desk) -> list[str]:
    model = desk.main.messages
    return [model.index(r).data() for r in range(model.rowCount())]


def test_turn_on_claude_code_and_follow_a_session(desk: Desk, home: Path) -> None:
    accounts.register("alice", "secret1")
    main = desk.sign_in()
    action = main.findChild(type(main.settings_action), "sourcesAction")
    assert action is not None and action in main.file_menu.actions()
    action.trigger()
    dialog = main.findChild(SourcesDialog)
    assert dialog is not None
    check = dialog.checks["claude-code"]
    desk.qtbot.waitUntil(check.isEnabled)
    label = dialog.labels["claude-code"].text()
    assert label.startswith("Claude Code: 1 sessions in 1 projects, ")
    assert Chat.select().count() == 0  # found, not read
    desk.qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    desk.qtbot.waitUntil(lambda: Chat.select().count() == 1, timeout=5000)
    dialog.close()

    chat = Chat.get()
    desk.qtbot.waitUntil(lambda: main.chat_list.model.summary(chat.id) is not None)
    main.chat_list.select_chat(chat.id)
    main.open_chat(chat.id)
    bar = main.agent_bar
    desk.qtbot.waitUntil(bar.isVisible)
    assert "Project: /path/to/Demo" in bar.where.text() and "Branch: main" in bar.where.text()
    desk.qtbot.mouseClick(bar.copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == f"claude --resume {SESSION}"

    desk.qtbot.waitUntil(lambda: len(_thread(desk)) > 0)
    before = _thread(desk)
    session = next((home / ".claude").rglob(f"{SESSION}.jsonl"))
    started = time.monotonic()
    with session.open("ab") as out:
        out.write(_line("live-1", "export OPENAI_API_KEY=sk-live1234567890abcdefghij"))
    desk.qtbot.waitUntil(lambda: _thread(desk)[-1:] != before[-1:], timeout=5000)
    assert time.monotonic() - started < 2
    assert _thread(desk) == [*before, "export OPENAI_API_KEY=sk-live1234567890abcdefghij"]

    # masking: turned on in the dialog, the chat opened again shows the key masked
    action.trigger()
    dialog = main.findChild(SourcesDialog)
    desk.qtbot.waitUntil(dialog.mask_check.isEnabled)
    box = dialog.mask_check
    desk.qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    desk.qtbot.waitUntil(lambda: secrets.masking(main.session.user))
    dialog.close()
    main.messages.open_chat(chat.id)
    desk.qtbot.waitUntil(lambda: _thread(desk)[-1:] == ["export OPENAI_API_KEY=••••••"])
    time.sleep(1.2)  # the watcher's next polls add nothing
    assert len(_thread(desk)) == len(before) + 1
