"""The desktop app on PostgreSQL says in its status bar that the database is unreachable while
the server restarts, and that it is back, instead of a crash dialog (issue 20.4)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chatdesk.startup import DesktopOptions
from chatdesk.store.db import close_database
from chatdesk.ui.account.login_window import LoginWindow
from chatdesk.ui.app import current_app
from chatdesk.ui.launch import launch
from tests.pg_cluster import Cluster, pg_cluster  # noqa: F401  (the fixture)
from tests.ui.helpers import Desk


@pytest.fixture
def pg_desk(
    qtbot: QtBot,
    pg_cluster: Cluster,  # noqa: F811
    tmp_path: Path,
) -> Iterator[tuple[Desk, Cluster]]:
    window = launch(DesktopOptions(database=pg_cluster.url, data_dir=str(tmp_path), port=0))
    assert isinstance(window, LoginWindow)
    app = current_app()
    assert app is not None
    qtbot.waitUntil(lambda: app.warm)
    yield Desk(qtbot, window, app), pg_cluster
    app.shutdown()
    app.deleteLater()
    QApplication.sendPostedEvents(None, 0)
    close_database()


def test_the_status_bar_says_the_database_is_unreachable_then_back(
    pg_desk: tuple[Desk, Cluster],
) -> None:
    desk, cluster = pg_desk
    main = desk.register()
    status = main.statusBar()
    cluster.stop()
    desk.qtbot.waitUntil(lambda: "unreachable" in status.currentMessage(), timeout=15_000)
    assert status.currentMessage() == "Database unreachable, retrying…"
    cluster.start()
    desk.qtbot.waitUntil(lambda: "reachable again" in status.currentMessage(), timeout=15_000)
    assert desk.post("get_chat_list", username="alice")["code"] == 0  # served again
