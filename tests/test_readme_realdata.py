"""Issue 21 item 15: next to its test command the README says where the real test data comes
from (``../shared/realdata``, the folder the ``realdata`` fixture reads), that the tests using
it skip in a clone without it, and that CI has it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REALDATA

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_explains_the_real_data_skips_next_to_the_test_command() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    head = text.split("\n## ", 1)[0]  # the commands and the notes on them, before Install
    assert "pytest" in head
    named = re.findall(r"`(\.\./[^`]*realdata)`", head)
    assert named, "the README must name the real data's folder next to the test command"
    assert all((ROOT / n).resolve() == REALDATA.resolve() for n in named)
    note = " ".join(head.split())
    assert "skip" in note and "CI" in note and "SOURCES.md" in note
