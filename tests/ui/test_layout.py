"""The windows come back where they were: the main window's place, size and panel widths, and
the login window's place (on a screen large enough to tell)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.ui.processes import ROOT, app_env

SCREEN = {
    "synchronousWindowSystemEvents": False,
    "windowFrameMargins": False,
    "screens": [{"name": "big", "x": 0, "y": 0, "width": 1920, "height": 1200}],
}


def test_place_size_and_panels_are_restored(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = app_env(tmp_path, f"offscreen:configfile={config}")
    url = f"sqlite:///{tmp_path / 'chatdesk.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.layout_probe", url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    before, after = result["before"], result["after"]
    assert before["main"] == [90, 70, 1300, 820]  # not the default 1200 x 760
    assert before["login"] == [300, 200]
    assert before["panels"] != [260, 560, 380]  # moved away from the defaults
    assert after == before
