"""What detection knows of a file: the shape of its start, as key paths a format's ``sniff``
rule asks about (:class:`Probe`). Built once per file and handed to every parser's rule.

A JSON file is read as a stream for at most :data:`PROBE_EVENTS` parser events (never loaded
whole), recording every key path (``item.mapping.root.message.fragments``: ijson's prefixes,
``item`` for an array's items) and the first value under each. A JSON Lines file gives its
first :data:`PROBE_LINES` lines, each under ``item.`` and the first also under ``first.``. An
HTML or other text file gives its start as text (:attr:`Probe.text`).
"""

from __future__ import annotations

import functools
import io
import json
import re
from dataclasses import dataclass, field
from typing import IO

import ijson

from chatdesk.importers.sources import (
    SNIFF_BYTES,
    UTF8_BOM,
    InputError,
    broken_json,
    guarded,
    sniff,
)

#: Parser events read from a JSON file's start: enough for the first few conversations of
#: every format (a ChatGPT conversation's first nodes, a Grok export's first responses), a
#: few milliseconds.
PROBE_EVENTS = 20_000
#: Records of a top-level array looked at (the first may be an empty conversation).
PROBE_RECORDS = 3
#: JSON Lines: lines looked at, and the bytes read for them at most.
PROBE_LINES = 40
PROBE_LINE_BYTES = 8 * 1024 * 1024
#: An HTML or text file: characters of its start kept for a rule to search.
PROBE_TEXT = 1024 * 1024
#: Values kept per probe, and characters of each string value.
PROBE_VALUES = 4_000
VALUE_CHARS = 200
#: How deep a JSON line is flattened into paths.
LINE_DEPTH = 8

ARRAY = "array"
OBJECT = "object"
LINES = "lines"
HTML = "html"
#: A SQLite database (Cursor's ``state.vscdb``): a rule may claim it by its name; its reader
#: opens it read-only and says when it holds nothing of its format.
SQLITE = "sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"
OTHER = "other"


@functools.lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    """``*`` matches one path segment; everything else literally."""
    parts = (re.escape(p) if p != "*" else r"[^.]*" for p in pattern.split("."))
    return re.compile(r"\.".join(parts))


@dataclass
class Probe:
    """The start of one file, for the formats' ``sniff`` rules.

    ``shape``: :data:`ARRAY` or :data:`OBJECT` (JSON), :data:`LINES` (JSON Lines),
    :data:`HTML`, or :data:`OTHER`. ``paths`` and ``values``: see the module. ``records``:
    items of a top-level array seen (0 for an empty array). ``name``: the member's name (a
    rule may look at it, e.g. ``chat-<uuid>.json``).
    """

    name: str
    shape: str
    paths: set[str] = field(default_factory=set)
    values: dict[str, object] = field(default_factory=dict)
    records: int = 0
    text: str = ""

    @property
    def record(self) -> str:
        """The prefix of the first record: ``item`` in an array or a JSON Lines file, ``""``
        for one object."""
        return "item" if self.shape in (ARRAY, LINES) else ""

    def has(self, *patterns: str) -> bool:
        """Whether every pattern matches a path (``*``: any one segment)."""
        return all(any(_pattern(p).fullmatch(path) for path in self.paths) for p in patterns)

    def any(self, *patterns: str) -> bool:
        """Whether some pattern matches a path."""
        return any(self.has(p) for p in patterns)

    def rec(self, *patterns: str) -> bool:
        """:meth:`has`, the patterns taken from the first record (``item.`` or the top)."""
        base = self.record
        return self.has(*((f"{base}.{p}" if base else p) for p in patterns))

    def rec_any(self, *patterns: str) -> bool:
        return any(self.rec(p) for p in patterns)

    def value(self, path: str) -> object:
        """The first value seen at ``path`` (strings cut to :data:`VALUE_CHARS`), or None."""
        return self.values.get(path)


def _add(probe: Probe, path: str, value: object) -> None:
    if path not in probe.values and len(probe.values) < PROBE_VALUES:
        probe.values[path] = value[:VALUE_CHARS] if isinstance(value, str) else value


def probe_file(name: str, stream: IO[bytes]) -> Probe:
    """The probe of ``stream`` (seekable; left at its start).

    Raises:
        InputError: the file is empty, not text (``sources.sniff``), or its JSON is broken
            before the probe's end.
    """
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if head.startswith(SQLITE_MAGIC):
        return Probe(name, SQLITE)
    sniff(name, head)
    start = head[len(UTF8_BOM) :] if head.startswith(UTF8_BOM) else head
    start = start.lstrip()
    lower = name.lower()
    try:
        if start.startswith(b"{") or lower.endswith((".jsonl", ".ndjson")):
            data = _read_upto(stream, PROBE_LINE_BYTES)
            stream.seek(0)
            if lower.endswith((".jsonl", ".ndjson")) or _is_json_lines(data):
                return _probe_lines(name, data)
        if start.startswith((b"{", b"[")) or lower.endswith(".json"):
            return _probe_json(name, stream)  # (a .json that is not JSON: say where it breaks)
        return _probe_text(name, stream, HTML if start.startswith(b"<") else OTHER)
    finally:
        stream.seek(0)


def _read_upto(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes (a raw stream's read may return fewer than asked)."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _is_json_lines(data: bytes) -> bool:
    """A first line that is a whole JSON object, followed by another object's line: JSON Lines
    (a JSON file of one object may be on one line too, but nothing follows it)."""
    first, newline, rest = data.partition(b"\n")
    if not newline or not rest.lstrip().startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first.removeprefix(UTF8_BOM)), dict)
    except (ValueError, RecursionError):
        return False


def _probe_json(name: str, stream: IO[bytes]) -> Probe:
    probe = Probe(name, OTHER)
    complete = 0  # records of a top-level array read to their end
    try:
        for n, (prefix, event, value) in enumerate(ijson.parse(guarded(stream, name))):
            if n == 0:
                if event not in ("start_array", "start_map"):
                    break
                probe.shape = ARRAY if event == "start_array" else OBJECT
                continue
            if event == "map_key":
                probe.paths.add(f"{prefix}.{value}" if prefix else value)
            elif event in ("start_map", "start_array"):
                probe.paths.add(prefix)
                if prefix == "item" and probe.shape == ARRAY:
                    probe.records += 1
            elif event not in ("end_map", "end_array"):
                probe.paths.add(prefix)
                _add(probe, prefix, value)
                if prefix == "item" and probe.shape == ARRAY:
                    probe.records += 1  # an array of values
            if probe.shape == ARRAY and prefix == "" and event == "end_array":
                break
            if prefix == "item" and event in ("end_map", "end_array"):
                complete += 1
            if n >= PROBE_EVENTS or (
                probe.shape == ARRAY
                and prefix == "item"
                and event in ("end_map", "end_array")
                and probe.records >= PROBE_RECORDS
            ):
                break
    except ijson.JSONError as exc:
        if complete:  # a break after the first record: the reader names it, after those
            return probe
        where = broken_json(stream, exc)
        raise InputError(
            f"{name}: not valid JSON: {where}", "not_json", name=name, where=where
        ) from None
    return probe


def _flatten(probe: Probe, value: object, path: str, depth: int = 0) -> None:
    if depth > LINE_DEPTH:
        return
    probe.paths.add(path)
    if isinstance(value, dict):
        for key, item in list(value.items())[:200]:
            _flatten(probe, item, f"{path}.{key}", depth + 1)
    elif isinstance(value, list):
        for item in value[:50]:
            _flatten(probe, item, f"{path}.item", depth + 1)
    else:
        _add(probe, path, value)


def _probe_lines(name: str, data: bytes) -> Probe:
    probe = Probe(name, LINES)
    guard = guarded(io.BytesIO(data), name)  # too deep, too long: refused as for JSON
    while guard.read(1024 * 1024):
        pass
    lines = data.removeprefix(UTF8_BOM).split(b"\n")
    complete = len(data) < PROBE_LINE_BYTES  # else the last line may be cut by the read
    for number, line in enumerate(lines[:PROBE_LINES]):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            if number == len(lines) - 1 or (not complete and number >= len(lines) - 1):
                break  # the last line, cut (an agent writing it): the lines before decide
            if probe.records == 0:
                raise InputError(
                    f"{name}: not valid JSON Lines: line {number + 1} is not JSON",
                    "not_json",
                    name=name,
                    where=f"line {number + 1}",
                ) from None
            continue
        if probe.records == 0:
            _flatten(probe, value, "first")
        _flatten(probe, value, "item")
        probe.records += 1
    return probe


def _probe_text(name: str, stream: IO[bytes], shape: str) -> Probe:
    data = stream.read(PROBE_TEXT)
    return Probe(name, shape, text=data.decode("utf-8", "replace"))
