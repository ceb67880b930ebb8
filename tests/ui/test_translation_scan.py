"""The translation scan (scripts/build_translations.py) reads every module that holds a string to
translate, and the committed translations hold what the scan finds there."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "chatdesk_zh_CN.ts"
#: A call that marks a string for translation: self.tr("…"), QCoreApplication.translate("C", "…").
MARKED = re.compile(r"""\.tr\(\s*["']|QCoreApplication\.translate\(|QT_TRANSLATE_NOOP""")


def _scan() -> list[Path]:
    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "scripts" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [path.resolve() for path in module.sources()]


def _marking() -> set[Path]:
    return {
        path.resolve()
        for path in (ROOT / "chatdesk").rglob("*.py")
        if MARKED.search(path.read_text(encoding="utf-8"))
    }


def test_the_scan_reads_every_module_that_marks_strings() -> None:
    marking = _marking()
    assert len(marking) > 10  # the windows' modules, in their sub-packages
    assert marking - set(_scan()) == set()


def test_the_translations_hold_every_marking_module() -> None:
    located = {
        (TS.parent / name).resolve()
        for name in re.findall(r'<location filename="([^"]+)"', TS.read_text(encoding="utf-8"))
    }
    assert _marking() - located == set(), "run scripts/build_translations.py"
