"""Refresh the translation sources from the code and compile them.

    python scripts/build_translations.py

Runs ``pyside6-lupdate`` over chatdesk/ui (new strings are added to the .ts files, to be
translated with Qt Linguist or by hand) and ``pyside6-lrelease`` to write the .qm files the app
loads; strings the code no longer has leave the .ts. Both .ts and .qm are committed, so a
checkout or a wheel works without this step.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ["zh_CN"]


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it comes with PySide6)")
    return found


def sources() -> list[Path]:
    """Every module of the windows, sub-packages included: all that can hold a ``tr()``."""
    return sorted((ROOT / "chatdesk" / "ui").rglob("*.py"))


def main() -> int:
    files = [str(path) for path in sources()]
    for lang in LANGUAGES:
        ts = TRANSLATIONS / f"chatdesk_{lang}.ts"
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *files,
                "-no-obsolete",
                "-target-language",
                lang,
                "-ts",
                str(ts),
            ],
            check=True,
        )
        subprocess.run(
            [tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
