"""The chat formats ChatDesk reads, found by looking at the package: no table to edit.

A format is one module of ``chatdesk.importers`` that declares:

- ``SOURCE``: its name, stored as the chats' source (``deepseek``);
- ``LABEL``: what a person calls it (``DeepSeek``);
- ``sniff(probe) -> str | None``: given the :class:`~chatdesk.importers.probe.Probe` of a
  file's start, the ijson prefix of its records (``item``, ``""``, ``conversations.item``) when
  the file is this format, else None. A rule decides on fields only that format has (a test
  feeds every format's fixtures to every rule: each is claimed by its own rule only);
- either ``parse(raw) -> ImportedChat`` and ``conversation_id(raw)`` for one record read at
  that prefix, or ``read(member, stream, prefix)`` yielding ``ImportedChat`` and ``Skipped``
  itself (JSON Lines, HTML, a file that is one conversation);
- ``EXAMPLE``: a small file of the format as a JSON value (the fuzz test's seed;
  ``EXAMPLE_SUFFIX`` when it is not ``.json``, e.g. ``.jsonl``: a list of lines);
- optionally ``FILES``: a regular expression of the names (``/``-separated paths inside a
  folder or zip) it reads when it is given a folder or a zip, and ``MAX_DEPTH``.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from types import ModuleType


@functools.lru_cache(maxsize=1)
def parsers() -> dict[str, ModuleType]:
    """Every format module of the package, by source name (sorted)."""
    import chatdesk.importers as package

    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        source = getattr(module, "SOURCE", None)
        if isinstance(source, str) and callable(getattr(module, "sniff", None)):
            if source in found:
                raise RuntimeError(f"two formats are named {source!r}")
            found[source] = module
    return dict(sorted(found.items()))


def label(source: str) -> str:
    """A format's name for people (its ``LABEL``), or ``source`` itself."""
    module = parsers().get(source)
    return str(getattr(module, "LABEL", source)) if module is not None else source


def labels() -> list[str]:
    """Every format's label, sorted as a person reads a list."""
    return sorted((label(s) for s in parsers()), key=str.casefold)


@functools.lru_cache(maxsize=1)
def file_names() -> re.Pattern[str]:
    """The names any format reads inside a folder or zip (their ``FILES``)."""
    patterns = [
        f"(?:{module.FILES})" for module in parsers().values() if getattr(module, "FILES", None)
    ]
    return re.compile("|".join(patterns) or r"(?!)", re.IGNORECASE)
