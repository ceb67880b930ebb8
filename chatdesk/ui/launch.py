"""The desktop app's entry point: ``launch`` builds it and shows the login window, ``run`` also
runs the event loop. Both take the :class:`~chatdesk.startup.DesktopOptions` the command line
parsed (:mod:`chatdesk.cli`)."""

from __future__ import annotations

import atexit
import logging
import signal
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from chatdesk import APP_ID, crashlog
from chatdesk.startup import DesktopOptions, failure_line, open_store, store_name
from chatdesk.ui.account.login_window import LoginWindow
from chatdesk.ui.desktop.crash_dialog import CrashReporter

if TYPE_CHECKING:
    from chatdesk.ui.desktop.single_instance import Primary


def application() -> QApplication:
    """The QApplication, made on first use."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "chatdesk"])
    assert isinstance(app, QApplication)
    return app


def refuse_broken_pyside() -> None:
    """Exit with a clear message (on stderr and in a dialog) if this PySide6 would crash Python
    after a minute of use: see :mod:`chatdesk.ui.desktop.pyside_check`."""
    from chatdesk.ui.desktop.pyside_check import refusal

    problem = refusal()
    if problem is not None:
        print(problem, file=sys.stderr)
        QMessageBox.critical(None, "ChatDesk", problem)
        raise SystemExit(1)


def claim_instance(options: DesktopOptions) -> Primary | None:
    """This launch's claim to be the app for its database, or None when another instance runs:
    that one was asked to bring its window forward (:mod:`chatdesk.ui.desktop.single_instance`)."""
    from chatdesk.paths import database_url
    from chatdesk.ui.desktop.single_instance import AlreadyRunning, claim

    try:
        return claim(database_url(options.database, options.data_dir))
    except OSError as exc:  # the temp folder is not writable
        raise SystemExit(f"ChatDesk cannot start: {exc}") from None
    except AlreadyRunning as running:
        if running.answer is None or not running.answer.get("ok"):
            raise SystemExit(
                f"ChatDesk is already running (process {running.pid}) but does not answer; "
                "if it hangs, end it and start ChatDesk again."
            ) from None
        if sys.stdout is not None:  # a windowed Windows build has none
            print(
                f"ChatDesk is already running (process {running.answer.get('pid')}): "
                "its window is brought forward."
            )
        return None


def install_crash_log() -> crashlog.CrashLog | None:
    """The rotating log and crash hooks, or None (said on stderr) if the log folder cannot be
    written: the app is still usable without them."""
    try:
        crash = crashlog.install(echo_level=logging.WARNING)
    except OSError as exc:
        print(f"ChatDesk: no log this time: {exc}", file=sys.stderr)
        return None
    atexit.register(crash.uninstall)  # late: faulthandler also covers the teardown
    return crash


def refuse_start(error: Exception, options: DesktopOptions) -> int:
    """Exit status 1, with one line on stderr and in a dialog, for a library that cannot be
    opened (a server that is down, a full disk, a read-only folder, a damaged file or another
    application's database: :func:`chatdesk.startup.failure_line`); re-raises a bug."""
    line = failure_line(error, store_name(options.database, options.data_dir))
    if line is None:
        raise error
    print(f"chatdesk: {line}", file=sys.stderr)
    from chatdesk.ui import i18n
    from chatdesk.ui.settings import AppSettings

    i18n.apply(AppSettings().language)  # the app did not get as far as its own windows
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "ChatDesk",
        QApplication.translate("launch", "ChatDesk cannot open your library:") + f"\n\n{line}",
    )
    box.setObjectName("startRefused")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the line names files and servers as they are
    box.exec()
    return 1


def bring_forward() -> str:
    from chatdesk.ui.app import current_app

    desk = current_app()
    return desk.bring_forward() if desk is not None else ""


def launch(options: DesktopOptions) -> QWidget:
    """Build the app, show the login window and return it, without entering the event loop; the
    API thread starts as soon as the window is on screen."""
    from chatdesk.ui.app import ChatDeskApp
    from chatdesk.ui.settings import AppSettings

    app = application()
    app.setApplicationName("ChatDesk")
    app.setOrganizationName("ChatDesk")
    app.setDesktopFileName(APP_ID)
    open_store(options.database, options.data_dir)
    desk = ChatDeskApp(options, AppSettings())
    return desk.start()


def run(options: DesktopOptions) -> int:
    """Launch and run the event loop until the last window closes (or Ctrl+C / SIGTERM, which
    quit cleanly: the server stops and the port is released). Refuses a PySide6 that would
    crash Python after a minute of use. Logs to a rotating file and reports uncaught
    exceptions in a dialog, and a past crash in the login window (:mod:`chatdesk.crashlog`).
    With ``--smoke-test PNG``, quits by itself once the login window is shown
    (:mod:`chatdesk.ui.desktop.smoke`)."""
    instance = None
    if options.smoke_test is None:  # a smoke test runs beside a running app, and quits anyway
        instance = claim_instance(options)
        if instance is None:
            return 0
    crash = install_crash_log()
    previous = crashlog.take_crash_report(crash.folder) if crash is not None else None
    app = application()
    if crash is not None:
        crash.on_crash = CrashReporter(app).notify
    refuse_broken_pyside()
    # Before the window shows: a SIGTERM that comes as soon as it is on screen (a session
    # ending, a test) must quit cleanly, not kill the process. Queued, so that one arriving
    # before the event loop runs quits it once it does (quit() before exec() does nothing).
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: QTimer.singleShot(0, app.quit))
    try:
        window = launch(options)
    except Exception as error:
        return refuse_start(error, options)
    assert isinstance(window, LoginWindow)
    if previous is not None:
        window.show_crash_notice(previous)
    if instance is not None:
        instance.listen(bring_forward)
        app.aboutToQuit.connect(instance.release)
    if options.smoke_test is not None:
        from chatdesk.ui.desktop.smoke import SmokeTest

        smoke = SmokeTest(window, options.smoke_test)
        smoke.finished.connect(app.exit)
        smoke.start()
    wake = QTimer(app, interval=250)  # lets Python run its signal handlers during exec()
    wake.timeout.connect(lambda: None)
    wake.start()
    return int(app.exec())
