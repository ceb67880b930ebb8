"""Which format a file holds, decided from its start while streaming (never loaded whole).

Every chat format decides for itself (its module's ``sniff`` rule over a
:class:`~chatdesk.importers.probe.Probe`: :mod:`chatdesk.importers.registry`); this module only
asks them, and knows the two prompt collections and the empty array.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from chatdesk.importers import registry
from chatdesk.importers.probe import ARRAY, Probe, probe_file
from chatdesk.importers.sources import InputError

#: ChatDesk's own JSON export (see :mod:`chatdesk.services.exporting`).
CHATDESK = "chatdesk"
PROMPTS_JSON = "prompts-json"
PROMPTS_CSV = "prompts-csv"
#: A JSON array with nothing in it.
EMPTY = "empty"

PROMPT_FORMATS = (PROMPTS_JSON, PROMPTS_CSV)
#: The value of ``format`` at the top of ChatDesk's JSON export.
CHATDESK_MARK = "chatdesk-chats"


def chat_formats() -> tuple[str, ...]:
    """Every chat format's source name (the registry's)."""
    return tuple(registry.parsers())


@dataclass(frozen=True)
class Detected:
    """The format, and the ijson prefix of its records (``item``, ``""`` or ``chats.item``)."""

    format: str
    prefix: str


def detect(name: str, stream: IO[bytes]) -> Detected:
    """The format of ``stream`` (named ``name``); raises InputError when it is none we know, or
    when the file is not text (an image, UTF-16...: :func:`~chatdesk.importers.sources.sniff`).

    ``stream`` must be seekable (every :class:`~chatdesk.importers.sources.Member` is).
    """
    if name.lower().endswith(".csv"):
        probe_file(name, stream)  # refuses what is not text
        return Detected(PROMPTS_CSV, "")
    probe = probe_file(name, stream)
    found = claims(probe)
    if found:
        return found[0]
    if probe.shape == ARRAY and probe.records == 0:
        return Detected(EMPTY, "item")
    if probe.shape == ARRAY and (probe.rec("act") or probe.rec("title", "text")):
        return Detected(PROMPTS_JSON, "item")
    known = ", ".join(registry.labels())
    raise InputError(
        f"{name}: not a format ChatDesk knows (it reads {known}, and prompt collections)",
        "unknown_format",
        name=name,
        formats=known,
    )


def claims(probe: Probe) -> list[Detected]:
    """Every format whose rule claims ``probe`` (one, for a file of a known format)."""
    found = []
    for source, module in registry.parsers().items():
        prefix = module.sniff(probe)
        if prefix is not None:
            found.append(Detected(source, prefix))
    return found
