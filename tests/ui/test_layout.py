"""The windows come back where they were: the main window's place, size and panel widths, and
the login window's place (on a screen large enough to tell); the main window fits its panels
and bubbles at every size, under a real X server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from chatdesk.ui.main_window import FOLD_WIDTH
from tests.ui.fit_probe import SIZES
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


def check_fit(results: list[dict[str, Any]]) -> None:
    """What every size must give: the size asked for; below FOLD_WIDTH the gallery folded and
    60 % of the width or more for the thread, above it three panels, the thread the widest;
    at every size every bubble on screen, and its text, inside the viewport (left of the
    vertical scroll bar)."""
    for result in results:
        width = result["asked"][0]
        where = f"{result['asked']} at the {result['at']}"
        assert result["window"] == result["asked"], where
        if width < FOLD_WIDTH:
            assert result["folded"] and not result["gallery_shown"], where
            assert result["thread"] >= 0.6 * width, where
        else:
            assert not result["folded"] and result["gallery_shown"], where
            left, thread, gallery = result["panels"]
            assert thread > max(left, gallery), where
        assert result["bubbles"], where
        for left_edge, right_edge, text_right in result["bubbles"]:
            assert left_edge >= 0 and right_edge < result["viewport"], where
            assert text_right <= result["viewport"], where


def test_the_thread_fits_every_size_under_a_real_x_server(
    tmp_path: Path, xvfb_display: str
) -> None:
    env = app_env(tmp_path, "xcb", DISPLAY=xvfb_display)
    url = f"sqlite:///{tmp_path / 'chatdesk.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_probe", url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.splitlines()[-1])
    assert [r["asked"] for r in results[::2]] == [list(size) for size in SIZES]
    assert any(r["scroll_bar"] for r in results)  # measured beside a scroll bar
    check_fit(results)
