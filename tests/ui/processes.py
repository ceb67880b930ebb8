"""The desktop app as a separate process, as a person (or a packaging test) starts it: offscreen,
or under a real X server (the ``xvfb_display`` fixture, in conftest)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What the offscreen platform says about every top-level window: Qt's, not the app's.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def app_command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]


def app_env(tmp_path: Path, platform: str = "offscreen", **extra: str) -> dict[str, str]:
    """The environment of a launch with its own settings file under ``tmp_path``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": platform,
        "CHATDESK_SETTINGS_FILE": str(tmp_path / "settings.ini"),
        **extra,
    }
    if not (tmp_path / "settings.ini").exists():
        (tmp_path / "settings.ini").write_text("[ui]\nlanguage=en\ntheme=light\n", encoding="utf-8")
    return env


def stderr_lines(text: str) -> list[str]:
    """stderr's lines that are not the offscreen platform's own note."""
    return [line for line in text.splitlines() if line.strip() and line != OFFSCREEN_NOISE]
