"""``--smoke-test PNG``: the login window shown, saved to PNG, and the app quits by itself."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from chatdesk.cli import build_parser
from chatdesk.ui.account.login_window import LoginWindow
from chatdesk.ui.desktop.smoke import SmokeTest
from chatdesk.ui.settings import AppSettings
from chatdesk.ui.tasks import Tasks
from tests.ui.processes import app_command, app_env, stderr_lines


def smoke(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], Path]:
    png = tmp_path / "login.png"
    args = ["--data-dir", str(tmp_path / "data"), "--no-server", "--smoke-test", str(png)]
    done = subprocess.run(app_command(*args), env=env, capture_output=True, text=True, timeout=60)
    return done, png


def check_login_png(png: Path) -> None:
    image = QImage(str(png))
    assert not image.isNull(), "not a PNG Qt can read"
    assert image.width() >= 420 and image.height() >= 150  # the login window's minimum width
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in (30, 60, 120)}
    assert len(colours) > 3, "a blank image, not a painted window"


def test_smoke_test_offscreen_saves_the_login_window_and_exits_0(tmp_path: Path) -> None:
    done, png = smoke(tmp_path, app_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert stderr_lines(done.stderr) == []
    check_login_png(png)


def test_smoke_test_under_a_real_x_server_with_clean_stderr(
    tmp_path: Path, xvfb_display: str
) -> None:
    started = time.monotonic()
    done, png = smoke(tmp_path, app_env(tmp_path, "xcb", DISPLAY=xvfb_display))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert time.monotonic() - started < 30
    check_login_png(png)


def test_a_window_never_shown_fails_after_the_timeout(
    qtbot: QtBot, sqlite_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks = Tasks()
    window = LoginWindow(tasks, AppSettings(str(tmp_path / "s.ini")))
    qtbot.addWidget(window)
    test = SmokeTest(window, tmp_path / "never.png", timeout_s=0.3)
    with qtbot.waitSignal(test.finished, timeout=5000) as blocker:
        test.start()
    tasks.shutdown()
    assert blocker.args == [1]
    assert "not shown within 0.3 s" in capsys.readouterr().err
    assert not (tmp_path / "never.png").exists()


def test_an_unwritable_png_fails_with_a_clear_message(
    qtbot: QtBot, sqlite_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks = Tasks()
    window = LoginWindow(tasks, AppSettings(str(tmp_path / "s.ini")))
    qtbot.addWidget(window)
    window.show()
    (tmp_path / "file").write_text("not a folder")
    target = tmp_path / "file" / "x.png"
    test = SmokeTest(window, target)
    with qtbot.waitSignal(test.finished, timeout=5000) as blocker:
        test.start()
    tasks.shutdown()
    assert blocker.args == [1]
    assert f"cannot write {target}" in capsys.readouterr().err


def test_the_png_path_is_checked_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = build_parser()
    assert parser.parse_args(["--smoke-test", str(tmp_path / "a.png")]).smoke_test == (
        tmp_path / "a.png"
    )
    for bad, says in ((tmp_path / "no" / "a.png", "does not exist"), (tmp_path, "is a folder")):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(["--smoke-test", str(bad)])
        assert exit_info.value.code == 2
        assert says in capsys.readouterr().err


def test_without_the_server_the_api_is_never_loaded(tmp_path: Path) -> None:
    """The login window's settings need the server's options, not the API: with --no-server
    Werkzeug and waitress are never loaded (with the server, they load after the first paint)."""
    png = tmp_path / "login.png"
    args = ["--data-dir", str(tmp_path / "data"), "--no-server", "--smoke-test", str(png)]
    command = app_command(*args)
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        env=app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = re.findall(r"import time:.*\|\s+(\S+)$", done.stderr, re.MULTILINE)
    assert "chatdesk.ui.account.login_window" in imported
    for heavy in ("chatdesk.api.app", "werkzeug", "waitress"):
        assert heavy not in imported, heavy
