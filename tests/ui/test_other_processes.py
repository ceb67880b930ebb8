"""What other processes write shows in the open window without a restart: a CLI import into the
same database while the app runs, the selection kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from chatdesk.services import accounts, chats
from tests.ui.chats.test_list import titles
from tests.ui.helpers import Desk
from tests.ui.history.test_view import open_by_click
from tests.ui.transfers.test_transfers import SHAREGPT

ROOT = Path(__file__).resolve().parents[2]


def test_a_cli_import_appears_in_the_open_list(
    desk: Desk, realdata: Path, sqlite_store: str
) -> None:
    alice = accounts.register("alice", "secret1")
    kept = chats.create_chat(alice, "already here")
    main = desk.sign_in()
    desk.qtbot.waitUntil(lambda: titles(main) == ["already here"])
    open_by_click(desk, main, 0)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == kept.id)
    command = [sys.executable, "main.py", "import", str(realdata / SHAREGPT), "--user", "alice"]
    subprocess.run(
        [*command, "--database", sqlite_store],
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
    )
    imported = chats.count_chats(alice) - 1
    assert imported > 100
    model = main.chat_list.model
    # no typing, no restart: the imported chats arrive (the list loads them page by page)
    desk.qtbot.waitUntil(lambda: model.rowCount() >= min(imported + 1, model.PAGE), timeout=10_000)
    assert main.chat_list.current_chat_id() == kept.id  # the selection holds
    assert main.messages.chat_id == kept.id
