"""The desktop app as a separate process, as a person (or a packaging test) starts it: offscreen,
or under a real X server (the ``xvfb_display`` fixture, in conftest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

Completed = subprocess.CompletedProcess[str]

ROOT = Path(__file__).resolve().parents[2]
#: What the offscreen platform says about every top-level window: Qt's, not the app's.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def app_command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]


def app_env(tmp_path: Path, platform: str = "offscreen", **extra: str) -> dict[str, str]:
    """The environment of a launch with its own settings file and log folder under ``tmp_path``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": platform,
        "CHATDESK_SETTINGS_FILE": str(tmp_path / "settings.ini"),
        "CHATDESK_LOG_DIR": str(tmp_path / "logs"),
        **extra,
    }
    if not (tmp_path / "settings.ini").exists():
        (tmp_path / "settings.ini").write_text("[ui]\nlanguage=en\ntheme=light\n", encoding="utf-8")
    return env


def stderr_lines(text: str) -> list[str]:
    """stderr's lines that are not the offscreen platform's own note."""
    return [line for line in text.splitlines() if line.strip() and line != OFFSCREEN_NOISE]


class Launch:
    """``main.py ARGS`` running in the background; killed at the end if still running."""

    def __init__(self, tmp_path: Path, *args: str, platform: str = "offscreen", **env: str) -> None:
        self.proc = subprocess.Popen(
            app_command(*args),
            env=app_env(tmp_path, platform, **env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def __enter__(self) -> Launch:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # quits cleanly: frees its lock file and socket
        try:
            self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate(timeout=30)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def running(self) -> bool:
        return self.proc.poll() is None


def run_app(
    tmp_path: Path, *args: str, timeout: float = 60, platform: str = "offscreen", **env: str
) -> Completed:
    """``main.py ARGS`` run to its end."""
    return subprocess.run(
        app_command(*args),
        env=app_env(tmp_path, platform, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
