"""One instance per user and database: a second launch raises the running window and exits 0; a
lock left by a killed instance does not block the next start."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from chatdesk.ui.desktop.single_instance import AlreadyRunning, claim, instance_name, lock_path
from tests.ui.helpers import Desk
from tests.ui.processes import Launch, run_app, stderr_lines


def data_args(tmp_path: Path) -> tuple[str, ...]:
    return ("--data-dir", str(tmp_path / "data"), "--no-server")


def url_of(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'chatdesk.sqlite3'}"


def wait_listening(name: str, first: Launch, timeout: float = 60) -> None:
    """Until the instance named ``name`` accepts connections (it may start slowly here)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert first.running(), first.proc.communicate()
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):
            probe.abort()
            return
        time.sleep(0.1)
    pytest.fail(f"{name} never listened")


def test_the_name_is_per_user_and_per_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = url_of(tmp_path / "a"), url_of(tmp_path / "b")
    assert instance_name(a, "ann") == instance_name(a, "ann")
    assert instance_name(a, "ann") != instance_name(b, "ann")
    assert instance_name(a, "ann") != instance_name(a, "bob")
    monkeypatch.chdir(
        tmp_path
    )  # a relative --data-dir names the same database as its absolute path
    assert instance_name("sqlite:///a/data/chatdesk.sqlite3", "ann") == instance_name(a, "ann")


@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
def test_a_second_launch_raises_the_first_and_exits_0(
    tmp_path: Path, platform: str, request: pytest.FixtureRequest
) -> None:
    env = {"DISPLAY": request.getfixturevalue("xvfb_display")} if platform == "xcb" else {}
    name = instance_name(url_of(tmp_path))
    with Launch(tmp_path, *data_args(tmp_path), platform=platform, **env) as first:
        wait_listening(name, first)
        started = time.monotonic()
        second = run_app(tmp_path, *data_args(tmp_path), platform=platform, **env)
        took = time.monotonic() - started
        assert second.returncode == 0, second.stderr
        assert stderr_lines(second.stderr) == []
        assert took < 10
        # the reply comes from the first instance, after it raised its window
        assert f"already running (process {first.pid})" in second.stdout
        assert first.running()
        time.sleep(0.5)
        assert first.running()
        first.proc.send_signal(signal.SIGTERM)
        assert first.proc.wait(timeout=30) == 0
        if platform == "xcb":  # a real X server: the first one says nothing either
            assert first.proc.communicate()[1] == ""
    assert not lock_path(name).exists()  # released at quit


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no stacking
def test_the_raise_request_unminimises_the_window_in_use(
    desk: Desk, tmp_path: Path, qtbot: QtBot
) -> None:
    url = f"sqlite:///{tmp_path / 'chatdesk.sqlite3'}"  # the desk fixture's database
    primary = claim(url)
    try:
        primary.listen(desk.app.bring_forward)
        for expected in ("loginWindow", "mainWindow"):
            window = desk.login if expected == "loginWindow" else desk.register()
            window.showMinimized()
            qtbot.waitUntil(window.isMinimized)
            second = Launch(tmp_path, "--data-dir", str(tmp_path), "--no-server")
            with second:
                qtbot.waitUntil(lambda s=second: not s.running(), timeout=30_000)
                out, err = second.proc.communicate()
            assert second.proc.returncode == 0, err
            assert f"already running (process {os.getpid()})" in out
            assert not window.isMinimized() and window.isVisible()
        assert primary.raised == 2
    finally:
        primary.release()


def test_a_lock_left_by_a_killed_instance_does_not_block_the_next(tmp_path: Path) -> None:
    name = instance_name(url_of(tmp_path))
    with Launch(tmp_path, *data_args(tmp_path)) as killed:
        wait_listening(name, killed)
        killed.proc.send_signal(signal.SIGKILL)
        killed.proc.wait(timeout=30)
    assert lock_path(name).exists()  # left behind, naming a process that is gone
    with Launch(tmp_path, *data_args(tmp_path)) as after:
        wait_listening(name, after)
        third = run_app(tmp_path, *data_args(tmp_path))
        assert third.returncode == 0, third.stderr
        assert f"already running (process {after.pid})" in third.stdout
        assert after.running()


def test_a_running_instance_that_does_not_answer_is_reported(tmp_path: Path) -> None:
    url = url_of(tmp_path)
    primary = claim(url)  # holds the lock but never listens: a hung first instance
    try:
        with pytest.raises(AlreadyRunning) as raised:
            claim(url, timeout_s=0.5)
        assert raised.value.pid == os.getpid() and raised.value.answer is None
        done = run_app(tmp_path, *data_args(tmp_path), timeout=60)  # gives up after 5 s
        assert done.returncode == 1
        assert stderr_lines(done.stderr) == [
            f"ChatDesk is already running (process {os.getpid()}) but does not answer; "
            "if it hangs, end it and start ChatDesk again."
        ]
    finally:
        primary.release()


def test_a_request_it_does_not_know_gets_an_error_reply(qtbot: QtBot, tmp_path: Path) -> None:
    primary = claim(url_of(tmp_path))
    raised: list[int] = []
    primary.listen(lambda: str(raised.append(1)))
    try:
        client = QLocalSocket()
        client.connectToServer(primary.name)
        assert client.waitForConnected(2000)
        client.write(b"hello\n")
        qtbot.waitUntil(client.canReadLine)
        reply = json.loads(bytes(client.readLine().data()))
        assert reply == {"ok": False, "pid": os.getpid(), "error": "unknown request"}
        assert raised == [] and primary.raised == 0
    finally:
        primary.release()


def test_a_temp_folder_it_cannot_write_is_a_clear_error(tmp_path: Path) -> None:
    done = run_app(tmp_path, *data_args(tmp_path), TMPDIR=str(tmp_path / "missing"))
    assert done.returncode == 1
    assert stderr_lines(done.stderr)[0].startswith("ChatDesk cannot start: cannot create the lock")
