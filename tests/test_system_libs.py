"""Before Qt loads: no display, or libraries of the xcb platform missing, are said clearly (with
the Debian/Ubuntu and Fedora packages to install) instead of Qt's generic abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chatdesk import system_libs
from chatdesk.system_libs import NO_DISPLAY, display_problem

ROOT = Path(__file__).resolve().parents[1]
#: A library that cannot exist, loaded the real way (ctypes, as the dynamic loader finds it).
FAKE = "libchatdesk-no-such-library.so.7"
FAKE_PACKAGES = ("libchatdesk-no-such0", "chatdesk-no-such")
X11 = {"DISPLAY": ":7", "XDG_SESSION_TYPE": "x11"}


@pytest.fixture
def fake_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(system_libs.XCB_LIBRARIES, FAKE, FAKE_PACKAGES)


def test_a_missing_library_is_named_with_its_packages(fake_missing: None) -> None:
    assert system_libs.missing() == [FAKE]  # every real one is installed on this machine
    for env in (
        X11,
        {**X11, "QT_QPA_PLATFORM": "xcb"},
        {"DISPLAY": ":7", "QT_QPA_PLATFORM": "xcb;wayland"},
    ):
        problem = display_problem(env, "linux")
        assert problem is not None
        assert FAKE in problem
        assert "sudo apt-get install libchatdesk-no-such0" in problem
        assert "sudo dnf install chatdesk-no-such" in problem


def test_libraries_are_checked_only_where_qt_would_load_xcb(fake_missing: None) -> None:
    for env in (
        {**X11, "QT_QPA_PLATFORM": "offscreen"},
        {**X11, "QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"},
        {"DISPLAY": ":7", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"},
    ):
        assert display_problem(env, "linux") is None, env
    assert display_problem(X11, "win32") is None
    assert display_problem(X11, "darwin") is None


def test_nothing_is_said_when_all_is_there() -> None:
    assert display_problem(X11, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None


def test_no_display_at_all() -> None:
    for env in ({}, {"QT_QPA_PLATFORM": "xcb"}, {"QT_QPA_PLATFORM": "wayland"}):
        assert display_problem(env, "linux") == NO_DISPLAY
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None


def run_desktop(
    env: dict[str, str], tmp_path: Path, prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    script = f"{prelude}\nimport sys\nfrom chatdesk.cli import main\nsys.exit(main(sys.argv[1:]))"
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-c", script, "--data-dir", str(tmp_path), "--no-server"],
        cwd=ROOT,
        env={**base, "CHATDESK_SETTINGS_FILE": str(tmp_path / "s.ini"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_app_without_a_display_exits_1_with_the_message(tmp_path: Path) -> None:
    done = run_desktop({}, tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == NO_DISPLAY
    assert not (tmp_path / "chatdesk.sqlite3").exists()  # said before anything started


def test_the_app_with_a_library_missing_exits_1_before_qt(tmp_path: Path) -> None:
    prelude = (
        f"from chatdesk import system_libs\nsystem_libs.XCB_LIBRARIES[{FAKE!r}] = {FAKE_PACKAGES!r}"
    )
    done = run_desktop({"DISPLAY": ":7", "QT_QPA_PLATFORM": "xcb"}, tmp_path, prelude)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("ChatDesk cannot open a window") and FAKE in lines[0]
    assert lines[1:] == [
        "Debian/Ubuntu: sudo apt-get install libchatdesk-no-such0",
        "Fedora: sudo dnf install chatdesk-no-such",
    ]  # and no word from Qt: it was never loaded
