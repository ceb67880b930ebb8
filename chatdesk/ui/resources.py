"""Files shipped in ``resources/`` (icons, translations, the .desktop entry).

The top-level ``resources/`` folder is packaged as ``chatdesk.resources`` (see pyproject.toml), so
an installed wheel finds it with importlib.resources; a source checkout reads the folder itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def root() -> Traversable:
    """A source checkout's own ``resources/`` when running from one (an editable install of
    another checkout, as in a git worktree, must not lend its files), else the installed
    ``chatdesk.resources``."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "resources").is_dir():
        return checkout / "resources"
    try:
        return resources.files("chatdesk.resources")
    except ModuleNotFoundError:
        return checkout / "resources"


def find(*parts: str) -> Traversable:
    node = root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_bytes(*parts: str) -> bytes:
    return find(*parts).read_bytes()


def exists(*parts: str) -> bool:
    return find(*parts).is_file()


@contextlib.contextmanager
def as_file(*parts: str) -> Iterator[Path]:
    """A real file path for a resource (extracted if it lives inside an archive)."""
    with resources.as_file(find(*parts)) as path:
        yield Path(path)
