"""Crashes in the desktop app: a slot's or a worker's exception reaches the log and a non-modal
dialog naming it; a past crash is mentioned in the login window, once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from chatdesk import crashlog
from chatdesk.crashlog import CrashLog
from chatdesk.ui import i18n
from chatdesk.ui.desktop.crash_dialog import CrashDialog, CrashReporter
from tests.ui.helpers import Desk
from tests.ui.processes import run_app


@pytest.fixture
def crash(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[CrashLog, CrashReporter]]:
    monkeypatch.setenv(crashlog.LOG_DIR_ENV, str(tmp_path / "logs"))
    reporter = CrashReporter(desk.app)
    installed = crashlog.install(on_crash=reporter.notify)
    yield installed, reporter
    installed.uninstall()
    if reporter.dialog is not None:
        reporter.dialog.close()


def shown_dialog(qtbot: QtBot, reporter: CrashReporter) -> CrashDialog:
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog is not None
    return reporter.dialog


def broken_slot() -> None:
    raise ZeroDivisionError("slot went wrong")


@pytest.mark.qt_no_exception_capture  # the app's own hook, as in real use
def test_an_exception_in_a_slot_is_logged_and_shown_without_blocking(
    desk: Desk, crash: tuple[CrashLog, CrashReporter], qtbot: QtBot
) -> None:
    installed, reporter = crash
    button = QPushButton("break")
    qtbot.addWidget(button)
    button.clicked.connect(broken_slot)
    button.show()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(qtbot, reporter)
    text = installed.path.read_text(encoding="utf-8")
    assert "uncaught exception" in text and "in broken_slot" in text
    assert "ZeroDivisionError: slot went wrong" in text
    assert str(installed.path) in dialog.informativeText()
    assert not dialog.isModal() and QApplication.activeModalWidget() is None
    # the app carries on: the login window still takes input
    desk.qtbot.keyClicks(desk.login.username, "after")
    assert desk.login.username.text().endswith("after")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a second error: the same dialog
    qtbot.waitUntil(lambda: dialog.count == 2)
    assert "Errors since this message appeared: 2" in dialog.informativeText()


def test_a_failed_task_and_a_dying_thread_are_logged_and_shown(
    desk: Desk, crash: tuple[CrashLog, CrashReporter], qtbot: QtBot
) -> None:
    installed, reporter = crash

    def task() -> None:
        raise KeyError("task went wrong")

    desk.app.tasks.run(task)
    dialog = shown_dialog(qtbot, reporter)
    text = installed.path.read_text(encoding="utf-8")
    assert "background task failed" in text and "KeyError: 'task went wrong'" in text
    thread = threading.Thread(target=broken_slot, name="chatdesk-test-thread")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: dialog.count == 2)  # delivered to the GUI thread by a signal
    assert "uncaught exception in thread chatdesk-test-thread" in installed.path.read_text(
        encoding="utf-8"
    )


def test_a_task_a_service_refuses_is_told_in_the_status_bar_not_as_a_crash(
    desk: Desk, crash: tuple[CrashLog, CrashReporter], qtbot: QtBot
) -> None:
    """Deleting a folder a second Delete (or another window) deleted first: the service says
    "No such folder"; that is no bug, so no crash dialog and nothing in the log."""
    from chatdesk.services import folders
    from chatdesk.ui.chats import ops

    installed, reporter = crash
    main = desk.register()
    assert main.session is not None
    user = main.session.user
    folder = folders.create_folder(user, "Gone soon")
    folders.delete_folder(user, folder.id)
    ops.delete_folder(main.tasks, main, user, folder.id, "keep")
    qtbot.waitUntil(lambda: main.statusBar().currentMessage() == "No such folder")
    desk.idle()
    assert reporter.dialog is None
    assert not installed.path.exists() or "No such folder" not in installed.path.read_text()


def test_the_dialog_in_chinese(desk: Desk, crash: tuple[CrashLog, CrashReporter]) -> None:
    installed, reporter = crash
    reporter.notify(installed.path)
    dialog = shown_dialog(desk.qtbot, reporter)
    i18n.apply("zh")  # switched while it is open
    try:
        desk.qtbot.waitUntil(lambda: "意外错误" in dialog.windowTitle())
        assert "意外错误" in dialog.windowTitle()
        assert (
            str(installed.path) in dialog.informativeText() and "日志" in dialog.informativeText()
        )
        assert dialog.open_folder.text() == "打开日志文件夹"
    finally:
        i18n.apply("en")


def test_the_login_window_mentions_a_past_crash(desk: Desk, tmp_path: Path) -> None:
    report = tmp_path / "crashes" / "20260101-000000-crash-1.txt"
    desk.login.show_crash_notice(report)
    assert desk.login.notice.isVisible() and str(report) in desk.login.notice.text()
    i18n.apply("zh")
    try:
        desk.qtbot.waitUntil(lambda: "上次意外关闭" in desk.login.notice.text())  # LanguageChange
        assert str(report) in desk.login.notice.text()
    finally:
        i18n.apply("en")


def test_a_start_after_a_segfault_reports_it_once(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    env = {crashlog.LOG_DIR_ENV: str(logs)}
    script = (
        "from chatdesk import crashlog; import faulthandler; crashlog.install(); "
        "faulthandler._sigsegv()"
    )
    died = subprocess.run([sys.executable, "-c", script], env={**os.environ, **env})
    assert died.returncode != 0 and len(list(logs.glob("crash-*.txt"))) == 1
    args = ("--data-dir", str(tmp_path / "data"), "--no-server", "--smoke-test")
    for _ in range(2):
        done = run_app(tmp_path, *args, str(tmp_path / "login.png"), **env)
        assert done.returncode == 0, done.stderr
    log = (logs / "chatdesk.log").read_text(encoding="utf-8")
    assert log.count("the previous run crashed") == 1  # the second start says nothing
    (moved,) = (logs / "crashes").iterdir()
    assert "Segmentation fault" in moved.read_text(encoding="utf-8")
    assert str(moved) in log
    assert list(logs.glob("crash-*.txt")) == []


def test_a_log_folder_it_cannot_write_does_not_stop_the_app(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    env = {crashlog.LOG_DIR_ENV: str(tmp_path / "file" / "logs")}
    png = tmp_path / "login.png"
    args = ("--data-dir", str(tmp_path / "d"), "--no-server", "--smoke-test", str(png))
    done = run_app(tmp_path, *args, **env)
    assert done.returncode == 0 and png.exists()
    assert "ChatDesk: no log this time: [Errno 20] Not a directory" in done.stderr
