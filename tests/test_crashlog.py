"""Crash traces without Qt: the rotating log, the exception hooks, the faulthandler crash file."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatdesk import crashlog
from chatdesk.crashlog import CrashLog, install, take_crash_report


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv(crashlog.LOG_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def installed(logs: Path) -> Iterator[tuple[CrashLog, list[Path]]]:
    told: list[Path] = []
    before = (sys.excepthook, threading.excepthook)
    crash = install(on_crash=told.append)
    yield crash, told
    crash.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
    assert crashlog.installed() is None


def fail_deeply() -> None:
    raise LookupError("the thing that went wrong")


def test_an_exception_in_a_thread_lands_in_the_log_with_its_traceback(
    installed: tuple[CrashLog, list[Path]], logs: Path
) -> None:
    crash, told = installed
    thread = threading.Thread(target=fail_deeply, name="chatdesk-worker-x")
    thread.start()
    thread.join()
    text = (logs / "chatdesk.log").read_text(encoding="utf-8")
    assert "CRITICAL" in text and "uncaught exception in thread chatdesk-worker-x" in text
    assert "Traceback (most recent call last):" in text
    assert "in fail_deeply" in text and "LookupError: the thing that went wrong" in text
    assert told == [logs / "chatdesk.log"] == [crash.path]


def test_an_uncaught_exception_of_the_main_thread_is_logged(
    installed: tuple[CrashLog, list[Path]], logs: Path
) -> None:
    _, told = installed
    try:
        fail_deeply()
    except LookupError:
        sys.excepthook(*sys.exc_info())
    text = (logs / "chatdesk.log").read_text(encoding="utf-8")
    assert "uncaught exception" in text and "in fail_deeply" in text
    assert len(told) == 1


def test_the_log_rotates(installed: tuple[CrashLog, list[Path]], logs: Path) -> None:
    line = "x" * 1000
    for _ in range(crashlog.MAX_BYTES // 1000 + 50):
        logging.getLogger("chatdesk.test").info(line)
    assert (logs / "chatdesk.log.1").exists()
    assert (logs / "chatdesk.log").stat().st_size <= crashlog.MAX_BYTES


def test_a_segfault_leaves_a_crash_file_the_next_start_takes_once(logs: Path) -> None:
    script = (
        "from chatdesk import crashlog; import faulthandler; crashlog.install(); "
        "faulthandler._sigsegv()"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode != 0
    (left,) = logs.glob("crash-*.txt")
    assert "Fatal Python error: Segmentation fault" in left.read_text(encoding="utf-8")
    report = take_crash_report(logs)
    assert report is not None and report.parent == logs / "crashes"
    assert "Segmentation fault" in report.read_text(encoding="utf-8")
    assert not left.exists()
    assert take_crash_report(logs) is None  # mentioned once


def test_empty_crash_files_of_gone_processes_are_cleared(logs: Path) -> None:
    logs.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    killed = logs / f"crash-{gone.stdout.strip()}.txt"  # killed, not crashed: nothing written
    killed.touch()
    mine = logs / f"crash-{os.getpid()}.txt"
    mine.touch()
    assert take_crash_report(logs) is None
    assert not killed.exists() and mine.exists()


def test_a_clean_exit_leaves_no_crash_file(logs: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import atexit; from chatdesk import crashlog; "
            "atexit.register(crashlog.install().uninstall)",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert list(logs.glob("crash-*.txt")) == []
    assert (logs / "chatdesk.log").exists()
