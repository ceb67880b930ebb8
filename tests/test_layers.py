"""The layers (docs/architecture.md): the store knows nothing above it; the services, the
importers and the API know no Qt; the windows reach the data only through the services; nothing
imports the command line. Every import counts, also one inside a function or under
TYPE_CHECKING, since each is a dependency a reader has to follow."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "chatdesk"
QT = ("PySide6", "shiboken6", "chatdesk.ui")
#: What each part of the package must not import (a module, or anything under it).
RULES = {
    "chatdesk.store": (
        "chatdesk.services",
        "chatdesk.importers",
        "chatdesk.api",
        "chatdesk.mcp_server",
        *QT,
    ),
    "chatdesk.importers": ("chatdesk.services", "chatdesk.api", "chatdesk.mcp_server", *QT),
    "chatdesk.services": ("chatdesk.api", "chatdesk.mcp_server", *QT),
    "chatdesk.api": QT,
    "chatdesk.mcp_server": QT,
    "chatdesk.startup": QT,
    "chatdesk.cli_transfer": QT,
    "chatdesk.cli_ai_apps": QT,
    "chatdesk.ui": ("chatdesk.store", "peewee", "playhouse"),
}


def _module(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package
                package = module.split(".")[: -node.level or None]
                if path.name == "__init__.py":
                    package = module.split(".")[: len(module.split(".")) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            yield node.lineno, base
            for alias in node.names:  # "from chatdesk import cli" names a module too
                yield node.lineno, f"{base}.{alias.name}"


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _violations(package: Path) -> list[str]:
    """One line per import statement that breaks a rule."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        module = _module(path, package)
        banned = [b for part, bans in RULES.items() if _under(module, part) for b in bans]
        if module != "chatdesk.__main__":
            banned.append("chatdesk.cli")
        for line, name in _imports(path, module):
            where = f"{path.relative_to(package.parent)}:{line}"
            if where not in found and any(_under(name, b) for b in banned):
                found[where] = f"{where} imports {name}"
    return list(found.values())


def test_every_layer_imports_only_what_is_below_it() -> None:
    assert _violations(PACKAGE) == []


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("from chatdesk.store.models import User\n", "chatdesk.ui"),
        ("def f():\n    from PySide6.QtCore import QObject\n", "chatdesk.services"),
        ("import peewee as pw\n", "chatdesk.ui"),
        ("from chatdesk import cli\n", "chatdesk.ui"),
        ("from ..services import chats\n", "chatdesk.store"),
    ],
)
def test_the_check_sees_each_kind_of_import(source: str, rule: str, tmp_path: Path) -> None:
    """The check itself: a module of the part ``rule`` with ``source`` in it is reported."""
    package = tmp_path / "chatdesk"
    target = package.joinpath(*rule.split(".")[1:], "probe.py")
    target.parent.mkdir(parents=True)
    target.write_text(source, encoding="utf-8")
    assert len(_violations(package)) == 1
