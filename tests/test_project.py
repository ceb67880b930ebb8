"""The project's own promises: CI runs the README's test command; packaging ships the data."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert block, "README must open with a sh block of the two commands"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_ci_runs_the_readme_test_command() -> None:
    run_app, run_tests = readme_commands()[:2]
    assert "pytest" in run_tests and "chatdesk" in run_app
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert run_tests in ci.splitlines()


def test_default_prompts_ship_in_the_package() -> None:
    data = json.loads(
        resources.files("chatdesk.data").joinpath("default_prompts.json").read_text("utf-8")
    )
    assert len(data) >= 40
    assert {"zh", "en"} == {item["lang"] for item in data}


def test_lint_and_strict_types() -> None:
    """ruff over the tree; strict mypy over the Qt-free store, services and crash log."""
    import subprocess
    import sys

    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "chatdesk", "tests", "bench", "packaging"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "chatdesk/store",
            "chatdesk/services",
            "chatdesk/crashlog.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def test_readme_lists_the_system_packages_of_system_libs() -> None:
    """The README's Install section names every package chatdesk.system_libs does (the .deb's
    Depends), for Debian/Ubuntu and for Fedora."""
    from chatdesk.system_libs import SYSTEM_LIBRARIES, debian_packages

    text = (ROOT / "README.md").read_text("utf-8")
    fedora = sorted({package for _, package in SYSTEM_LIBRARIES.values()})
    assert f"sudo apt-get install {' '.join(debian_packages())}\n" in text
    assert f"sudo dnf install {' '.join(fedora)}\n" in text
